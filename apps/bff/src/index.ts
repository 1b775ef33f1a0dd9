export { createApp, type BffAppConfig } from './app.js';
export { readBffConfig, InvalidConfigurationError, type BffConfig } from './env.js';

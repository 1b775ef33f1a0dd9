export { createApp, createApiRoutes, type BffAppConfig, type BffDependencies } from './app.js';
export { createBff, type Bff } from './bff.js';
export { readBffConfig, InvalidConfigurationError, type BffConfig } from './env.js';

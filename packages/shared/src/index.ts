export * from './permissions.js';
export * from './config.js';
export * from './api/index.js';

export * from './permissions.js';
export * from './config.js';

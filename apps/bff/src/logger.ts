import { AsyncLocalStorage } from 'node:async_hooks';

import { pino, type DestinationStream, type Logger } from 'pino';

import type { LogLevel } from './env.js';

/** The request being served, for whatever logs while serving it (routes, auth, the Management API client). */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

/**
 * Anything that could be a credential, wherever it appears in a logged object (one or two levels deep:
 * `headers.authorization`, `err.config.headers.authorization`, `{ token }`, `{ body: { client_secret } }`).
 */
const secretKeys = [
  'authorization',
  'cookie',
  'set-cookie',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'id_token',
  'secret',
  'clientSecret',
  'client_secret',
  'appSecret',
  'm2mAppSecret',
  'password',
  'databaseUrl',
];

export const redactedPaths = [
  ...secretKeys.map((key) => `["${key}"]`),
  ...secretKeys.map((key) => `*["${key}"]`),
  ...secretKeys.map((key) => `*.*["${key}"]`),
  ...secretKeys.map((key) => `*.*.*["${key}"]`),
];

/**
 * JSON logs to stdout, each line with the request id of the request it belongs to (if any), and
 * credentials censored wherever they appear.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'bff' },
    redact: { paths: redactedPaths, censor: '[redacted]' },
    mixin: () => {
      const context = requestContext.getStore();
      return context ? { requestId: context.requestId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

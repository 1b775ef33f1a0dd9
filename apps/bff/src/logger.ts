import { pino, type Logger } from 'pino';

import type { BffConfig } from './env.js';

/** JSON logs to stdout; credentials never reach a log line. */
export function createLogger(level: BffConfig['logLevel']): Logger {
  return pino({
    level,
    base: { service: 'bff' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
  });
}

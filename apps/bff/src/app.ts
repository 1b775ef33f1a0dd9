import { randomUUID } from 'node:crypto';

import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';

import type { BffConfig } from './env.js';
import { createErrorHandler, notFoundHandler } from './errors.js';
import { createLogger } from './logger.js';
import { securityHeaders } from './middleware/security-headers.js';
import { webApp } from './middleware/web-app.js';
import { createHealthRouter } from './routes/health.js';
import { createPublicConfigRouter } from './routes/public-config.js';

export type BffAppConfig = Omit<BffConfig, 'port'>;

const requestIdPattern = /^[\w.-]{1,128}$/;

/** Builds the BFF; does not listen (server.ts does, tests listen on port 0). */
export function createApp(config: BffAppConfig, options: { logger?: Logger } = {}): Express {
  const logger = options.logger ?? createLogger(config.logLevel);
  const app = express();
  app.disable('x-powered-by');

  app.use(
    pinoHttp({
      logger,
      // One short line per request: headers (cookies, tokens) stay out of the logs.
      serializers: {
        req: (request: { id: unknown; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          url: request.url,
        }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
      autoLogging: { ignore: (request) => request.url === '/healthz' },
      // Keep a caller's request id (a load balancer's) when it is sane, so logs join up across hops.
      genReqId: (request, response) => {
        const incoming = request.headers['x-request-id'];
        const id =
          typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
        response.setHeader('X-Request-Id', id);
        return id;
      },
    }),
  );
  app.use(securityHeaders(config));

  app.use(createHealthRouter());
  app.use(createPublicConfigRouter(config));
  app.use('/api', notFoundHandler);

  app.use(webApp(config.webDistDir));
  app.use(notFoundHandler);
  app.use(createErrorHandler(logger));
  return app;
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

import { requestIdHeader } from '@portal/shared';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

import { requestContext } from '../logger.js';
import type { BffMetrics } from '../metrics.js';

/**
 * Who the request is for, as the upstream budget tells callers apart: `ip:<address>` until the token is
 * verified, then `user:<sub>` (set by the API router). Mutable, so what runs later in the request sees it.
 */
const upstreamCaller = new AsyncLocalStorage<{ key: string }>();

/** The current request's caller key ('' outside a request, e.g. start-up checks). */
export const currentCallerKey = (): string => upstreamCaller.getStore()?.key ?? '';

/** Marks the current request as the verified user's (their share of the upstream budget). */
export function identifyCaller(userId: string): void {
  const store = upstreamCaller.getStore();
  if (store) store.key = `user:${userId}`;
}

const requestIdPattern = /^[\w.-]{1,128}$/;

/**
 * First middleware of every request: a request id (the caller's, e.g. a load balancer's, when it is sane,
 * so logs join up across hops; a fresh UUID otherwise) echoed in `X-Request-Id` and carried by every log
 * line written while serving it; then one access log line and the request metrics when it ends.
 */
export function requestContextMiddleware({
  logger,
  metrics,
}: {
  logger: Logger;
  metrics: BffMetrics;
}): RequestHandler {
  return (request, response, next) => {
    const incoming = request.get(requestIdHeader);
    const requestId =
      incoming !== undefined && requestIdPattern.test(incoming) ? incoming : randomUUID();
    response.locals.requestId = requestId;
    response.setHeader(requestIdHeader, requestId);

    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const durationSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = response.locals.routeLabel ?? 'unmatched';
      metrics.observeHttpRequest({
        method: request.method,
        route,
        status: response.statusCode,
        durationSeconds,
      });
      if (request.path === '/healthz' || request.path === '/metrics') return;
      // The path only: query strings may hold search terms (people's names and emails).
      logger.info(
        {
          requestId,
          method: request.method,
          path: request.path,
          route,
          status: response.statusCode,
          durationMs: Math.round(durationSeconds * 1000),
        },
        'request',
      );
    });

    requestContext.run({ requestId }, () =>
      upstreamCaller.run({ key: `ip:${request.ip ?? ''}` }, next),
    );
  };
}

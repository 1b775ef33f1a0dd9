import { idempotencyKeyHeader, requestIdHeader, supportReasonHeader } from '@portal/shared';
import type { RequestHandler } from 'express';

const allowedRequestHeaders = [
  'Authorization',
  'Content-Type',
  idempotencyKeyHeader,
  requestIdHeader,
  supportReasonHeader,
];
const exposedResponseHeaders = [
  'Total-Number',
  'Link',
  'Location',
  'Retry-After',
  requestIdHeader,
  'Idempotent-Replayed',
];

/**
 * CORS for /api with an allow-list of origins: none by default (the SPA is served from the BFF's own
 * origin). Tokens travel in the Authorization header, never in cookies, so credentials are not allowed.
 * A disallowed origin gets no CORS headers at all, and the browser keeps the answer from the page.
 */
export function cors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (request, response, next) => {
    const origin = request.get('origin');
    response.vary('Origin');
    const isAllowed = origin !== undefined && allowed.has(origin);
    if (isAllowed) {
      response.setHeader('Access-Control-Allow-Origin', origin);
      response.setHeader('Access-Control-Expose-Headers', exposedResponseHeaders.join(', '));
    }
    const isPreflight =
      request.method === 'OPTIONS' && request.get('access-control-request-method') !== undefined;
    if (!isPreflight) {
      next();
      return;
    }
    if (isAllowed) {
      response.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
      response.setHeader('Access-Control-Allow-Headers', allowedRequestHeaders.join(', '));
      response.setHeader('Access-Control-Max-Age', '600');
    }
    response.status(204).end();
  };
}

import { STATUS_CODES } from 'node:http';

import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * The BFF's error vocabulary so far. Every error a client sees is one of these codes in an RFC 9457
 * problem+json body; the SPA branches on `code`, never on `detail`.
 */
export const problemCodes = {
  badRequest: 'bad_request',
  notFound: 'not_found',
  webAppNotBuilt: 'web_app_not_built',
  internal: 'internal_error',
} as const;

export type ProblemCode = (typeof problemCodes)[keyof typeof problemCodes];

export type ProblemDetails = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  requestId?: string;
};

/** Thrown anywhere in the BFF; the error middleware turns it into a problem+json response. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'ProblemError';
  }
}

export class NotFoundError extends ProblemError {
  constructor(detail: string) {
    super(404, problemCodes.notFound, detail);
    this.name = 'NotFoundError';
  }
}

export class ServiceUnavailableError extends ProblemError {
  constructor(code: ProblemCode, detail: string) {
    super(503, code, detail);
    this.name = 'ServiceUnavailableError';
  }
}

export function problemBody(
  status: number,
  code: ProblemCode,
  detail: string,
  requestId?: string,
): ProblemDetails {
  return {
    // No per-problem documentation pages yet: `about:blank` means "the status says it all", and `code` is the stable part.
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(requestId === undefined ? {} : { requestId }),
  };
}

/** Express (body parsers, static files) signals client errors with `status`/`statusCode` on the error. */
function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status =
    'status' in error ? error.status : 'statusCode' in error ? error.statusCode : undefined;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** Unknown routes end here; `/api/*` never falls back to the SPA. */
export const notFoundHandler: RequestHandler = (request, _response, next) => {
  next(new NotFoundError(`No route for ${request.method} ${request.path}.`));
};

/** The one place errors become responses. Stack traces and internal messages never reach a client. */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const requestId = typeof request.id === 'string' ? request.id : undefined;
    let body: ProblemDetails;
    if (error instanceof ProblemError) {
      body = problemBody(error.status, error.code, error.detail, requestId);
    } else {
      const status = clientErrorStatus(error);
      if (status === undefined) {
        logger.error({ err: error, requestId }, 'unhandled error');
        body = problemBody(
          500,
          problemCodes.internal,
          'Something went wrong on our side. Try again later.',
          requestId,
        );
      } else {
        body = problemBody(
          status,
          status === 404 ? problemCodes.notFound : problemCodes.badRequest,
          'The request could not be processed.',
          requestId,
        );
      }
    }
    response.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  };
}

import { STATUS_CODES } from 'node:http';

import {
  errorCodes,
  problemContentType,
  type ErrorCode,
  type ErrorName,
  type Problem,
} from '@portal/shared';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';

export type FieldError = { path: string; message: string; code: string };

/** What a client reads when the thrower gave no detail: short, and never about internals. */
const defaultDetails: Record<ErrorName, string> = {
  invalidInput: 'The request is not valid. See `errors` for each field.',
  reasonRequired: `Support staff must give a reason (the X-Support-Reason header or \`reason\` in the body).`,
  unauthenticated: 'Sign in again: the access token is missing, malformed, expired or not ours.',
  wrongAudience: 'The access token is not for this API.',
  organizationMismatch: 'The access token is for another organization.',
  forbidden: 'You do not have the permission this needs.',
  notFound: 'Not found.',
  organizationNotFound: 'The organization does not exist.',
  memberNotFound: 'The user is not a member of this organization.',
  roleNotFound: 'The role does not exist.',
  invitationNotFound: 'The invitation does not exist.',
  invitationNotPending: 'The invitation is no longer pending.',
  invitationNotResendable: 'Only a pending invitation that has not expired can be sent again.',
  invitationExpired:
    'The invitation has expired. Ask an administrator of the organization for a new one.',
  invitationRevoked:
    'The invitation was revoked. Ask an administrator of the organization for a new one.',
  invitationAlreadyAccepted: 'The invitation has already been accepted.',
  invitationEmailMismatch:
    'The invitation is for another email address. Sign in with that address.',
  lastAdmin:
    'This would leave the organization without anyone who can manage its members. Give someone else that permission first.',
  conflict: 'Something with that name already exists.',
  idempotencyKeyReused: 'This Idempotency-Key was used with a different request.',
  roleNotAssignable: 'That role cannot be given to people.',
  rateLimited: 'Too many requests. Wait a moment and try again.',
  payloadTooLarge: 'The request body is too large.',
  upstreamError: 'The identity service answered with an error. Try again later.',
  upstreamUnavailable: 'The identity service is unavailable. Try again later.',
  upstreamTimeout: 'The identity service did not answer in time. Try again later.',
  webAppNotBuilt: 'The web app has not been built.',
  internal: 'Something went wrong on our side. Try again later.',
};

/**
 * The BFF's one error type: thrown anywhere (routes, auth, the Management API client), turned into an
 * RFC 9457 problem+json response by the error middleware. `name` is a key of packages/shared's
 * `errorCodes`, which fixes the status and the stable `code` the SPA branches on. `detail` reaches the
 * client, so it must never carry upstream bodies, tokens or stack traces; `cause` is only logged.
 */
export class ApiError extends Error {
  readonly errorName: ErrorName;
  readonly status: number;
  readonly code: ErrorCode;
  readonly detail: string;
  readonly errors: FieldError[] | undefined;
  /** Seconds; sent as `Retry-After` and `retryAfter`. */
  readonly retryAfter: number | undefined;

  constructor(
    name: ErrorName,
    detail?: string,
    options: { errors?: FieldError[]; retryAfter?: number; cause?: unknown } = {},
  ) {
    const { code, status } = errorCodes[name];
    super(
      detail ?? defaultDetails[name],
      options.cause === undefined ? {} : { cause: options.cause },
    );
    this.name = 'ApiError';
    this.errorName = name;
    this.status = status;
    this.code = code;
    this.detail = detail ?? defaultDetails[name];
    this.errors = options.errors;
    this.retryAfter =
      options.retryAfter === undefined ? undefined : Math.max(0, Math.ceil(options.retryAfter));
  }
}

export function problemBody(error: ApiError, requestId: string | undefined): Problem {
  return {
    // No per-problem documentation pages: `about:blank` says the status says it all; `code` is the stable part.
    type: 'about:blank',
    title: STATUS_CODES[error.status] ?? 'Error',
    status: error.status,
    detail: error.detail,
    code: error.code,
    ...(requestId === undefined ? {} : { requestId }),
    ...(error.errors === undefined ? {} : { errors: error.errors }),
    ...(error.retryAfter === undefined ? {} : { retryAfter: error.retryAfter }),
  };
}

/**
 * Errors that Express and body-parser raise for client mistakes carry `status` and, for body-parser,
 * a `type`. Anything else is ours, hence a 500.
 */
function fromFrameworkError(error: unknown): ApiError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status =
    'status' in error ? error.status : 'statusCode' in error ? error.statusCode : undefined;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  const type = 'type' in error && typeof error.type === 'string' ? error.type : undefined;
  switch (type) {
    case 'entity.parse.failed':
      return new ApiError('invalidInput', 'The request body is not valid JSON.', {
        errors: [{ path: 'body', message: 'Not valid JSON', code: 'invalid_json' }],
        cause: error,
      });
    case 'entity.too.large':
      return new ApiError('payloadTooLarge', undefined, { cause: error });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError('invalidInput', 'Send the body as UTF-8 JSON.', { cause: error });
    default:
      return status === 404 || status === 400
        ? // express.static: a missing file, or a path that is not valid percent-encoding.
          new ApiError('notFound', 'Not found.', { cause: error })
        : new ApiError('invalidInput', 'The request could not be processed.', { cause: error });
  }
}

/** Unknown routes end here; `/api/*` never falls back to the SPA. */
export const notFoundHandler: RequestHandler = (request, _response, next) => {
  next(new ApiError('notFound', `No route for ${request.method} ${request.path}.`));
};

const bearerChallenges: Partial<Record<ErrorCode, string>> = {
  [errorCodes.unauthenticated.code]: 'Bearer error="invalid_token"',
  [errorCodes.wrongAudience.code]: 'Bearer error="invalid_token"',
  [errorCodes.forbidden.code]: 'Bearer error="insufficient_scope"',
};

/**
 * The one place errors become responses: problem+json with the request id, `Retry-After` when the
 * error says when to retry, and nothing else — stack traces, upstream bodies and internal messages
 * stay in the logs.
 */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const requestId =
      typeof response.locals.requestId === 'string' ? response.locals.requestId : undefined;
    const apiError =
      error instanceof ApiError
        ? error
        : (fromFrameworkError(error) ?? new ApiError('internal', undefined, { cause: error }));

    const logged = {
      requestId,
      code: apiError.code,
      status: apiError.status,
      method: request.method,
      path: request.path,
    };
    if (apiError.status >= 500) {
      const cause = error instanceof ApiError ? error.cause : error;
      logger.error({ ...logged, err: cause ?? error }, apiError.detail);
    } else {
      logger.info(logged, 'request refused');
    }

    const challenge = bearerChallenges[apiError.code];
    if (challenge) response.setHeader('WWW-Authenticate', challenge);
    if (apiError.retryAfter !== undefined)
      response.setHeader('Retry-After', String(apiError.retryAfter));
    response.setHeader('Cache-Control', 'no-store');
    response
      .status(apiError.status)
      .type(problemContentType)
      .send(JSON.stringify(problemBody(apiError, requestId)));
  };
}

import { ApiError } from '../errors.js';
import { BudgetClosedError } from './upstream-budget.js';
import { TokenEndpointError } from './management-token.js';

/**
 * Logto's error answers → the BFF's named errors. The only place that reads Logto's error bodies
 * (`{ code, message, data }`): it matches on `code` (never on the localised `message`), and nothing of
 * the upstream body, headers or stack becomes a client-facing detail — details are our own sentences.
 *
 * | Logto answer                                              | ApiError name                           |
 * |-----------------------------------------------------------|-----------------------------------------|
 * | 404 `entity.not_found` / `entity.not_exists*`             | the call's not-found name (see context) |
 * | 422 `organization.require_membership`                     | memberNotFound                          |
 * | 422 `entity.relation_foreign_key_not_found`               | the call's missing-reference name       |
 * | 422 `entity.db_constraint_violated`                       | roleNotAssignable                       |
 * | 422 `entity.unique_integrity_violation`                   | conflict                                |
 * | 422 `request.invalid_input` where the call names the rule | conflict (with the call's own sentence) |
 * | 400 `guard.invalid_input`, 422 `entity.value_too_long`    | invalidInput                            |
 * | 429 `request.message_rate_limited` (never retried)        | rateLimited                             |
 * | 429 anything else, after retries                          | rateLimited (+ retryAfter when sent)    |
 * | 501 `connector.not_found`                                 | EmailConnectorMissingError (upstreamError) |
 * | 401/403 (after one fresh token), any other 4xx, any 5xx   | upstreamError (502)                     |
 * | connection refused/reset, DNS failure, budget closed      | upstreamUnavailable (503)               |
 * | no answer within the timeout                              | upstreamTimeout (504)                   |
 * | token endpoint: unreachable / timeout / refused or broken | upstreamUnavailable / upstreamTimeout / upstreamError |
 */

export type NotFoundName =
  'organizationNotFound' | 'memberNotFound' | 'roleNotFound' | 'invitationNotFound' | 'notFound';

/** What a failure means for one particular call. */
export type FailureContext = {
  /** What a 404 from Logto means here. */
  notFound: NotFoundName;
  /** What is missing when Logto answers 422 `entity.relation_foreign_key_not_found`. */
  missingReference?: NotFoundName;
  /**
   * A client-safe sentence for Logto's business-rule refusals (422 `request.invalid_input`), which then
   * become `conflict`; without it such a refusal is an upstream error (the BFF should have prevented it).
   */
  refusal?: string;
};

/** What went wrong with one upstream attempt, before it becomes an `ApiError`. */
export type UpstreamFailure =
  | {
      kind: 'response';
      status: number;
      /** Logto's error `code`; absent for bare 500s or non-Logto answers (a proxy's HTML page). */
      code: string | undefined;
      /** Seconds, from `Retry-After`. */
      retryAfter: number | undefined;
    }
  | { kind: 'unreachable'; code: string | undefined }
  | { kind: 'timeout' }
  | { kind: 'token'; error: TokenEndpointError }
  | { kind: 'budget-closed' }
  /** A success status with a body that is not what Logto sends (not JSON). */
  | { kind: 'malformed' };

/**
 * Logto's answer, kept as the `cause` of the `ApiError` for logs and for features that must tell
 * cases apart (status and code only: no body, no headers).
 */
export class LogtoResponseError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(`Logto answered HTTP ${status}${code ? ` ${code}` : ''}`);
    this.name = 'LogtoResponseError';
  }
}

/**
 * Logto has no email connector (501 `connector.not_found`), so it cannot send the invitation email.
 * An `upstreamError` (502) if it reaches the error handler; the invitations feature catches it
 * (`instanceof EmailConnectorMissingError`, or `isEmailConnectorMissing`) and hands out the link instead.
 */
export class EmailConnectorMissingError extends ApiError {
  constructor() {
    super('upstreamError', 'Logto has no email connector, so it cannot send emails.', {
      cause: new LogtoResponseError(501, 'connector.not_found'),
    });
    this.name = 'EmailConnectorMissingError';
  }
}

export function isEmailConnectorMissing(error: unknown): error is EmailConnectorMissingError {
  return error instanceof EmailConnectorMissingError;
}

const notFoundDetails: Record<NotFoundName, string> = {
  organizationNotFound: 'The organization does not exist.',
  memberNotFound: 'The user is not a member of this organization.',
  roleNotFound: 'One or more of the roles do not exist.',
  invitationNotFound: 'The invitation does not exist.',
  notFound: 'The requested resource does not exist.',
};

const upstreamErrorDetail = 'Logto could not complete the request.';

/** Logto's error body, as far as we use it. */
export function logtoErrorCode(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('code' in body)) return undefined;
  return typeof body.code === 'string' ? body.code : undefined;
}

export function toApiError(failure: UpstreamFailure, context: FailureContext): ApiError {
  switch (failure.kind) {
    case 'unreachable':
    case 'budget-closed':
      return new ApiError(
        'upstreamUnavailable',
        'Logto cannot be reached right now. Try again shortly.',
      );
    case 'timeout':
      return new ApiError('upstreamTimeout', 'Logto did not answer in time. Try again shortly.');
    case 'token':
      return tokenFailure(failure.error);
    case 'malformed':
      return new ApiError('upstreamError', upstreamErrorDetail);
    case 'response':
      return responseFailure(failure, context);
  }
}

function tokenFailure(error: TokenEndpointError): ApiError {
  switch (error.kind) {
    case 'unreachable':
      return new ApiError(
        'upstreamUnavailable',
        'Logto cannot be reached right now. Try again shortly.',
        {
          cause: error,
        },
      );
    case 'timeout':
      return new ApiError('upstreamTimeout', 'Logto did not answer in time. Try again shortly.', {
        cause: error,
      });
    case 'rejected':
    case 'failed':
      return new ApiError('upstreamError', upstreamErrorDetail, { cause: error });
  }
}

function responseFailure(
  failure: Extract<UpstreamFailure, { kind: 'response' }>,
  context: FailureContext,
): ApiError {
  const { status, code } = failure;
  const cause = new LogtoResponseError(status, code);

  if (status === 404 && (code === 'entity.not_found' || code?.startsWith('entity.not_exists'))) {
    return new ApiError(context.notFound, notFoundDetails[context.notFound], { cause });
  }
  if (status === 422) {
    switch (code) {
      case 'organization.require_membership':
        return new ApiError('memberNotFound', notFoundDetails.memberNotFound, { cause });
      case 'entity.relation_foreign_key_not_found': {
        const missing = context.missingReference ?? context.notFound;
        return new ApiError(missing, notFoundDetails[missing], { cause });
      }
      case 'entity.db_constraint_violated':
        return new ApiError(
          'roleNotAssignable',
          'One or more of the roles cannot be given to people.',
          {
            cause,
          },
        );
      case 'entity.unique_integrity_violation':
        return new ApiError('conflict', 'Something with the same identity already exists.', {
          cause,
        });
      case 'entity.value_too_long':
        return new ApiError('invalidInput', 'A value is too long for Logto.', { cause });
      case 'request.invalid_input':
        if (context.refusal !== undefined) {
          return new ApiError('conflict', context.refusal, { cause });
        }
        break;
    }
  }
  if (status === 400 && code === 'guard.invalid_input') {
    return new ApiError('invalidInput', 'Logto did not accept the input.', { cause });
  }
  if (status === 429) {
    return new ApiError(
      'rateLimited',
      code === 'request.message_rate_limited'
        ? 'Too many emails to this recipient. Try again later.'
        : 'Logto is busy. Try again shortly.',
      { cause, ...(failure.retryAfter === undefined ? {} : { retryAfter: failure.retryAfter }) },
    );
  }
  if (status === 501 && code === 'connector.not_found') {
    return new EmailConnectorMissingError();
  }
  return new ApiError('upstreamError', upstreamErrorDetail, { cause });
}

/**
 * Turns what a failed attempt threw (rather than answered) into a failure; `undefined` for anything
 * else, which is a bug of ours and must surface as one.
 */
export function thrownFailure(error: unknown, timedOut: boolean): UpstreamFailure | undefined {
  if (error instanceof TokenEndpointError) return { kind: 'token', error };
  if (error instanceof BudgetClosedError) return { kind: 'budget-closed' };
  if (timedOut || (error instanceof Error && error.name === 'TimeoutError'))
    return { kind: 'timeout' };
  if (error instanceof SyntaxError) return { kind: 'malformed' };
  const code = networkErrorCode(error);
  // undici rejects with `TypeError: fetch failed` for every transport failure; socket errors carry
  // an errno-style code (ECONNREFUSED) or undici's own (UND_ERR_SOCKET), never Node's ERR_*.
  const isTransportCode = code !== undefined && /^(E[A-Z0-9]+|UND_ERR_\w+)$/.test(code);
  if (isTransportCode || (error instanceof TypeError && error.message === 'fetch failed')) {
    return { kind: 'unreachable', code };
  }
  return undefined;
}

/** undici's `fetch failed` TypeError carries the socket error (ECONNREFUSED, ...) as its cause. */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    if ('code' in current && typeof current.code === 'string') return current.code;
    // Node's happy-eyeballs connect reports every address's failure in an AggregateError.
    if (current instanceof AggregateError) {
      const errors: unknown = current.errors;
      current = Array.isArray(errors) ? errors[0] : undefined;
      continue;
    }
    current = current.cause;
  }
  return undefined;
}

/** `Retry-After` as seconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

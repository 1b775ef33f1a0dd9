import { errorCodes, type ErrorName } from '@portal/shared';
import { describe, expect, it } from 'vitest';

import { ApiError } from '../errors.js';
import { TokenEndpointError } from './management-token.js';
import { BudgetClosedError } from './upstream-budget.js';
import {
  EmailConnectorMissingError,
  LogtoResponseError,
  networkErrorCode,
  parseRetryAfter,
  thrownFailure,
  toApiError,
  type FailureContext,
  type UpstreamFailure,
} from './upstream-errors.js';

const answer = (status: number, code?: string, retryAfter?: number): UpstreamFailure => ({
  kind: 'response',
  status,
  code,
  retryAfter,
});

const organizationCall: FailureContext = { notFound: 'organizationNotFound' };
const memberRolesCall: FailureContext = {
  notFound: 'memberNotFound',
  missingReference: 'roleNotFound',
};
const invitationStatusCall: FailureContext = {
  notFound: 'invitationNotFound',
  refusal: 'The invitation is no longer pending.',
};

/** The mapping table (upstream-errors.ts), row by row. */
const table: Array<[string, UpstreamFailure, FailureContext, ErrorName]> = [
  [
    '404 entity.not_exists_with_id',
    answer(404, 'entity.not_exists_with_id'),
    organizationCall,
    'organizationNotFound',
  ],
  [
    '404 entity.not_exists',
    answer(404, 'entity.not_exists'),
    organizationCall,
    'organizationNotFound',
  ],
  [
    '404 entity.not_found (member)',
    answer(404, 'entity.not_found'),
    { notFound: 'memberNotFound' },
    'memberNotFound',
  ],
  [
    '404 entity.not_found (invitation)',
    answer(404, 'entity.not_found'),
    invitationStatusCall,
    'invitationNotFound',
  ],
  [
    '404 entity.not_found (user)',
    answer(404, 'entity.not_found'),
    { notFound: 'notFound' },
    'notFound',
  ],
  ['404 without a Logto code (a proxy)', answer(404), organizationCall, 'upstreamError'],
  [
    '422 organization.require_membership',
    answer(422, 'organization.require_membership'),
    memberRolesCall,
    'memberNotFound',
  ],
  [
    '422 foreign key, role ids sent',
    answer(422, 'entity.relation_foreign_key_not_found'),
    memberRolesCall,
    'roleNotFound',
  ],
  [
    '422 foreign key, user ids sent',
    answer(422, 'entity.relation_foreign_key_not_found'),
    { notFound: 'organizationNotFound', missingReference: 'memberNotFound' },
    'memberNotFound',
  ],
  [
    '422 entity.db_constraint_violated',
    answer(422, 'entity.db_constraint_violated'),
    memberRolesCall,
    'roleNotAssignable',
  ],
  [
    '422 entity.unique_integrity_violation',
    answer(422, 'entity.unique_integrity_violation'),
    organizationCall,
    'conflict',
  ],
  [
    '422 request.invalid_input, a known rule',
    answer(422, 'request.invalid_input'),
    invitationStatusCall,
    'conflict',
  ],
  [
    '422 request.invalid_input, no rule named',
    answer(422, 'request.invalid_input'),
    organizationCall,
    'upstreamError',
  ],
  [
    '422 entity.value_too_long',
    answer(422, 'entity.value_too_long'),
    organizationCall,
    'invalidInput',
  ],
  ['400 guard.invalid_input', answer(400, 'guard.invalid_input'), organizationCall, 'invalidInput'],
  [
    '400 guard.invalid_pagination (our bug)',
    answer(400, 'guard.invalid_pagination'),
    organizationCall,
    'upstreamError',
  ],
  [
    '401 auth.unauthorized (after a fresh token)',
    answer(401, 'auth.unauthorized'),
    organizationCall,
    'upstreamError',
  ],
  [
    '403 auth.forbidden (M2M app lacks `all`)',
    answer(403, 'auth.forbidden'),
    organizationCall,
    'upstreamError',
  ],
  [
    '429 request.message_rate_limited',
    answer(429, 'request.message_rate_limited'),
    invitationStatusCall,
    'rateLimited',
  ],
  ['429 after retries', answer(429, undefined, 30), organizationCall, 'rateLimited'],
  ['500 bare', answer(500), organizationCall, 'upstreamError'],
  [
    '501 connector.not_found',
    answer(501, 'connector.not_found'),
    invitationStatusCall,
    'upstreamError',
  ],
  ['502', answer(502), organizationCall, 'upstreamError'],
  ['503', answer(503), organizationCall, 'upstreamError'],
  ['504', answer(504), organizationCall, 'upstreamError'],
  [
    'connection refused',
    { kind: 'unreachable', code: 'ECONNREFUSED' },
    organizationCall,
    'upstreamUnavailable',
  ],
  ['timeout', { kind: 'timeout' }, organizationCall, 'upstreamTimeout'],
  ['budget closed', { kind: 'budget-closed' }, organizationCall, 'upstreamUnavailable'],
  ['a success body that is not JSON', { kind: 'malformed' }, organizationCall, 'upstreamError'],
  [
    'token endpoint unreachable',
    { kind: 'token', error: new TokenEndpointError('unreachable') },
    organizationCall,
    'upstreamUnavailable',
  ],
  [
    'token endpoint timeout',
    { kind: 'token', error: new TokenEndpointError('timeout') },
    organizationCall,
    'upstreamTimeout',
  ],
  [
    'token endpoint refuses the credentials',
    { kind: 'token', error: new TokenEndpointError('rejected', 401, 'invalid_client') },
    organizationCall,
    'upstreamError',
  ],
  [
    'token endpoint 500',
    { kind: 'token', error: new TokenEndpointError('failed', 500) },
    organizationCall,
    'upstreamError',
  ],
];

describe('Logto failures → ApiError', () => {
  it.each(table)('%s → %s', (_label, failure, context, name) => {
    const error = toApiError(failure, context);
    expect(error).toBeInstanceOf(ApiError);
    expect({ name: error.errorName, status: error.status, code: error.code }).toEqual({
      name,
      status: errorCodes[name].status,
      code: errorCodes[name].code,
    });
    // Our own sentence, never Logto's: no codes, no ids, no status lines.
    expect(error.detail).toMatch(/^[A-Z][^{}`]*\.$/);
    expect(error.detail).not.toMatch(/entity\.|organization\.require|HTTP \d|ECONN/);
  });

  it('keeps status and code (only) as the cause, for logs and for features that tell cases apart', () => {
    const error = toApiError(answer(422, 'entity.db_constraint_violated'), memberRolesCall);
    expect(error.cause).toEqual(new LogtoResponseError(422, 'entity.db_constraint_violated'));
  });

  it('passes Retry-After on as retryAfter', () => {
    expect(toApiError(answer(429, undefined, 30), organizationCall).retryAfter).toBe(30);
    expect(toApiError(answer(429), organizationCall).retryAfter).toBeUndefined();
  });

  it('uses the call’s own sentence for a business-rule refusal', () => {
    expect(toApiError(answer(422, 'request.invalid_input'), invitationStatusCall).detail).toBe(
      'The invitation is no longer pending.',
    );
  });

  it('gives the missing email connector its own class', () => {
    const error = toApiError(answer(501, 'connector.not_found'), invitationStatusCall);
    expect(error).toBeInstanceOf(EmailConnectorMissingError);
    expect(toApiError(answer(501), invitationStatusCall)).not.toBeInstanceOf(
      EmailConnectorMissingError,
    );
  });
});

describe('what a failed attempt threw', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
    code: 'ECONNREFUSED',
  });

  it('tells transport failures, timeouts, token and budget failures apart from our own bugs', () => {
    expect(thrownFailure(new TypeError('fetch failed', { cause: refused }), false)).toEqual({
      kind: 'unreachable',
      code: 'ECONNREFUSED',
    });
    expect(
      thrownFailure(new TypeError('fetch failed', { cause: new AggregateError([refused]) }), false),
    ).toEqual({ kind: 'unreachable', code: 'ECONNREFUSED' });
    expect(thrownFailure(new DOMException('timed out', 'TimeoutError'), true)).toEqual({
      kind: 'timeout',
    });
    expect(thrownFailure(new SyntaxError('Unexpected token'), false)).toEqual({
      kind: 'malformed',
    });
    const tokenError = new TokenEndpointError('unreachable');
    expect(thrownFailure(tokenError, false)).toEqual({ kind: 'token', error: tokenError });
    expect(thrownFailure(new BudgetClosedError(), false)).toEqual({ kind: 'budget-closed' });
    // A bug of ours must not pass for "Logto is unreachable".
    expect(thrownFailure(new RangeError('oops'), false)).toBeUndefined();
    const nodeError = Object.assign(new TypeError('bad argument'), {
      code: 'ERR_INVALID_ARG_TYPE',
    });
    expect(thrownFailure(nodeError, false)).toBeUndefined();
  });

  it('finds the socket error code however deep undici nests it', () => {
    expect(networkErrorCode(new TypeError('fetch failed', { cause: refused }))).toBe(
      'ECONNREFUSED',
    );
    expect(networkErrorCode(new Error('no code'))).toBeUndefined();
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('5')).toBe(5);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    expect(parseRetryAfter(inTenSeconds)).toBeGreaterThanOrEqual(9);
    expect(parseRetryAfter(inTenSeconds)).toBeLessThanOrEqual(10);
    expect(parseRetryAfter(new Date(Date.now() - 60_000).toUTCString())).toBe(0);
  });
});

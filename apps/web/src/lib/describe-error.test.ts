import { errorCodes } from '@portal/shared';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { ApiError, BffUnreachableError } from './api-client.js';
import { TokenUnavailableError } from './auth.js';
import {
  describeError,
  errorKindForCode,
  errorKinds,
  isSessionRejected,
} from './describe-error.js';

const problem = (code: string, status: number, extra: Record<string, unknown> = {}) =>
  new ApiError({ type: 'about:blank', title: 'Error', status, code, requestId: 'req-1', ...extra });

describe('describeError', () => {
  it('names the person and the organization for the last-admin refusal', () => {
    expect(
      describeError(problem(errorCodes.lastAdmin.code, 409), {
        member: 'Priya Patel',
        organization: 'Acme Corp',
      }),
    ).toEqual({
      kind: 'lastAdmin',
      values: {
        member: 'Priya Patel',
        organization: 'Acme Corp',
        wait: 10,
        formatParams: { wait: { range: 'second' } },
      },
      requestId: 'req-1',
      fieldErrors: [],
      retryable: false,
    });
  });

  it('maps every error code the BFF can send to words of its own', () => {
    for (const { code, status } of Object.values(errorCodes)) {
      const { kind } = describeError(problem(code, status));
      expect(errorKinds, code).toContain(kind);
      if (code !== errorCodes.internal.code) expect(kind, code).not.toBe('unexpected');
    }
  });

  it('keeps per-field problems and the wait of a rate limit', () => {
    const invalid = describeError(
      problem(errorCodes.invalidInput.code, 400, {
        errors: [{ path: 'body.roleIds.0', message: 'Not a valid id', code: 'invalid_format' }],
      }),
    );
    expect(invalid.fieldErrors).toEqual([{ path: 'body.roleIds.0', message: 'Not a valid id' }]);
    const wait = (retryAfter: number) => {
      const { values } = describeError(problem(errorCodes.rateLimited.code, 429, { retryAfter }));
      return [values.wait, values.formatParams.wait.range];
    };
    expect(wait(7)).toEqual([7, 'second']);
    // Logto's email throttle says 600 s: read as minutes, rounded up, never as "600 seconds".
    expect(wait(600)).toEqual([10, 'minute']);
    expect(wait(601)).toEqual([11, 'minute']);
    expect(wait(7200)).toEqual([2, 'hour']);
  });

  it('offers a retry only where trying again can help', () => {
    expect(describeError(new BffUnreachableError()).retryable).toBe(true);
    expect(describeError(problem(errorCodes.upstreamTimeout.code, 504)).retryable).toBe(true);
    expect(describeError(problem(errorCodes.forbidden.code, 403)).retryable).toBe(false);
    expect(describeError(problem(errorCodes.lastAdmin.code, 409)).retryable).toBe(false);
  });

  it('explains failures that are not the BFF’s answers', () => {
    expect(describeError(new BffUnreachableError()).kind).toBe('unreachable');
    expect(describeError(new TokenUnavailableError('organization_token')).kind).toBe(
      'tokenUnavailable',
    );
    expect(describeError(z.object({ a: z.string() }).safeParse({}).error).kind).toBe(
      'invalidResponse',
    );
    expect(describeError(new Error('boom')).kind).toBe('unexpected');
    // An unknown code still gets sensible words from its status.
    expect(describeError(problem('something.new', 403)).kind).toBe('forbidden');
    expect(describeError(problem('something.new', 418)).kind).toBe('unexpected');
  });

  it('knows a rejected session', () => {
    expect(isSessionRejected(problem(errorCodes.unauthenticated.code, 401))).toBe(true);
    expect(isSessionRejected(problem(errorCodes.forbidden.code, 403))).toBe(false);
    expect(errorKindForCode(errorCodes.memberNotFound.code)).toBe('memberNotFound');
    expect(errorKindForCode('nope')).toBe('unexpected');
  });
});

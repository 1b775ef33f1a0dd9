import { afterEach, describe, expect, it } from 'vitest';

import { ApiError, BffUnreachableError } from './api-client.js';
import { createQueryClient, shouldRetry } from './query-client.js';
import { onSessionRejected } from './session-events.js';

const problem = (status: number, code: string) =>
  new ApiError({ type: 'about:blank', title: 'x', status, code });

const recorder = () => {
  const errors: string[] = [];
  const successes: string[] = [];
  return {
    errors,
    successes,
    notifier: {
      error: (description: { kind: string }) => errors.push(description.kind),
      success: (message: string) => successes.push(message),
    },
  };
};

let stopListening: (() => void) | undefined;
afterEach(() => stopListening?.());

describe('createQueryClient', () => {
  it('ends the session on a 401, without a toast', async () => {
    const { errors, notifier } = recorder();
    let rejected = 0;
    stopListening = onSessionRejected(() => (rejected += 1));
    const client = createQueryClient(notifier);
    await client
      .fetchQuery({
        queryKey: ['x'],
        queryFn: () => Promise.reject(problem(401, 'auth.unauthenticated')),
      })
      .catch(() => undefined);
    expect(rejected).toBe(1);
    expect(errors).toEqual([]);
  });

  it('toasts a failed background refresh, not a first load (the page shows that in place)', async () => {
    const { errors, notifier } = recorder();
    const client = createQueryClient(notifier);
    await client
      .fetchQuery({
        queryKey: ['first'],
        queryFn: () => Promise.reject(problem(403, 'auth.forbidden')),
      })
      .catch(() => undefined);
    expect(errors).toEqual([]);

    client.setQueryData(['shown'], 'old data');
    await client
      .fetchQuery({
        queryKey: ['shown'],
        queryFn: () => Promise.reject(problem(403, 'auth.forbidden')),
      })
      .catch(() => undefined);
    expect(errors).toEqual(['forbidden']);
  });

  it('toasts mutation errors with their context unless the page shows them, and says when it worked', async () => {
    const { errors, successes, notifier } = recorder();
    const client = createQueryClient(notifier);
    const run = (meta: Record<string, unknown>, fails: boolean) =>
      client
        .getMutationCache()
        .build(client, {
          mutationFn: () =>
            fails ? Promise.reject(problem(409, 'member.last_admin')) : Promise.resolve(),
          meta,
        })
        .execute(undefined)
        .catch(() => undefined);
    await run({ errorContext: { member: 'Bob' } }, true);
    await run({ errorsShownInPlace: true }, true);
    await run({ successMessage: 'Roles of Bob updated.' }, false);
    expect(errors).toEqual(['lastAdmin']);
    expect(successes).toEqual(['Roles of Bob updated.']);
  });
});

describe('shouldRetry', () => {
  it('does not retry what a retry cannot change', () => {
    expect(shouldRetry(0, problem(404, 'member.not_found'))).toBe(false);
    expect(shouldRetry(0, problem(403, 'auth.forbidden'))).toBe(false);
    expect(shouldRetry(0, problem(502, 'upstream.error'))).toBe(true);
    expect(shouldRetry(2, problem(502, 'upstream.error'))).toBe(false);
    expect(shouldRetry(0, new BffUnreachableError())).toBe(true);
    expect(shouldRetry(1, new BffUnreachableError())).toBe(false);
  });
});

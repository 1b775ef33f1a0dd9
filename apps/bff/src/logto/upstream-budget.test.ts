import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { ApiError } from '../errors.js';
import { BudgetClosedError, createTokenBucket } from './upstream-budget.js';

/** Lets resolved promises run their callbacks. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('token bucket', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A bucket on the fake clock, and the order in which its `take`s were granted. */
  function startTaking(count: number, limits = { requests: 5, perMs: 200 }) {
    const bucket = createTokenBucket(limits, () => Date.now());
    const granted: number[] = [];
    for (let index = 0; index < count; index += 1) {
      void bucket.take().then(() => granted.push(index));
    }
    return { bucket, granted };
  }

  it('lets a full burst through at once, then one request per perMs/requests, in calling order', async () => {
    const { granted } = startTaking(20);
    await settle();
    expect(granted).toEqual([0, 1, 2, 3, 4]);

    // 5 per 200 ms refills a unit every 40 ms.
    await vi.advanceTimersByTimeAsync(45);
    expect(granted).toHaveLength(6);
    await vi.advanceTimersByTimeAsync(200);
    expect(granted).toHaveLength(11);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(granted).toEqual(Array.from({ length: 20 }, (_, index) => index));
  });

  it('never lets more than the budget through in any window', async () => {
    const { granted } = startTaking(50, { requests: 10, perMs: 1_000 });
    const perSecond: number[] = [];
    let before = 0;
    for (let second = 0; second < 5; second += 1) {
      await vi.advanceTimersByTimeAsync(second === 0 ? 1 : 1_000);
      perSecond.push(granted.length - before);
      before = granted.length;
    }
    // A burst of 10, then 10 per second; nobody is refused, they only wait.
    expect(perSecond).toEqual([10, 10, 10, 10, 10]);
  });

  it('does not let a newcomer overtake callers already waiting', async () => {
    const { bucket, granted } = startTaking(6, { requests: 5, perMs: 200 });
    await settle();
    // A unit has refilled, but the sixth caller came first.
    await vi.advanceTimersByTimeAsync(39);
    void bucket.take().then(() => granted.push(99));
    await vi.advanceTimersByTimeAsync(100);
    expect(granted).toEqual([0, 1, 2, 3, 4, 5, 99]);
  });

  it('refills while idle, up to the burst size only', async () => {
    const bucket = createTokenBucket({ requests: 3, perMs: 300 }, () => Date.now());
    for (let index = 0; index < 3; index += 1) await bucket.take();
    await vi.advanceTimersByTimeAsync(10_000);
    const granted: number[] = [];
    for (let index = 0; index < 5; index += 1) void bucket.take().then(() => granted.push(index));
    await settle();
    expect(granted).toEqual([0, 1, 2]);
  });

  it('rejects waiting callers, and any later ones, once closed', async () => {
    const bucket = createTokenBucket({ requests: 1, perMs: 1_000 }, () => Date.now());
    await bucket.take();
    const waiting = bucket.take();
    bucket.close();
    await expect(waiting).rejects.toBeInstanceOf(BudgetClosedError);
    await expect(bucket.take()).rejects.toBeInstanceOf(BudgetClosedError);
  });

  it('refuses a budget that could never let anything through', () => {
    expect(() => createTokenBucket({ requests: 0, perMs: 1_000 })).toThrow(RangeError);
    expect(() => createTokenBucket({ requests: 5, perMs: 0 })).toThrow(RangeError);
  });

  it('serves waiting users round-robin: a backlog of A does not delay B', async () => {
    let caller = 'A';
    const bucket = createTokenBucket(
      { requests: 1, perMs: 100 },
      () => Date.now(),
      () => caller,
    );
    const granted: string[] = [];
    const take = (name: string, index: number) => {
      caller = name;
      void bucket.take().then(() => granted.push(`${name}${index}`));
    };
    for (let index = 0; index < 5; index += 1) take('A', index);
    take('B', 0);
    take('B', 1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(granted).toEqual(['A0', 'A1', 'B0', 'A2', 'B1', 'A3', 'A4']);
  });

  it('serves one line, first come first served, with fair: false', async () => {
    let caller = 'A';
    const bucket = createTokenBucket(
      { requests: 1, perMs: 100, fair: false },
      () => Date.now(),
      () => caller,
    );
    const granted: string[] = [];
    for (const name of ['A', 'A', 'A', 'B']) {
      caller = name;
      void bucket.take().then(() => granted.push(name));
    }
    await vi.advanceTimersByTimeAsync(1_000);
    expect(granted).toEqual(['A', 'A', 'A', 'B']);
  });

  it('refuses at once, with 503 and Retry-After, a call that would wait longer than maxWaitMs', async () => {
    let caller = 'A';
    const bucket = createTokenBucket(
      { requests: 1, perMs: 1_000, maxWaitMs: 2_500 },
      () => Date.now(),
      () => caller,
    );
    const outcomes: Array<Promise<unknown>> = [];
    for (let index = 0; index < 5; index += 1)
      outcomes.push(
        bucket.take().then(
          () => 'granted',
          (error: unknown) => error,
        ),
      );
    // B's first call waits behind one call of A only: within the bound.
    caller = 'B';
    const b = bucket.take().then(() => 'granted');
    await vi.advanceTimersByTimeAsync(10_000);
    const results = await Promise.all(outcomes);
    expect(results.slice(0, 3)).toEqual(['granted', 'granted', 'granted']);
    for (const refused of results.slice(3)) {
      expect(refused).toBeInstanceOf(ApiError);
      expect(refused).toMatchObject({ status: 503, code: 'upstream.unavailable' });
      expect((refused as ApiError).retryAfter).toBeGreaterThanOrEqual(3);
    }
    await expect(b).resolves.toBe('granted');
  });
});

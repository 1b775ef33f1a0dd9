import { ApiError } from '../errors.js';
import { currentCallerKey } from '../middleware/request-context.js';

/**
 * How many Management API requests the BFF may send: Logto Cloud asks for about 200 per 10 s per tenant.
 * Every upstream request (each retry too) takes one unit first; when none is left, callers wait in
 * line — round-robin across the users waiting, so one user's backlog never delays another's first
 * call — and a call that would wait longer than `maxWaitMs` fails at once (503 + Retry-After).
 *
 * This interface is the seam for sharing the budget across replicas: a Redis-backed bucket (a Lua script
 * that refills and takes atomically, with waiters polling or subscribing) can implement `take` later
 * without the client changing. Today there is one process-local bucket.
 */
export interface UpstreamBudget {
  /** Resolves when one request may be sent; rejects at once when the wait would be too long. */
  take(): Promise<void>;
  /** Stops timers; callers still waiting are rejected with `BudgetClosedError`. */
  close(): void;
}

export class BudgetClosedError extends Error {
  constructor() {
    super('The upstream request budget was closed.');
    this.name = 'BudgetClosedError';
  }
}

export type TokenBucketOptions = {
  requests: number;
  perMs: number;
  /**
   * Serve waiting callers round-robin, one call per caller in turn (default), so one caller's backlog
   * never sits in front of another's first call; false: one line, first come first served.
   */
  fair?: boolean;
  /** A caller who would wait longer than this is refused at once (503 + Retry-After); default 5 s. */
  maxWaitMs?: number;
};

/**
 * A token bucket holding at most `requests` units, refilled continuously at `requests` per `perMs`:
 * a burst of `requests` goes out at once, after that one every `perMs / requests` ms. Callers are told
 * apart by `callerKey` (the request's user, from the request context); waiting callers are served
 * round-robin across callers, each caller's own calls in order.
 */
export function createTokenBucket(
  { requests, perMs, fair = true, maxWaitMs = 5000 }: TokenBucketOptions,
  now: () => number = () => performance.now(),
  callerKey: () => string = currentCallerKey,
): UpstreamBudget {
  if (!(requests >= 1) || !(perMs > 0)) {
    throw new RangeError('A token bucket needs requests >= 1 and perMs > 0.');
  }
  const refillPerMs = requests / perMs;
  let units = requests;
  let refilledAt = now();
  type Waiter = { resolve: () => void; reject: (error: Error) => void };
  // Insertion order of a Map is the round-robin order: a served caller with more to do goes to the back.
  const queues = new Map<string, Waiter[]>();
  let waiting = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const refill = () => {
    const current = now();
    units = Math.min(requests, units + (current - refilledAt) * refillPerMs);
    refilledAt = current;
  };

  const next = (): Waiter | undefined => {
    for (const [key, queue] of queues) {
      const waiter = queue.shift();
      queues.delete(key);
      if (queue.length > 0) queues.set(key, queue);
      if (waiter) return waiter;
    }
    return undefined;
  };

  const serveWaiters = () => {
    timer = undefined;
    refill();
    while (waiting > 0 && units >= 1) {
      units -= 1;
      waiting -= 1;
      next()?.resolve();
    }
    if (waiting > 0) {
      // Wake up exactly when the next unit is there; +1 ms so rounding never wakes us a hair early.
      timer = setTimeout(serveWaiters, Math.ceil((1 - units) / refillPerMs) + 1);
    }
  };

  /** Calls served before a new one of `key`: its own queue, plus one per round of every other queue. */
  const ahead = (key: string) => {
    if (!fair) return waiting;
    const own = queues.get(key)?.length ?? 0;
    let count = own;
    for (const [other, queue] of queues)
      if (other !== key) count += Math.min(queue.length, own + 1);
    return count;
  };

  return {
    take() {
      if (closed) return Promise.reject(new BudgetClosedError());
      refill();
      // Nobody may overtake a caller already waiting, even when a unit has just been refilled.
      if (waiting === 0 && units >= 1) {
        units -= 1;
        return Promise.resolve();
      }
      const key = fair ? callerKey() : '';
      const waitMs = (ahead(key) + 1 - units) / refillPerMs;
      if (waitMs > maxWaitMs) {
        return Promise.reject(
          new ApiError(
            'upstreamUnavailable',
            'The portal is sending Logto as many requests as it may. Try again shortly.',
            { retryAfter: Math.max(1, Math.ceil(waitMs / 1000)) },
          ),
        );
      }
      return new Promise<void>((resolve, reject) => {
        const queue = queues.get(key) ?? [];
        queue.push({ resolve, reject });
        queues.set(key, queue);
        waiting += 1;
        timer ??= setTimeout(serveWaiters, Math.ceil(Math.max(0, 1 - units) / refillPerMs) + 1);
      });
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      for (const queue of queues.values())
        for (const waiter of queue.splice(0)) waiter.reject(new BudgetClosedError());
      queues.clear();
      waiting = 0;
    },
  };
}

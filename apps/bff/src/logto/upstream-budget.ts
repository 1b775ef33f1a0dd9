/**
 * How many Management API requests the BFF may send: Logto Cloud asks for about 200 per 10 s per tenant.
 * Every upstream request (each retry too) takes one unit first; when none is left, callers wait in
 * line (first come, first served) instead of failing.
 *
 * This interface is the seam for sharing the budget across replicas: a Redis-backed bucket (a Lua script
 * that refills and takes atomically, with waiters polling or subscribing) can implement `take` later
 * without the client changing. Today there is one process-local bucket.
 */
export interface UpstreamBudget {
  /** Resolves when one request may be sent. Waiters are served in the order they called. */
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

/**
 * A token bucket holding at most `requests` units, refilled continuously at `requests` per `perMs`:
 * a burst of `requests` goes out at once, after that one every `perMs / requests` ms.
 */
export function createTokenBucket(
  { requests, perMs }: { requests: number; perMs: number },
  now: () => number = () => performance.now(),
): UpstreamBudget {
  if (!(requests >= 1) || !(perMs > 0)) {
    throw new RangeError('A token bucket needs requests >= 1 and perMs > 0.');
  }
  const refillPerMs = requests / perMs;
  let units = requests;
  let refilledAt = now();
  const waiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const refill = () => {
    const current = now();
    units = Math.min(requests, units + (current - refilledAt) * refillPerMs);
    refilledAt = current;
  };

  const serveWaiters = () => {
    timer = undefined;
    refill();
    while (waiters.length > 0 && units >= 1) {
      units -= 1;
      waiters.shift()?.resolve();
    }
    if (waiters.length > 0) {
      // Wake up exactly when the next unit is there; +1 ms so rounding never wakes us a hair early.
      timer = setTimeout(serveWaiters, Math.ceil((1 - units) / refillPerMs) + 1);
    }
  };

  return {
    take() {
      if (closed) return Promise.reject(new BudgetClosedError());
      refill();
      // Nobody may overtake a caller already waiting, even when a unit has just been refilled.
      if (waiters.length === 0 && units >= 1) {
        units -= 1;
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        waiters.push({ resolve, reject });
        timer ??= setTimeout(serveWaiters, Math.ceil(Math.max(0, 1 - units) / refillPerMs) + 1);
      });
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      for (const waiter of waiters.splice(0)) waiter.reject(new BudgetClosedError());
    },
  };
}

/**
 * Runs tasks one after another. Token requests go through one queue because each refresh rotates the
 * refresh token: two refreshes racing with the same token would have Logto revoke the whole grant
 * once its 3-second reuse leeway has passed.
 */
export function createSerialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = tail.then(task, task);
      // The next task waits for this one whether it succeeded or not.
      tail = result.catch(() => undefined);
      return result;
    },
  };
}

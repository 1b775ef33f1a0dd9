/**
 * Runs tasks one at a time per key (an organization id), in arrival order. Used where the BFF reads,
 * decides and writes (the last-admin rule; merging settings) so that two requests of this process cannot
 * both pass a check that only one of them may pass. Replicas do not share it (see docs/security.md).
 */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const current = previous.then(task, task);
    const tail = current.catch(() => undefined);
    this.#tails.set(key, tail);
    try {
      return await current;
    } finally {
      // The last one out cleans up, so the map holds only keys with work queued.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}

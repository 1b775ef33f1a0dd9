import { describe, expect, it } from 'vitest';

import { createSerialQueue } from './serial-queue.js';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createSerialQueue', () => {
  it('never runs two tasks at once, in order, even when one fails', async () => {
    const queue = createSerialQueue();
    const events: string[] = [];
    let running = 0;
    const task =
      (name: string, ms: number, fail = false) =>
      async () => {
        running += 1;
        expect(running).toBe(1);
        events.push(`start ${name}`);
        await delay(ms);
        events.push(`end ${name}`);
        running -= 1;
        if (fail) throw new Error(name);
        return name;
      };

    const results = await Promise.allSettled([
      queue.run(task('a', 20)),
      queue.run(task('b', 5, true)),
      queue.run(task('c', 1)),
    ]);

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });
});

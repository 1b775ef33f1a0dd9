import { describe, expect, it } from 'vitest';

import { createUuidV7Generator } from './uuid-v7.js';

const uuidV7Pattern = /^[\da-f]{8}-[\da-f]{4}-7[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/;
const timestampOf = (id: string) => Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);

describe('UUIDv7 ids', () => {
  it('carry the time in their first 48 bits, with version 7 and the RFC variant', () => {
    const nextId = createUuidV7Generator();
    const at = Date.parse('2026-03-01T09:00:00.123Z');
    const id = nextId(at);
    expect(id).toMatch(uuidV7Pattern);
    expect(timestampOf(id)).toBe(at);
  });

  it('only ever increase: within one millisecond, past 4,096 of them, and when the clock steps back', () => {
    const nextId = createUuidV7Generator();
    const at = Date.parse('2026-03-01T09:00:00.000Z');
    const made = [
      ...Array.from({ length: 5000 }, () => nextId(at)),
      nextId(at - 10_000),
      nextId(at + 5),
    ];
    expect(made.every((id) => uuidV7Pattern.test(id))).toBe(true);
    expect(new Set(made).size).toBe(made.length);
    expect([...made].sort()).toEqual(made);
    // Borrowing milliseconds stays close to the real time.
    expect(timestampOf(made.at(-1)!) - at).toBeLessThanOrEqual(5);
  });
});

import { describe, expect, it } from 'vitest';

import { mergeFields, mergePatch } from './merge.js';

describe('mergePatch (RFC 7396)', () => {
  it('merges objects recursively, removes keys set to null, replaces everything else', () => {
    expect(
      mergePatch(
        { plan: 'gold', limits: { seats: 10, projects: 3 }, tags: ['a', 'b'], legacy: true },
        { limits: { seats: 25 }, tags: ['c'], legacy: null, region: 'eu' },
      ),
    ).toEqual({ plan: 'gold', limits: { seats: 25, projects: 3 }, tags: ['c'], region: 'eu' });
  });

  it('follows the RFC’s examples', () => {
    expect(mergePatch({ a: 'b' }, { a: 'c' })).toEqual({ a: 'c' });
    expect(mergePatch({ a: 'b' }, { b: 'c' })).toEqual({ a: 'b', b: 'c' });
    expect(mergePatch({ a: 'b' }, { a: null })).toEqual({});
    expect(mergePatch({ a: [{ b: 'c' }] }, { a: [1] })).toEqual({ a: [1] });
    expect(mergePatch(['a', 'b'], ['c', 'd'])).toEqual(['c', 'd']);
    expect(mergePatch({ a: 'foo' }, 'bar')).toBe('bar');
    expect(mergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
    expect(mergePatch({}, { a: { bb: { ccc: null } } })).toEqual({ a: { bb: {} } });
  });

  it('does not change its inputs', () => {
    const target = { nested: { keep: 1 } };
    mergePatch(target, { nested: { keep: null } });
    expect(target).toEqual({ nested: { keep: 1 } });
  });
});

describe('mergeFields', () => {
  it('replaces given fields, removes nulls, keeps the rest', () => {
    expect(
      mergeFields<string | boolean>(
        { primaryColor: '#111111', isDarkModeEnabled: true, darkPrimaryColor: '#222222' },
        { primaryColor: '#333333', isDarkModeEnabled: null, darkPrimaryColor: undefined },
      ),
    ).toEqual({ primaryColor: '#333333', darkPrimaryColor: '#222222' });
  });
});

import { describe, expect, it } from 'vitest';

import { pageCount, pageRange } from './pagination.js';

describe('pagination', () => {
  it('counts pages, at least one', () => {
    expect(pageCount(0, 20)).toBe(1);
    expect(pageCount(40, 20)).toBe(2);
    expect(pageCount(1001, 20)).toBe(51);
  });

  it('gives the range of items a page shows', () => {
    expect(pageRange(2, 20, 20)).toEqual({ first: 21, last: 40 });
    expect(pageRange(51, 20, 1)).toEqual({ first: 1001, last: 1001 });
    expect(pageRange(1, 20, 0)).toEqual({ first: 0, last: 0 });
  });
});

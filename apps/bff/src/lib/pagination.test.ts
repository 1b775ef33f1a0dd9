import { describe, expect, it } from 'vitest';

import { paginationHeaders } from './pagination.js';

const url = new URL(
  'https://portal.example/api/orgs/o1/members?q=ann&roleId=r1&page=2&pageSize=10',
);
const links = (header: string | undefined) =>
  Object.fromEntries(
    (header ?? '').split(', ').map((part) => {
      const [, target = '', rel = ''] = /^<([^>]+)>; rel="(\w+)"$/.exec(part) ?? [];
      return [rel, new URL(target).search];
    }),
  );

describe('paginationHeaders', () => {
  it('links first, previous, next and last, keeping the filters', () => {
    const headers = paginationHeaders(url, { page: 2, pageSize: 10, totalCount: 35 });
    expect(headers['Total-Number']).toBe('35');
    expect(links(headers.Link)).toEqual({
      first: '?q=ann&roleId=r1&page=1&pageSize=10',
      prev: '?q=ann&roleId=r1&page=1&pageSize=10',
      next: '?q=ann&roleId=r1&page=3&pageSize=10',
      last: '?q=ann&roleId=r1&page=4&pageSize=10',
    });
  });

  it('has no prev on the first page, no next on the last, and a last page of 1 for an empty list', () => {
    expect(
      Object.keys(links(paginationHeaders(url, { page: 1, pageSize: 10, totalCount: 5 }).Link)),
    ).toEqual(['first', 'last']);
    expect(
      links(paginationHeaders(url, { page: 1, pageSize: 10, totalCount: 0 }).Link).last,
    ).toContain('page=1&');
  });

  it('points prev at the last page from beyond the end', () => {
    expect(
      links(paginationHeaders(url, { page: 9, pageSize: 10, totalCount: 35 }).Link).prev,
    ).toContain('page=4&');
  });
});

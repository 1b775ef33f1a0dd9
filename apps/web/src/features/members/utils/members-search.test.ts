import { describe, expect, it } from 'vitest';

import {
  hasFilters,
  membersListQuery,
  membersSearchFromParams,
  membersSearchToParams,
} from './members-search.js';

describe('members search in the URL', () => {
  it('reads page, search, role and page size', () => {
    expect(
      membersSearchFromParams(new URLSearchParams('page=3&q=%20ada%20&role=role_1&size=50')),
    ).toEqual({ page: 3, q: 'ada', roleId: 'role_1', pageSize: 50 });
  });

  it('falls back to defaults for missing or hand-edited values instead of failing', () => {
    expect(membersSearchFromParams(new URLSearchParams(''))).toEqual({
      page: 1,
      q: '',
      roleId: undefined,
      pageSize: 20,
    });
    expect(
      membersSearchFromParams(new URLSearchParams('page=-2&role=%3Cscript%3E&size=7')),
    ).toEqual({ page: 1, q: '', roleId: undefined, pageSize: 20 });
    expect(membersSearchFromParams(new URLSearchParams('page=abc')).page).toBe(1);
  });

  it('writes only what differs from the defaults, and round-trips', () => {
    expect(
      membersSearchToParams({ page: 1, q: '', roleId: undefined, pageSize: 20 }).toString(),
    ).toBe('');
    const search = { page: 2, q: 'olivia smith', roleId: 'r1', pageSize: 100 };
    const params = membersSearchToParams(search);
    expect(params.toString()).toBe('q=olivia+smith&role=r1&page=2&size=100');
    expect(membersSearchFromParams(params)).toEqual(search);
  });

  it('builds the BFF query without empty filters, so equal searches share a query key', () => {
    expect(membersListQuery({ page: 1, q: '', roleId: undefined, pageSize: 20 })).toEqual({
      page: 1,
      pageSize: 20,
    });
    expect(membersListQuery({ page: 4, q: 'kim', roleId: 'adm1n', pageSize: 50 })).toEqual({
      page: 4,
      pageSize: 50,
      q: 'kim',
      roleId: 'adm1n',
    });
  });

  it('knows when a search narrows the list', () => {
    expect(hasFilters({ page: 3, q: '', roleId: undefined, pageSize: 20 })).toBe(false);
    expect(hasFilters({ page: 1, q: 'x', roleId: undefined, pageSize: 20 })).toBe(true);
    expect(hasFilters({ page: 1, q: '', roleId: 'r', pageSize: 20 })).toBe(true);
  });
});

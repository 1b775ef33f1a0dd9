import { describe, expect, it } from 'vitest';

import { memberKeys } from './member-keys.js';

describe('memberKeys', () => {
  it('goes from general to specific, so invalidating an organization’s lists hits every page of it', () => {
    const list = memberKeys.list('org-a', { page: 2, pageSize: 20, q: 'ada' });
    expect(list).toEqual(['members', 'org-a', 'list', { page: 2, pageSize: 20, q: 'ada' }]);
    expect(list.slice(0, memberKeys.lists('org-a').length)).toEqual(memberKeys.lists('org-a'));
    expect(memberKeys.lists('org-a').slice(0, 2)).toEqual(memberKeys.organization('org-a'));
    expect(memberKeys.organization('org-a').slice(0, 1)).toEqual(memberKeys.all);
  });

  it('keeps organizations apart', () => {
    expect(memberKeys.lists('org-a')).not.toEqual(memberKeys.lists('org-b'));
  });
});

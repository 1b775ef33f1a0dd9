import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';

import { auditEventKeys } from '../../audit-log/api/audit-event-keys.js';
import { meKeys } from '../../me/api/me-keys.js';

import { invalidateAfterMemberChange } from './invalidate-after-member-change.js';
import { memberKeys } from './member-keys.js';

describe('invalidateAfterMemberChange', () => {
  it('invalidates exactly one organization’s member lists, its audit log and the person’s access', async () => {
    const client = new QueryClient();
    const keys = {
      acmePage1: memberKeys.list('acme', { page: 1, pageSize: 20 }),
      acmeSearch: memberKeys.list('acme', { page: 1, pageSize: 20, q: 'bob' }),
      acmeAudit: auditEventKeys.list('acme', { page: 1, pageSize: 20 }),
      me: meKeys.access(),
      profile: meKeys.profile(),
      globexPage1: memberKeys.list('globex', { page: 1, pageSize: 20 }),
      globexAudit: auditEventKeys.list('globex', { page: 1, pageSize: 20 }),
    };
    for (const key of Object.values(keys)) client.setQueryData(key, 'data');
    await invalidateAfterMemberChange(client, 'acme');
    const invalidated = Object.fromEntries(
      Object.entries(keys).map(([name, key]) => [name, client.getQueryState(key)?.isInvalidated]),
    );
    expect(invalidated).toEqual({
      acmePage1: true,
      acmeSearch: true,
      acmeAudit: true,
      me: true,
      profile: false,
      globexPage1: false,
      globexAudit: false,
    });
  });
});

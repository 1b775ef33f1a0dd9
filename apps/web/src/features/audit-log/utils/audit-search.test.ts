import { describe, expect, it } from 'vitest';

import {
  auditListQuery,
  auditSearchFromParams,
  auditSearchToParams,
  hasAuditFilters,
} from './audit-search.js';

describe('audit log filters in the URL', () => {
  it('reads known actions, outcomes and calendar days, and ignores anything else', () => {
    expect(
      auditSearchFromParams(
        new URLSearchParams(
          'action=member.removed&outcome=failure&from=2025-01-02&to=2025-01-31&page=2',
        ),
      ),
    ).toEqual({
      page: 2,
      action: 'member.removed',
      outcome: 'failure',
      from: '2025-01-02',
      to: '2025-01-31',
    });
    expect(
      auditSearchFromParams(new URLSearchParams('action=drop.table&outcome=maybe&from=yesterday')),
    ).toEqual({ page: 1, action: undefined, outcome: undefined, from: undefined, to: undefined });
  });

  it('round-trips through the URL', () => {
    const search = {
      page: 3,
      action: 'member.roles_replaced' as const,
      outcome: 'success' as const,
      from: '2024-12-01',
      to: undefined,
    };
    expect(auditSearchFromParams(auditSearchToParams(search))).toEqual(search);
    expect(
      auditSearchToParams({
        page: 1,
        action: undefined,
        outcome: undefined,
        from: undefined,
        to: undefined,
      }).toString(),
    ).toBe('');
  });

  it('turns calendar days into an inclusive range of instants in the viewer’s time zone', () => {
    const query = auditListQuery({
      page: 1,
      action: undefined,
      outcome: undefined,
      from: '2025-03-01',
      to: '2025-03-02',
    });
    expect(query.from).toBe(new Date(2025, 2, 1, 0, 0, 0, 0).toISOString());
    expect(query.to).toBe(new Date(2025, 2, 2, 23, 59, 59, 999).toISOString());
    expect(query).toMatchObject({ page: 1, pageSize: 20 });
    expect(query).not.toHaveProperty('action');
  });

  it('reads a backwards range the way it was meant', () => {
    const query = auditListQuery({
      page: 1,
      action: 'member.removed',
      outcome: undefined,
      from: '2025-03-09',
      to: '2025-03-01',
    });
    expect(query.from).toBe(new Date(2025, 2, 1).toISOString());
    expect(query.to).toBe(new Date(2025, 2, 9, 23, 59, 59, 999).toISOString());
    expect(query.action).toBe('member.removed');
  });

  it('knows whether any filter is set', () => {
    const none = { page: 2, action: undefined, outcome: undefined, from: undefined, to: undefined };
    expect(hasAuditFilters(none)).toBe(false);
    expect(hasAuditFilters({ ...none, to: '2025-01-01' })).toBe(true);
    expect(hasAuditFilters({ ...none, outcome: 'failure' })).toBe(true);
  });
});

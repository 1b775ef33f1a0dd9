import { describe, expect, it } from 'vitest';

import { membershipsFromClaims } from './get-my-organizations.js';

// Shapes as in the real Logto ID token (oidc-samples/05) and userinfo (`organization_data`).
describe('membershipsFromClaims', () => {
  it('pairs each organization with its roles, and names from userinfo', () => {
    const memberships = membershipsFromClaims(
      {
        sub: 'u1',
        organizations: ['org-b', 'org-a'],
        organization_roles: ['org-a:admin', 'org-b:member', 'org-a:billing:viewer'],
      },
      [
        { id: 'org-a', name: 'Acme', description: null },
        { id: 'org-b', name: 'Beta Corp', description: 'Second' },
      ],
    );
    expect(memberships).toEqual([
      { id: 'org-a', name: 'Acme', description: undefined, roles: ['admin', 'billing:viewer'] },
      { id: 'org-b', name: 'Beta Corp', description: 'Second', roles: ['member'] },
    ]);
  });

  it('falls back to ids without userinfo, and keeps members with no role', () => {
    expect(
      membershipsFromClaims({ organizations: ['zz', 'aa'], organization_roles: ['zz:member'] }),
    ).toEqual([
      { id: 'aa', name: undefined, description: undefined, roles: [] },
      { id: 'zz', name: undefined, description: undefined, roles: ['member'] },
    ]);
  });

  it('handles an ID token without organization claims', () => {
    expect(membershipsFromClaims({ sub: 'u1' })).toEqual([]);
  });

  it('rejects claims of the wrong shape instead of guessing', () => {
    expect(() => membershipsFromClaims({ organizations: 'org-a' })).toThrow();
  });
});

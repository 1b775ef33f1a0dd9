import { describe, expect, it } from 'vitest';

import { permissionsOfRoles, sameRoles } from './role-permissions.js';

const roles = [
  {
    id: 'r-admin',
    name: 'admin',
    description: null,
    permissions: ['read:members', 'manage:members'],
  },
  {
    id: 'r-auditor',
    name: 'auditor',
    description: null,
    permissions: ['read:audit-log', 'read:members'],
  },
  { id: 'r-member', name: 'member', description: null, permissions: [] },
];

describe('permissionsOfRoles', () => {
  it('is the union of the chosen roles’ permissions, each once', () => {
    expect(permissionsOfRoles(roles, ['r-admin', 'r-auditor']).sort()).toEqual([
      'manage:members',
      'read:audit-log',
      'read:members',
    ]);
    expect(permissionsOfRoles(roles, ['r-member'])).toEqual([]);
    expect(permissionsOfRoles(roles, ['gone'])).toEqual([]);
  });
});

describe('sameRoles', () => {
  it('ignores order', () => {
    expect(sameRoles(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameRoles(['a'], ['a', 'b'])).toBe(false);
    expect(sameRoles([], [])).toBe(true);
  });
});

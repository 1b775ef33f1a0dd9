import type { MeResponse } from '@portal/shared';
import { describe, expect, it } from 'vitest';

import {
  canSee,
  firstSection,
  manageableOrganizations,
  organizationAccess,
  organizationCredentials,
  organizationPath,
} from './organization-access.js';

const me = (overrides: Partial<MeResponse> = {}): MeResponse => ({
  user: { id: 'ada1', name: 'Ada Admin', username: 'ada', email: 'ada@example.com', avatar: null },
  organizations: [
    {
      id: 'acme1',
      name: 'Acme Corp',
      description: null,
      roles: [{ id: 'r-admin', name: 'admin' }],
      permissions: [
        'read:members',
        'invite:members',
        'manage:members',
        'manage:organization',
        'read:audit-log',
      ],
    },
    {
      id: 'globex1',
      name: 'Globex',
      description: null,
      roles: [{ id: 'r-member', name: 'member' }],
      permissions: [],
    },
    {
      id: 'audit1',
      name: 'Auditors Inc',
      description: null,
      roles: [{ id: 'r-aud', name: 'auditor' }],
      permissions: ['read:audit-log', 'read:billing'],
    },
    {
      id: 'vendor1',
      name: 'Vendor Scopes Only',
      description: null,
      roles: [{ id: 'r-b', name: 'billing' }],
      permissions: ['read:billing'],
    },
  ],
  support: { canRead: false, canWrite: false },
  ...overrides,
});

describe('organizationAccess', () => {
  it('gives a member with portal permissions their organization token and exactly their permissions', () => {
    const access = organizationAccess(me(), 'acme1');
    expect(access).toEqual({
      organizationId: 'acme1',
      organizationName: 'Acme Corp',
      via: 'membership',
      can: {
        readMembers: true,
        manageMembers: true,
        manageOrganization: true,
        readAuditLog: true,
        readInvitations: true,
        inviteMembers: true,
      },
      reasonRequired: false,
    });
    expect(organizationCredentials(access!)).toEqual({
      kind: 'organization',
      organizationId: 'acme1',
    });

    expect(organizationAccess(me(), 'audit1')?.can).toEqual({
      readMembers: false,
      manageMembers: false,
      manageOrganization: false,
      readAuditLog: true,
      readInvitations: false,
      inviteMembers: false,
    });
  });

  it('gives nothing to a plain member, to a member holding only a vendor’s own scopes, or to a stranger', () => {
    expect(organizationAccess(me(), 'globex1')).toBeUndefined();
    expect(organizationAccess(me(), 'vendor1')).toBeUndefined();
    expect(organizationAccess(me(), 'elsewhere')).toBeUndefined();
  });

  it('lets support staff read any organization with the portal API token, and write only with support:write and a reason', () => {
    const readOnly = organizationAccess(
      me({ organizations: [], support: { canRead: true, canWrite: false } }),
      'acme1',
    );
    expect(readOnly).toMatchObject({
      via: 'support',
      organizationName: undefined,
      can: {
        readMembers: true,
        manageMembers: false,
        manageOrganization: false,
        readAuditLog: true,
        readInvitations: true,
        inviteMembers: false,
      },
      reasonRequired: true,
    });
    expect(organizationCredentials(readOnly!)).toEqual({ kind: 'portal' });

    const readWrite = organizationAccess(
      me({ support: { canRead: true, canWrite: true } }),
      'globex1',
    );
    // A plain member of Globex who is also support staff acts there as support, and keeps its name.
    expect(readWrite).toMatchObject({
      via: 'support',
      organizationName: 'Globex',
      can: { manageMembers: true, manageOrganization: true, inviteMembers: true },
    });
    // Where they hold portal permissions themselves, their own organization token is used.
    expect(
      organizationAccess(me({ support: { canRead: true, canWrite: true } }), 'acme1')?.via,
    ).toBe('membership');
  });
});

describe('manageableOrganizations', () => {
  it('offers the organizations where the person holds any portal permission, by name', () => {
    expect(manageableOrganizations(me()).map(({ name }) => name)).toEqual([
      'Acme Corp',
      'Auditors Inc',
    ]);
  });
});

describe('pages of an organization', () => {
  it('offers only the pages the permissions allow, starting with the first of them', () => {
    const auditor = organizationAccess(me(), 'audit1')!;
    expect(canSee(auditor, 'members')).toBe(false);
    expect(canSee(auditor, 'invitations')).toBe(false);
    expect(canSee(organizationAccess(me(), 'acme1')!, 'invitations')).toBe(true);
    expect(canSee(auditor, 'roles')).toBe(true);
    expect(canSee(auditor, 'settings')).toBe(true);
    expect(canSee(auditor, 'audit-log')).toBe(true);
    expect(firstSection(auditor)).toBe('roles');
    expect(firstSection(organizationAccess(me(), 'acme1')!)).toBe('members');
  });

  it('builds page paths with the id encoded', () => {
    expect(organizationPath('acme1', 'audit-log')).toBe('/orgs/acme1/audit-log');
    expect(organizationPath('a/b', 'members')).toBe('/orgs/a%2Fb/members');
  });
});

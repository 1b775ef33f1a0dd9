import {
  allOrganizationPermissions,
  organizationPermissions,
  type MeResponse,
  type MyOrganization,
} from '@portal/shared';

import type { Credentials } from './api-client.js';

/** What the signed-in person may do in one organization, and with which token (DESIGN.md section 4). */
export type OrganizationAccess = {
  organizationId: string;
  /** From /api/me; unknown for support staff who are not members (the page loads it). */
  organizationName: string | undefined;
  /** `membership`: their organization token and its scopes; `support`: the portal API token. */
  via: 'membership' | 'support';
  can: {
    readMembers: boolean;
    manageMembers: boolean;
    manageOrganization: boolean;
    readAuditLog: boolean;
    /** See the organization's invitations. */
    readInvitations: boolean;
    /** Invite, resend, renew and revoke. */
    inviteMembers: boolean;
  };
  /** Support writes must say why (sent as X-Support-Reason). */
  reasonRequired: boolean;
};

const isPortalPermission = (scope: string) =>
  allOrganizationPermissions.some((permission) => permission === scope);

/** Organizations where the person holds any portal permission: the ones the switcher offers. */
export const manageableOrganizations = (me: MeResponse): MyOrganization[] =>
  me.organizations
    .filter((organization) => organization.permissions.some(isPortalPermission))
    .sort((a, b) => a.name.localeCompare(b.name));

/**
 * A member with portal permissions uses their organization token; support staff (support:read) use the
 * portal API token on any other organization, writing only with support:write and a reason. Anyone
 * else gets no access (undefined), and the page says so rather than showing screens that would fail.
 */
export function organizationAccess(
  me: MeResponse,
  organizationId: string,
): OrganizationAccess | undefined {
  const membership = me.organizations.find(({ id }) => id === organizationId);
  if (membership?.permissions.some(isPortalPermission)) {
    const has = (permission: string) => membership.permissions.includes(permission);
    return {
      organizationId,
      organizationName: membership.name,
      via: 'membership',
      can: {
        readMembers: has(organizationPermissions.readMembers),
        manageMembers: has(organizationPermissions.manageMembers),
        manageOrganization: has(organizationPermissions.manageOrganization),
        readAuditLog: has(organizationPermissions.readAuditLog),
        readInvitations: has(organizationPermissions.inviteMembers),
        inviteMembers: has(organizationPermissions.inviteMembers),
      },
      reasonRequired: false,
    };
  }
  if (me.support.canRead) {
    return {
      organizationId,
      organizationName: membership?.name,
      via: 'support',
      can: {
        readMembers: true,
        manageMembers: me.support.canWrite,
        manageOrganization: me.support.canWrite,
        readAuditLog: true,
        readInvitations: true,
        inviteMembers: me.support.canWrite,
      },
      reasonRequired: true,
    };
  }
  return undefined;
}

/** The token for this organization's routes. */
export const organizationCredentials = (access: OrganizationAccess): Credentials =>
  access.via === 'support'
    ? { kind: 'portal' }
    : { kind: 'organization', organizationId: access.organizationId };

export const organizationSections = [
  'members',
  'invitations',
  'roles',
  'settings',
  'audit-log',
] as const;
export type OrganizationSection = (typeof organizationSections)[number];

/**
 * Whether a section's page is offered. Roles and settings are readable with any portal permission
 * (settings read-only without manage:organization), as the BFF allows.
 */
export function canSee(access: OrganizationAccess, section: OrganizationSection): boolean {
  switch (section) {
    case 'members':
      return access.can.readMembers;
    case 'invitations':
      return access.can.readInvitations;
    case 'roles':
    case 'settings':
      return true;
    case 'audit-log':
      return access.can.readAuditLog;
  }
}

export const organizationPath = (organizationId: string, section: OrganizationSection) =>
  `/orgs/${encodeURIComponent(organizationId)}/${section}`;

/** The first page this person can see there (members, when they may read them). */
export const firstSection = (access: OrganizationAccess): OrganizationSection =>
  organizationSections.find((section) => canSee(access, section)) ?? 'settings';

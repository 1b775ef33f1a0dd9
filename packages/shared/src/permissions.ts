/**
 * The portal's permissions, defined once. Organization permissions are organization scopes in Logto's
 * organization template (vendors can build their own roles from them); support permissions are scopes
 * of the portal API resource, granted through a global role.
 */
export const organizationPermissions = {
  readMembers: 'read:members',
  inviteMembers: 'invite:members',
  manageMembers: 'manage:members',
  manageOrganization: 'manage:organization',
  readAuditLog: 'read:audit-log',
} as const;

export type OrganizationPermission =
  (typeof organizationPermissions)[keyof typeof organizationPermissions];

export const allOrganizationPermissions: readonly OrganizationPermission[] =
  Object.values(organizationPermissions);

export const organizationPermissionDescriptions: Record<OrganizationPermission, string> = {
  'read:members': 'See the organization’s members and their roles.',
  'invite:members': 'Invite people and manage pending invitations.',
  'manage:members': 'Change members’ roles and remove members.',
  'manage:organization': 'Edit the organization’s name, description and branding.',
  'read:audit-log': 'Read the organization’s audit log.',
};

export const defaultOrganizationRoles = [
  {
    name: 'admin',
    description: 'Manages the organization: members, invitations, settings and audit log.',
    permissions: allOrganizationPermissions,
  },
  { name: 'member', description: 'A member of the organization.', permissions: [] },
] as const satisfies ReadonlyArray<{
  name: string;
  description: string;
  permissions: readonly OrganizationPermission[];
}>;

export const supportPermissions = {
  read: 'support:read',
  write: 'support:write',
} as const;

export type SupportPermission = (typeof supportPermissions)[keyof typeof supportPermissions];

/** The portal API resource (DESIGN.md section 4); its indicator is configurable, this is the default. */
export const defaultPortalApiResource = {
  name: 'Organization admin portal API',
  indicator: 'https://portal.example/api',
} as const;

export const supportRoles = [
  {
    name: 'portal-support',
    description: 'Vendor support staff: read and act on any organization in the portal.',
    permissions: [supportPermissions.read, supportPermissions.write],
  },
  {
    name: 'portal-support-readonly',
    description: 'Vendor support staff who may look but not change anything.',
    permissions: [supportPermissions.read],
  },
] as const;

/** Logto's user scopes the SPA requests so that ID tokens carry organizations and their roles. */
export const logtoUserScopes = {
  email: 'email',
  organizations: 'urn:logto:scope:organizations',
  organizationRoles: 'urn:logto:scope:organization_roles',
} as const;

/** Organization tokens carry no organization claim; the organization is in the audience. */
export const organizationAudiencePrefix = 'urn:logto:organization:';
export const organizationAudience = (organizationId: string) =>
  `${organizationAudiencePrefix}${organizationId}`;

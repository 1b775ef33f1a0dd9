/** The BFF's paths, built in one place for the SPA, the BFF's router and the tests. */
export const apiPaths = {
  me: '/api/me',
  organization: (orgId: string) => `/api/orgs/${encodeURIComponent(orgId)}`,
  members: (orgId: string) => `/api/orgs/${encodeURIComponent(orgId)}/members`,
  member: (orgId: string, userId: string) =>
    `/api/orgs/${encodeURIComponent(orgId)}/members/${encodeURIComponent(userId)}`,
  memberRoles: (orgId: string, userId: string) =>
    `/api/orgs/${encodeURIComponent(orgId)}/members/${encodeURIComponent(userId)}/roles`,
  membersRoleAssignments: (orgId: string) =>
    `/api/orgs/${encodeURIComponent(orgId)}/members/role-assignments`,
  roles: (orgId: string) => `/api/orgs/${encodeURIComponent(orgId)}/roles`,
  auditEvents: (orgId: string) => `/api/orgs/${encodeURIComponent(orgId)}/audit-events`,
  supportOrganizations: '/api/support/orgs',
  supportOrganization: (orgId: string) => `/api/support/orgs/${encodeURIComponent(orgId)}`,
  supportAuditEvents: '/api/support/audit-events',
  openApi: '/api/openapi.json',
  docs: '/api/docs',
} as const;

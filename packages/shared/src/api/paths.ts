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
  invitations: (orgId: string) => `/api/orgs/${encodeURIComponent(orgId)}/invitations`,
  invitation: (orgId: string, invitationId: string) =>
    `/api/orgs/${encodeURIComponent(orgId)}/invitations/${encodeURIComponent(invitationId)}`,
  invitationResend: (orgId: string, invitationId: string) =>
    `/api/orgs/${encodeURIComponent(orgId)}/invitations/${encodeURIComponent(invitationId)}/resend`,
  invitationRenew: (orgId: string, invitationId: string) =>
    `/api/orgs/${encodeURIComponent(orgId)}/invitations/${encodeURIComponent(invitationId)}/renew`,
  invitationRevoke: (orgId: string, invitationId: string) =>
    `/api/orgs/${encodeURIComponent(orgId)}/invitations/${encodeURIComponent(invitationId)}/revoke`,
  invitationLink: (orgId: string, invitationId: string) =>
    `/api/orgs/${encodeURIComponent(orgId)}/invitations/${encodeURIComponent(invitationId)}/link`,
  inviteeInvitation: (invitationId: string) =>
    `/api/invitations/${encodeURIComponent(invitationId)}`,
  acceptInvitation: (invitationId: string) =>
    `/api/invitations/${encodeURIComponent(invitationId)}/accept`,
  supportOrganizations: '/api/support/orgs',
  supportOrganization: (orgId: string) => `/api/support/orgs/${encodeURIComponent(orgId)}`,
  supportAuditEvents: '/api/support/audit-events',
  openApi: '/api/openapi.json',
  docs: '/api/docs',
} as const;

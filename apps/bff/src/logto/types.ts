/**
 * What the BFF needs from Logto's Management API, in the BFF's own words. Exactly one module
 * (logto/management-client.ts) implements it, on @logto/api; routes depend on this interface only.
 * Every method throws the BFF's named errors (`ApiError` from errors.ts), never raw upstream responses:
 * unknown ids → the specific not-found name (organizationNotFound, memberNotFound, roleNotFound,
 * invitationNotFound, notFound), upstream 5xx → upstreamError (502), unreachable → upstreamUnavailable
 * (503), timeouts → upstreamTimeout (504); the full table is in upstream-errors.ts.
 */
import type { RoleRef } from '@portal/shared';

export type LogtoOrganization = {
  id: string;
  name: string;
  description: string | null;
  customData: Record<string, unknown>;
  branding: Record<string, string>;
  color: Record<string, string | boolean>;
  isMfaRequired: boolean;
  createdAt: number;
};

export type LogtoUser = {
  id: string;
  username: string | null;
  primaryEmail: string | null;
  primaryPhone: string | null;
  name: string | null;
  avatar: string | null;
  isSuspended: boolean;
  lastSignInAt: number | null;
  createdAt: number;
};

/**
 * The email template's variables. Logto adds `organization` and `inviter` to the context when it sends
 * on create, but not on `/message` (which is how the BFF sends), so the BFF passes them itself, in
 * Logto's shape: `{{organization.name}}` and `{{inviter.name}}` work in a connector's template either way.
 */
export type InvitationMessage = {
  link: string;
  locale?: string;
  organization?: { id: string; name: string };
  inviter?: { id: string; name: string | null; username: string | null };
};

export type LogtoMember = LogtoUser & { organizationRoles: RoleRef[] };

export type LogtoOrganizationRole = {
  id: string;
  name: string;
  description: string | null;
  type: 'User' | 'MachineToMachine';
  /** Organization scope names this role grants. */
  scopes: string[];
};

export type LogtoPage<Item> = { items: Item[]; totalCount: number };

export type OrganizationPatch = {
  name?: string;
  description?: string | null;
  /** Full replacement values: the client does NOT merge; callers merge first (Logto replaces JSON fields). */
  customData?: Record<string, unknown>;
  branding?: Record<string, string>;
  color?: Record<string, string | boolean>;
};

export type LogtoInvitation = {
  id: string;
  inviterId: string | null;
  invitee: string;
  acceptedUserId: string | null;
  organizationId: string;
  status: 'Pending' | 'Accepted' | 'Expired' | 'Revoked';
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  organizationRoles: RoleRef[];
};

export interface LogtoManagementClient {
  /** For /readyz: resolves when Logto answers (token endpoint + a cheap Management API call). */
  ping(): Promise<void>;

  listOrganizations(query: {
    q?: string;
    page: number;
    pageSize: number;
  }): Promise<LogtoPage<LogtoOrganization>>;
  getOrganization(organizationId: string): Promise<LogtoOrganization>;
  createOrganization(input: { name: string; description?: string }): Promise<LogtoOrganization>;
  updateOrganization(organizationId: string, patch: OrganizationPatch): Promise<LogtoOrganization>;
  deleteOrganization(organizationId: string): Promise<void>;

  /** Logto does not check the organization here: an unknown one is an empty page, not a 404. */
  listMembers(
    organizationId: string,
    query: { q?: string; roleId?: string; page: number; pageSize: number },
  ): Promise<LogtoPage<LogtoMember>>;
  /** Every member holding a role, all pages (for the last-admin rule); bounded by the caller. */
  listMemberIdsWithRole(organizationId: string, roleId: string): Promise<string[]>;
  /** Whether the user is a member: the member's roles (by name) when they are, else undefined. */
  getMemberRoles(organizationId: string, userId: string): Promise<RoleRef[] | undefined>;
  /** The organization scopes the user holds there now (live; the re-check before writes). */
  getMemberScopes(organizationId: string, userId: string): Promise<string[]>;
  /**
   * The scopes of one API resource (by indicator) the user holds now through their global roles:
   * support staff's `support:read` / `support:write` on the portal API.
   */
  getUserApiScopes(userId: string, resourceIndicator: string): Promise<string[]>;
  removeMember(organizationId: string, userId: string): Promise<void>;
  /** Exactly these roles afterwards (`[]` removes all); memberNotFound for a non-member. */
  replaceMemberRoles(organizationId: string, userId: string, roleIds: string[]): Promise<void>;
  assignRoles(organizationId: string, userIds: string[], roleIds: string[]): Promise<void>;
  addMembers(organizationId: string, userIds: string[]): Promise<void>;

  /** The organization template's roles with their scopes (all pages). */
  listOrganizationRoles(): Promise<LogtoOrganizationRole[]>;

  getUser(userId: string): Promise<LogtoUser>;
  /**
   * Users by text (`q`: contains, in id, email, phone, username or name), by exact email
   * (case-insensitive), and/or not in an organization (an "add member" picker); newest first.
   */
  findUsers(query: {
    q?: string;
    email?: string;
    excludeOrganizationId?: string;
    page: number;
    pageSize: number;
  }): Promise<LogtoPage<LogtoUser>>;
  /** The user's organizations with their roles there. */
  getUserOrganizations(
    userId: string,
  ): Promise<Array<LogtoOrganization & { organizationRoles: RoleRef[] }>>;

  // Invitations (issue 4)
  /**
   * Logto's list is global and unpaginated: pass `organizationId` (the result is filtered by it again,
   * locally) and paginate in the BFF. `Expired` is computed from `expiresAt`.
   */
  listInvitations(query: { organizationId?: string; invitee?: string }): Promise<LogtoInvitation[]>;
  getInvitation(invitationId: string): Promise<LogtoInvitation>;
  /** Creates it without sending any email (see sendInvitationMessage). */
  createInvitation(input: {
    organizationId: string;
    invitee: string;
    inviterId: string | null;
    expiresAt: number;
    organizationRoleIds: string[];
  }): Promise<LogtoInvitation>;
  /**
   * Sends (or resends: Logto does not check the status) the invitation email. Without an email
   * connector in Logto it throws `EmailConnectorMissingError` (upstream-errors.ts).
   */
  sendInvitationMessage(invitationId: string, payload: InvitationMessage): Promise<void>;
  setInvitationStatus(
    invitationId: string,
    status: 'Accepted' | 'Revoked',
    acceptedUserId?: string,
  ): Promise<LogtoInvitation>;
  deleteInvitation(invitationId: string): Promise<void>;
}

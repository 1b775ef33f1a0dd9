/**
 * Logto's organization helpers, rewritten on our client: api/organization.ts, organization-role.ts,
 * organization-scope.ts, organization-jit.ts, organization-invitation.ts and the `*ApiTest` classes
 * of helpers/organization.ts (which record what they create and delete it in `cleanUp`).
 */
import { z } from 'zod';

import { send, sendFor, type Query } from './client.js';
import { RelationApiFactory, TrackedApiFactory } from './factory.js';
import {
  addedOrganizationRolesSchema,
  applicationSchema,
  invitationSchema,
  memberSchema,
  organizationRoleSchema,
  organizationRoleWithScopesSchema,
  organizationSchema,
  organizationScopeSchema,
  organizationWithFeaturedSchema,
  organizationWithRolesSchema,
  resourceScopeSchema,
} from './schemas.js';

type PageQuery = { q?: string; page?: number; page_size?: number };

const pageQuery = (query?: PageQuery): Query | undefined =>
  query &&
  Object.fromEntries(
    Object.entries(query).filter(
      (entry): entry is [string, string | number] => entry[1] !== undefined,
    ),
  );

export class OrganizationRoleApiTest extends TrackedApiFactory<typeof organizationRoleSchema> {
  constructor() {
    super('organization-roles', organizationRoleSchema);
  }

  get roles() {
    return this.created;
  }

  /** Listed roles carry their scopes and resource scopes. */
  async getListWithScopes(query?: Query) {
    return sendFor(z.array(organizationRoleWithScopesSchema), 'GET', this.path, { query });
  }

  /** One role carries its scopes and resource scopes. */
  async getWithScopes(id: string) {
    return sendFor(organizationRoleWithScopesSchema, 'GET', `${this.path}/${id}`);
  }

  async addScopes(id: string, organizationScopeIds: string[]): Promise<void> {
    await send('POST', `${this.path}/${id}/scopes`, { json: { organizationScopeIds } });
  }

  async getScopes(id: string, query?: Query) {
    return sendFor(z.array(organizationScopeSchema), 'GET', `${this.path}/${id}/scopes`, {
      query,
    });
  }

  async deleteScope(id: string, scopeId: string): Promise<void> {
    await send('DELETE', `${this.path}/${id}/scopes/${scopeId}`);
  }

  async addResourceScopes(id: string, scopeIds: string[]): Promise<void> {
    await send('POST', `${this.path}/${id}/resource-scopes`, { json: { scopeIds } });
  }

  async getResourceScopes(id: string, query?: Query) {
    return sendFor(z.array(resourceScopeSchema), 'GET', `${this.path}/${id}/resource-scopes`, {
      query,
    });
  }

  async deleteResourceScope(id: string, scopeId: string): Promise<void> {
    await send('DELETE', `${this.path}/${id}/resource-scopes/${scopeId}`);
  }
}

export class OrganizationScopeApiTest extends TrackedApiFactory<typeof organizationScopeSchema> {
  constructor() {
    super('organization-scopes', organizationScopeSchema);
  }

  get scopes() {
    return this.created;
  }
}

const jitRoles = (basePath: string) =>
  new RelationApiFactory({
    basePath,
    relationPath: 'jit/roles',
    relationKey: 'organizationRoleIds',
    schema: organizationRoleSchema,
  });

/** Logto's `OrganizationJitApi` (api/organization-jit.ts). */
export class OrganizationJitApi {
  readonly #roles = jitRoles('organizations');
  readonly ssoConnectors = new RelationApiFactory({
    basePath: 'organizations',
    relationPath: 'jit/sso-connectors',
    relationKey: 'ssoConnectorIds',
    schema: z.looseObject({ id: z.string() }),
  });

  async getEmailDomains(id: string, page?: number, pageSize?: number) {
    const query = new URLSearchParams();
    if (page) query.append('page', String(page));
    if (pageSize) query.append('page_size', String(pageSize));
    return sendFor(
      z.array(z.looseObject({ emailDomain: z.string() })),
      'GET',
      `organizations/${id}/jit/email-domains`,
      { query },
    );
  }

  async addEmailDomain(id: string, emailDomain: string): Promise<void> {
    await send('POST', `organizations/${id}/jit/email-domains`, { json: { emailDomain } });
  }

  async deleteEmailDomain(id: string, emailDomain: string): Promise<void> {
    await send('DELETE', `organizations/${id}/jit/email-domains/${emailDomain}`);
  }

  async replaceEmailDomains(id: string, emailDomains: string[]): Promise<void> {
    await send('PUT', `organizations/${id}/jit/email-domains`, { json: { emailDomains } });
  }

  async getRoles(id: string) {
    return this.#roles.getList(id);
  }

  async addRole(id: string, organizationRoleIds: string[]): Promise<void> {
    await this.#roles.add(id, organizationRoleIds);
  }

  async deleteRole(id: string, organizationRoleId: string): Promise<void> {
    await this.#roles.delete(id, organizationRoleId);
  }

  async replaceRoles(id: string, organizationRoleIds: string[]): Promise<void> {
    await this.#roles.replace(id, organizationRoleIds);
  }
}

export class OrganizationApiTest extends TrackedApiFactory<typeof organizationSchema> {
  readonly roleApi = new OrganizationRoleApiTest();
  readonly scopeApi = new OrganizationScopeApiTest();
  readonly jit = new OrganizationJitApi();
  readonly applications = new RelationApiFactory({
    basePath: 'organizations',
    relationPath: 'applications',
    relationKey: 'applicationIds',
    schema: applicationSchema.extend({
      organizationRoles: z.array(z.looseObject({ id: z.string(), name: z.string() })),
    }),
  });

  constructor() {
    super('organizations', organizationSchema);
  }

  get organizations() {
    return this.created;
  }

  /** `GET /api/organizations` (with `showFeatured`: `usersCount` and `featuredUsers`). */
  async getListWithFeatured(query?: Query) {
    return sendFor(z.array(organizationWithFeaturedSchema), 'GET', this.path, { query });
  }

  async addUsers(id: string, userIds: string[]): Promise<void> {
    await send('POST', `${this.path}/${id}/users`, { json: { userIds } });
  }

  async replaceUsers(id: string, userIds: string[]): Promise<void> {
    await send('PUT', `${this.path}/${id}/users`, { json: { userIds } });
  }

  /** The members and the `Total-Number` header. */
  async getUsers(id: string, query?: PageQuery) {
    const response = await send('GET', `${this.path}/${id}/users`, { query: pageQuery(query) });
    const rows = z.array(memberSchema).parse(response.body);
    return [rows, Number(response.headers.get('total-number') ?? 0)] as const;
  }

  async deleteUser(id: string, userId: string): Promise<void> {
    await send('DELETE', `${this.path}/${id}/users/${userId}`);
  }

  async addUserRoles(
    id: string,
    userId: string,
    organizationRoleIds: string[],
    organizationRoleNames?: string[],
  ) {
    return sendFor(
      addedOrganizationRolesSchema,
      'POST',
      `${this.path}/${id}/users/${userId}/roles`,
      {
        json: { organizationRoleIds, organizationRoleNames },
      },
    );
  }

  async replaceUserRoles(
    id: string,
    userId: string,
    organizationRoleIds: string[],
    organizationRoleNames?: string[],
  ): Promise<void> {
    await send('PUT', `${this.path}/${id}/users/${userId}/roles`, {
      json: { organizationRoleIds, organizationRoleNames },
    });
  }

  async addUsersRoles(id: string, userIds: string[], organizationRoleIds: string[]): Promise<void> {
    await send('POST', `${this.path}/${id}/users/roles`, {
      json: { userIds, organizationRoleIds },
    });
  }

  async getUserRoles(id: string, userId: string, query?: PageQuery) {
    return sendFor(
      z.array(organizationRoleSchema),
      'GET',
      `${this.path}/${id}/users/${userId}/roles`,
      {
        query: pageQuery(query),
      },
    );
  }

  async deleteUserRole(id: string, userId: string, roleId: string): Promise<void> {
    await send('DELETE', `${this.path}/${id}/users/${userId}/roles/${roleId}`);
  }

  async getUserOrganizations(userId: string) {
    return sendFor(z.array(organizationWithRolesSchema), 'GET', `users/${userId}/organizations`);
  }

  async getUserOrganizationScopes(id: string, userId: string) {
    return sendFor(
      z.array(organizationScopeSchema),
      'GET',
      `${this.path}/${id}/users/${userId}/scopes`,
    );
  }

  async addApplicationRoles(
    id: string,
    applicationId: string,
    organizationRoleIds: string[],
  ): Promise<void> {
    await send('POST', `${this.path}/${id}/applications/${applicationId}/roles`, {
      json: { organizationRoleIds },
    });
  }

  async getApplicationRoles(id: string, applicationId: string) {
    return sendFor(
      z.array(organizationRoleSchema),
      'GET',
      `${this.path}/${id}/applications/${applicationId}/roles`,
    );
  }

  async deleteApplicationRole(id: string, applicationId: string, roleId: string): Promise<void> {
    await send('DELETE', `${this.path}/${id}/applications/${applicationId}/roles/${roleId}`);
  }
}

export type PostOrganizationInvitationData = {
  inviterId?: string;
  invitee: string;
  organizationId: string;
  expiresAt: number;
  organizationRoleIds?: string[];
  messagePayload?: Record<string, unknown>;
};

export class OrganizationInvitationApiTest extends TrackedApiFactory<typeof invitationSchema> {
  constructor() {
    super('organization-invitations', invitationSchema);
  }

  get invitations() {
    return this.created;
  }

  /**
   * Logto's older helper sent `?skipEmail=<bool>` (organization-invitation.test.ts); the current one
   * sends the body only, and a message goes out only when `messagePayload` is given.
   */
  async createWithSkipEmail(data: PostOrganizationInvitationData, skipEmail: boolean) {
    const created = await sendFor(invitationSchema, 'POST', this.path, {
      json: data,
      query: { skipEmail: String(skipEmail) },
    });
    this.created.push(created);
    return created;
  }

  async updateStatus(id: string, status: string, acceptedUserId?: string) {
    return sendFor(invitationSchema, 'PUT', `${this.path}/${id}/status`, {
      json: { status, acceptedUserId },
    });
  }

  async resendMessage(id: string, messagePayload: Record<string, unknown>): Promise<void> {
    await send('POST', `${this.path}/${id}/message`, { json: messagePayload });
  }
}

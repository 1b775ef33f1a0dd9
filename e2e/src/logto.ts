import type { E2eStack } from './stack.js';

const fieldOf = (value: unknown, field: string): unknown =>
  typeof value === 'object' && value !== null ? Reflect.get(value, field) : undefined;

const stringField = (value: unknown, field: string): string | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const fieldValue: unknown = Reflect.get(value, field);
  return typeof fieldValue === 'string' ? fieldValue : undefined;
};

/** A Management API token from the token endpoint (client credentials), as the BFF will get one. */
export async function managementToken(stack: E2eStack): Promise<string> {
  const { id, secret, managementApiResource } = stack.m2mApp;
  const response = await fetch(`${stack.logtoEndpoint}/oidc/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      resource: managementApiResource,
      scope: 'all',
    }),
  });
  const body: unknown = await response.json();
  const accessToken = stringField(body, 'access_token');
  if (!response.ok || !accessToken)
    throw new Error(`client_credentials failed: ${response.status} ${JSON.stringify(body)}`);
  return accessToken;
}

/** What Logto says a user may do in an organization: the scopes of their organization roles there. */
export async function organizationScopesOfUser(
  stack: E2eStack,
  organizationId: string,
  userId: string,
): Promise<string[]> {
  const response = await fetch(
    `${stack.logtoEndpoint}/api/organizations/${encodeURIComponent(organizationId)}/users/${encodeURIComponent(userId)}/scopes`,
    { headers: { authorization: `Bearer ${await managementToken(stack)}` } },
  );
  const body: unknown = await response.json();
  if (!response.ok || !Array.isArray(body))
    throw new Error(`GET organization user scopes: ${response.status} ${JSON.stringify(body)}`);
  return body.map((scope: unknown) => {
    const name = stringField(scope, 'name');
    if (!name) throw new Error(`An organization scope without a name: ${JSON.stringify(scope)}`);
    return name;
  });
}

/** A Management API call with the M2M token; throws with the answer when it is not 2xx. */
export async function managementApiCall(
  stack: E2eStack,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  const response = await fetch(`${stack.logtoEndpoint}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await managementToken(stack)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response;
}

const jsonArray = async (response: Response): Promise<unknown[]> => {
  const body: unknown = await response.json();
  if (!Array.isArray(body)) throw new Error(`Expected a list, got ${JSON.stringify(body)}`);
  return body.map((item: unknown) => item);
};

/** How many members of an organization Logto finds for a search (`Total-Number`). */
export async function countMembers(stack: E2eStack, organizationId: string, q?: string) {
  const query = new URLSearchParams({ page: '1', page_size: '1', ...(q ? { q } : {}) });
  const response = await managementApiCall(
    stack,
    'GET',
    `/api/organizations/${encodeURIComponent(organizationId)}/users?${query.toString()}`,
  );
  await response.arrayBuffer();
  return Number(response.headers.get('total-number'));
}

/** The names of a user's roles in an organization (undefined when they are not a member). */
export async function memberRoleNames(
  stack: E2eStack,
  organizationId: string,
  userId: string,
): Promise<string[] | undefined> {
  const organizations = await jsonArray(
    await managementApiCall(stack, 'GET', `/api/users/${encodeURIComponent(userId)}/organizations`),
  );
  const organization = organizations.find(
    (candidate) => stringField(candidate, 'id') === organizationId,
  );
  if (!organization) return undefined;
  const roles = fieldOf(organization, 'organizationRoles');
  if (!Array.isArray(roles))
    throw new Error(`No organizationRoles: ${JSON.stringify(organization)}`);
  return roles.map((role: unknown) => stringField(role, 'name') ?? '').sort();
}

/** A user's id by email. */
export async function userIdByEmail(stack: E2eStack, email: string): Promise<string> {
  const query = new URLSearchParams({ 'search.primaryEmail': email, page: '1', page_size: '5' });
  const users = await jsonArray(
    await managementApiCall(stack, 'GET', `/api/users?${query.toString()}`),
  );
  const id = users.map((user) => stringField(user, 'id')).find(Boolean);
  if (!id) throw new Error(`No user ${email}`);
  return id;
}

export async function organizationRoleIds(stack: E2eStack): Promise<Record<string, string>> {
  const roles = await jsonArray(
    await managementApiCall(stack, 'GET', '/api/organization-roles?page=1&page_size=100'),
  );
  return Object.fromEntries(
    roles.map((role) => [stringField(role, 'name') ?? '', stringField(role, 'id') ?? '']),
  );
}

/** Creates an organization with these members and roles (by role name), for a test of its own. */
export async function createOrganization(
  stack: E2eStack,
  name: string,
  members: Array<{ userId: string; roles: string[] }>,
): Promise<string> {
  const created: unknown = await (
    await managementApiCall(stack, 'POST', '/api/organizations', { name })
  ).json();
  const id = stringField(created, 'id');
  if (!id) throw new Error(`POST /api/organizations gave no id: ${JSON.stringify(created)}`);
  await managementApiCall(stack, 'POST', `/api/organizations/${id}/users`, {
    userIds: members.map(({ userId }) => userId),
  });
  const roleIds = await organizationRoleIds(stack);
  for (const member of members) {
    if (member.roles.length === 0) continue;
    await managementApiCall(
      stack,
      'POST',
      `/api/organizations/${id}/users/${member.userId}/roles`,
      {
        organizationRoleIds: member.roles.map((role) => {
          const roleId = roleIds[role];
          if (!roleId) throw new Error(`No organization role ${role}`);
          return roleId;
        }),
      },
    );
  }
  return id;
}

/** A user who can sign in (a password), for a test of its own. */
export async function createUser(
  stack: E2eStack,
  user: { name: string; email: string; password: string },
): Promise<string> {
  const created: unknown = await (
    await managementApiCall(stack, 'POST', '/api/users', {
      name: user.name,
      primaryEmail: user.email,
      password: user.password,
    })
  ).json();
  const id = stringField(created, 'id');
  if (!id) throw new Error(`POST /api/users gave no id: ${JSON.stringify(created)}`);
  return id;
}

/**
 * An organization token from the SPA's refresh token (refresh_token grant with organization_id), as the
 * SDK gets one. Only call it once the browser no longer uses that refresh token: each use rotates it.
 */
export async function organizationTokenFromRefreshToken(
  stack: E2eStack,
  refreshToken: string,
  organizationId: string,
): Promise<{ accessToken: string; refreshToken: string }> {
  const response = await fetch(`${stack.logtoEndpoint}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: stack.spaAppId,
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      organization_id: organizationId,
    }),
  });
  const body: unknown = await response.json();
  const accessToken = stringField(body, 'access_token');
  const rotated = stringField(body, 'refresh_token');
  if (!response.ok || !accessToken || !rotated)
    throw new Error(`organization token: ${response.status} ${JSON.stringify(body)}`);
  return { accessToken, refreshToken: rotated };
}

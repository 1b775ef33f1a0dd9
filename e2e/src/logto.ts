import type { E2eStack } from './stack.js';

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

import { jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { startTestEmulator, type TestEmulator } from '../test-utils.js';
import { refreshTokenReuseIntervalMs } from './model-store.js';
import {
  addOrganizationMember,
  assignUserRole,
  createApiResource,
  createOrganization,
  createOrganizationTemplate,
  createSpaApplication,
  createUser,
  decodeToken,
  postToken,
  setOrganizationRoles,
  signInWithPassword,
  spaOrigin,
  tokenResponseGuard,
  type TokenResponse,
} from './test-support.js';

const portalApi = 'https://portal.example/api';
const invalidGrant = {
  code: 'oidc.invalid_grant',
  message: 'Grant request is invalid.',
  error_uri: 'https://openid.sh/debug/invalid_grant',
  error: 'invalid_grant',
  error_description: 'grant request is invalid',
};

let emulator: TestEmulator;
let clientId: string;
let userId: string;
let roles: { admin: string; member: string };
/** Ada is admin of A, member of C, not in B; the admin role also grants `support:write` on the portal API. */
const organizations = { a: '', b: '', c: '', mfa: '' };
const ada = { email: 'ada@example.com', password: 'ada-password-1' };
/** What the SPA asks for at sign-in (oidc-samples/03). */
const sdkSignIn = {
  scopes: [
    'email',
    'urn:logto:scope:organizations',
    'urn:logto:scope:organization_roles',
    'read:members',
    'invite:members',
    'manage:members',
    'support:read',
    'support:write',
  ],
  resources: [portalApi, 'urn:logto:resource:organizations'],
};

beforeAll(async () => {
  emulator = await startTestEmulator();
  const { deps } = emulator;
  clientId = await createSpaApplication(deps);
  userId = await createUser(deps, { ...ada, name: 'Ada Admin' });
  const api = await createApiResource(deps, {
    indicator: portalApi,
    scopes: ['support:read', 'support:write'],
    roleName: 'portal-support',
  });
  // The global role holds only `support:read`; `support:write` comes from the organization admin role.
  await deps.db.query('delete from roles_scopes where role_id = $1 and scope_id = $2', [
    api.roleId,
    api.scopeIds['support:write'],
  ]);
  await assignUserRole(deps, userId, api.roleId);
  roles = await createOrganizationTemplate(deps);
  await deps.db.query(
    'insert into organization_role_resource_scope_relations (organization_role_id, scope_id) values ($1, $2)',
    [roles.admin, api.scopeIds['support:write']],
  );
  organizations.a = await createOrganization(deps, { name: 'A' });
  organizations.b = await createOrganization(deps, { name: 'B' });
  organizations.c = await createOrganization(deps, { name: 'C' });
  organizations.mfa = await createOrganization(deps, { name: 'MFA', isMfaRequired: true });
  await addOrganizationMember(deps, {
    organizationId: organizations.a,
    userId,
    roleIds: [roles.admin],
  });
  await addOrganizationMember(deps, {
    organizationId: organizations.c,
    userId,
    roleIds: [roles.member],
  });
  await addOrganizationMember(deps, {
    organizationId: organizations.mfa,
    userId,
    roleIds: [roles.admin],
  });
});
afterAll(async () => {
  await emulator.close();
});

const signIn = async (scopes = sdkSignIn.scopes, resources = sdkSignIn.resources) =>
  (await signInWithPassword(emulator.url, { clientId, ...ada, scopes, resources })).tokens;

const refresh = (refreshToken: string | undefined, extra: Record<string, string> = {}) =>
  postToken(emulator.url, {
    client_id: clientId,
    refresh_token: refreshToken ?? '',
    grant_type: 'refresh_token',
    ...extra,
  });

async function refreshOk(
  refreshToken: string | undefined,
  extra: Record<string, string> = {},
): Promise<TokenResponse> {
  const response = await refresh(refreshToken, extra);
  expect(response.status).toBe(200);
  expect(response.headers.get('access-control-allow-origin')).toBe(spaOrigin);
  return tokenResponseGuard.parse(await response.json());
}

const verifyAccessToken = async (token: string, audience: string) =>
  (
    await jwtVerify(token, emulator.deps.keys.keySet, {
      issuer: emulator.deps.issuer,
      audience,
      typ: 'at+jwt',
    })
  ).payload;

describe('API resource tokens', () => {
  it('issues a JWT for a resource listed at sign-in, scoped by the roles the user holds (oidc-samples/06)', async () => {
    const tokens = await signIn();
    const resource = await refreshOk(tokens.refresh_token, { resource: portalApi });
    expect(resource.refresh_token).not.toBe(tokens.refresh_token);
    expect(resource.id_token).toBeDefined();
    // Global roles plus the resource scopes of every organization role the user has (Logto's
    // `findFromOrganizations` when no organization is named).
    expect(resource.scope).toBe('support:read support:write');
    expect(decodeToken(resource.access_token).header).toMatchObject({
      alg: 'ES384',
      typ: 'at+jwt',
    });

    const payload = await verifyAccessToken(resource.access_token, portalApi);
    expect(Object.keys(payload)).toEqual([
      'jti',
      'sub',
      'iat',
      'exp',
      'scope',
      'client_id',
      'iss',
      'aud',
    ]);
    expect(payload).toMatchObject({
      sub: userId,
      client_id: clientId,
      scope: 'support:read support:write',
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
  });

  it('narrows organization-granted API scopes to the organization named with the resource (oidc-samples/20)', async () => {
    const tokens = await signIn();
    const inA = await refreshOk(tokens.refresh_token, {
      resource: portalApi,
      organization_id: organizations.a,
    });
    const payload = await verifyAccessToken(inA.access_token, portalApi);
    expect(Object.keys(payload)[0]).toBe('organization_id');
    expect(payload).toMatchObject({
      organization_id: organizations.a,
      scope: 'support:read support:write',
    });

    const inC = await refreshOk(inA.refresh_token, {
      resource: portalApi,
      organization_id: organizations.c,
    });
    expect(await verifyAccessToken(inC.access_token, portalApi)).toMatchObject({
      organization_id: organizations.c,
      scope: 'support:read',
    });
  });

  it('answers invalid_target for a resource not listed at sign-in (oidc-samples/30)', async () => {
    const tokens = await signIn(['email'], []);
    const response = await refresh(tokens.refresh_token, { resource: portalApi });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 'oidc.invalid_target',
      message: 'Invalid resource indicator.',
      error: 'invalid_target',
      error_description: 'resource indicator is missing, or unknown',
    });
  });

  it('reads a comma-separated resource parameter as several resources (Logto koaResourceParam)', async () => {
    const tokens = await signIn(sdkSignIn.scopes, [sdkSignIn.resources.join(',')]);
    const resource = await refreshOk(tokens.refresh_token, { resource: portalApi });
    expect(resource.scope).toBe('support:read support:write');
    const organization = await refreshOk(resource.refresh_token, {
      resource: 'urn:logto:resource:organizations',
    });
    expect(decodeToken(organization.access_token).payload.aud).toBe(
      'urn:logto:resource:organizations',
    );
  });

  it('answers a refresh without resource with a userinfo token and a fresh ID token', async () => {
    const tokens = await signIn();
    const plain = await refreshOk(tokens.refresh_token);
    expect(plain.access_token).toHaveLength(43);
    expect(plain.scope).toBe(
      'openid offline_access profile email urn:logto:scope:organizations urn:logto:scope:organization_roles',
    );
    expect(decodeToken(plain.id_token ?? '').payload).toMatchObject({ sub: userId, aud: clientId });
  });
});

describe('organization tokens', () => {
  it('carries the organization scopes of the member, without organization_id (oidc-samples/07)', async () => {
    const tokens = await signIn();
    const token = await refreshOk(tokens.refresh_token, { organization_id: organizations.a });
    expect(token.scope?.split(' ').sort()).toEqual([
      'invite:members',
      'manage:members',
      'read:members',
    ]);

    const audience = `urn:logto:organization:${organizations.a}`;
    const payload = await verifyAccessToken(token.access_token, audience);
    expect(Object.keys(payload)).toEqual([
      'jti',
      'sub',
      'iat',
      'exp',
      'scope',
      'client_id',
      'iss',
      'aud',
    ]);
    expect(payload).toMatchObject({ sub: userId, client_id: clientId, scope: token.scope });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);

    const member = await refreshOk(token.refresh_token, { organization_id: organizations.c });
    expect(member.scope).toBe('read:members');
  });

  it('only carries organization scopes the app asked for at sign-in', async () => {
    const tokens = await signIn(
      ['urn:logto:scope:organizations', 'read:members'],
      ['urn:logto:resource:organizations'],
    );
    const token = await refreshOk(tokens.refresh_token, { organization_id: organizations.a });
    expect(token.scope).toBe('read:members');
  });

  it('reflects a role change in the next token (oidc-samples/17-19)', async () => {
    const tokens = await signIn();
    const asAdmin = await refreshOk(tokens.refresh_token, { organization_id: organizations.a });
    expect(asAdmin.scope?.split(' ')).toHaveLength(3);

    await setOrganizationRoles(emulator.deps, {
      organizationId: organizations.a,
      userId,
      roleIds: [roles.member],
    });
    try {
      const asMember = await refreshOk(asAdmin.refresh_token, { organization_id: organizations.a });
      expect(asMember.scope).toBe('read:members');
      expect(decodeToken(asMember.id_token ?? '').payload.organization_roles).toContain(
        `${organizations.a}:member`,
      );
    } finally {
      await setOrganizationRoles(emulator.deps, {
        organizationId: organizations.a,
        userId,
        roleIds: [roles.admin],
      });
    }
  });

  it('refuses a non-member with 403 access_denied (oidc-samples/08)', async () => {
    const tokens = await signIn();
    const response = await refresh(tokens.refresh_token, { organization_id: organizations.b });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBe(spaOrigin);
    expect(await response.json()).toEqual({
      code: 'oidc.access_denied',
      message: 'Access denied.',
      error: 'access_denied',
      error_description: 'user is not a member of the organization',
    });
  });

  it('refuses an organization that requires MFA', async () => {
    const tokens = await signIn();
    const response = await refresh(tokens.refresh_token, { organization_id: organizations.mfa });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      code: 'oidc.access_denied',
      error: 'access_denied',
    });
  });

  it('needs urn:logto:scope:organizations in the refresh token (insufficient_scope)', async () => {
    const tokens = await signIn(['email'], []);
    const response = await refresh(tokens.refresh_token, { organization_id: organizations.a });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      code: 'oidc.insufficient_scope',
      message: 'Token missing scope `{{scope}}`.',
      error: 'insufficient_scope',
      error_description: 'refresh token missing required scope',
      scope: 'urn:logto:scope:organizations',
    });
  });
});

describe('refresh token rotation (oidc-samples/26-31)', () => {
  // The emulator runs in this process, so the test moves its clock instead of sleeping: each step
  // happens at a chosen instant however slow the machine is. Only `Date` is faked; timers and I/O run.
  afterEach(() => {
    vi.useRealTimers();
  });

  it('accepts a rotated token for 3 s, then revokes the whole grant when it comes back', async () => {
    expect(refreshTokenReuseIntervalMs).toBe(3000);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const start = Date.now();

    // Grant 1: rotate, then reuse the rotated token at once (oidc-samples/26).
    const tokens = await signIn();
    const rotated = await refreshOk(tokens.refresh_token);
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    const sibling = await refreshOk(tokens.refresh_token);
    expect(sibling.refresh_token).not.toBe(rotated.refresh_token);

    // Grant 2: a non-member 403 does not consume the refresh token; an unknown resource does.
    const other = await signIn();
    expect((await refresh(other.refresh_token, { organization_id: organizations.b })).status).toBe(
      403,
    );
    const afterDenied = await refreshOk(other.refresh_token);
    const unknownResource = await refresh(afterDenied.refresh_token, {
      resource: 'https://unknown.example/api',
    });
    expect(unknownResource.status).toBe(400);

    // Grant 3: a 403 only, then nothing.
    const denied = await signIn();
    expect((await refresh(denied.refresh_token, { organization_id: organizations.b })).status).toBe(
      403,
    );

    // Grant 4: the reuse window lasts the whole interval: 1 ms before its end the token still works.
    const edge = await signIn();
    await refreshOk(edge.refresh_token);
    vi.setSystemTime(start + refreshTokenReuseIntervalMs - 1);
    await refreshOk(edge.refresh_token);

    // Every refresh token above was last consumed at `start` or 1 ms before the end of its window.
    vi.setSystemTime(start + 2 * refreshTokenReuseIntervalMs);

    const reused = await refresh(tokens.refresh_token);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toEqual(invalidGrant);
    // The whole grant is gone: the newest refresh token and the opaque access token with it.
    const newest = await refresh(sibling.refresh_token);
    expect(newest.status).toBe(400);
    expect(await newest.json()).toEqual(invalidGrant);
    const userinfo = await fetch(`${emulator.url}/oidc/me`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(userinfo.status).toBe(401);

    // The unknown-resource request had consumed its refresh token (Logto rotates before resolving).
    expect((await refresh(afterDenied.refresh_token)).status).toBe(400);
    // The 403 had not.
    expect((await refresh(denied.refresh_token)).status).toBe(200);
    // The edge reuse had consumed the token again; past the window it is refused too.
    expect((await refresh(edge.refresh_token)).status).toBe(400);
  });
});

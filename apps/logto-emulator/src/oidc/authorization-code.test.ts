import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { startTestEmulator, type TestEmulator } from '../test-utils.js';
import { registerDemoAccounts } from './demo-accounts.js';
import {
  addOrganizationMember,
  Browser,
  buildAuthorizationUrl,
  createOrganization,
  createOrganizationTemplate,
  createPkce,
  createSpaApplication,
  createUser,
  decodeToken,
  location,
  postToken,
  signInWithPassword,
  spaOrigin,
  spaPostLogoutRedirectUri,
  spaRedirectUri,
  tokenResponseGuard,
} from './test-support.js';

let emulator: TestEmulator;
let clientId: string;
let userId: string;
let organizationId: string;
const ada = { email: 'ada@example.com', password: 'ada-password-1' };
const sdkScopes = [
  'email',
  'urn:logto:scope:organizations',
  'urn:logto:scope:organization_roles',
  'read:members',
];
const sdkResources = ['urn:logto:resource:organizations'];

beforeAll(async () => {
  emulator = await startTestEmulator();
  clientId = await createSpaApplication(emulator.deps);
  userId = await createUser(emulator.deps, {
    ...ada,
    name: 'Ada Admin',
    username: 'ada',
    profile: { preferredUsername: 'ada' },
  });
  const roles = await createOrganizationTemplate(emulator.deps);
  organizationId = await createOrganization(emulator.deps, {
    name: 'Acme',
    description: 'Ada is admin',
  });
  await addOrganizationMember(emulator.deps, { organizationId, userId, roleIds: [roles.admin] });
});
afterAll(async () => {
  await emulator.close();
});

/** Starts an authorization request in a fresh browser and returns the sign-in screen URL. */
async function startSignIn(extra: Record<string, string> = {}) {
  const browser = new Browser();
  const { challenge } = createPkce();
  const response = await browser.request(
    buildAuthorizationUrl(emulator.url, {
      clientId,
      challenge,
      state: 'state',
      scopes: ['email'],
      resources: [],
      extra,
    }),
  );
  expect(response.status).toBe(303);
  return { browser, screen: location(response, emulator.url) };
}

describe('authorization code with PKCE', () => {
  it('signs in through the server-rendered page and issues Logto-shaped tokens (oidc-samples/03-05)', async () => {
    const before = Date.now();
    const { tokens, chain, browser } = await signInWithPassword(emulator.url, {
      clientId,
      ...ada,
      scopes: sdkScopes,
      resources: sdkResources,
    });

    // 303 sign-in → 303 resume → 303 consent → 302 resume → 303 callback, as in Logto's browser chain.
    expect(chain.map(({ status, location: { pathname } }) => [status, pathname])).toEqual([
      [303, '/sign-in'],
      [303, expect.stringMatching(/^\/oidc\/auth\/[\w-]+$/)],
      [303, '/consent'],
      [302, expect.stringMatching(/^\/oidc\/auth\/[\w-]+$/)],
      [303, '/callback'],
    ]);
    const callback = chain.at(-1)?.location;
    expect(callback?.searchParams.get('iss')).toBe(emulator.deps.issuer);
    expect(callback?.searchParams.get('code')).toHaveLength(43);
    expect(browser.cookies.names()).toEqual(
      expect.arrayContaining(['_session', '_session.sig', '_logto']),
    );

    expect(Object.keys(tokens)).toEqual([
      'access_token',
      'expires_in',
      'id_token',
      'refresh_token',
      'scope',
      'token_type',
    ]);
    expect(tokens.access_token).toHaveLength(43);
    expect(tokens.refresh_token).toHaveLength(43);
    expect(tokens).toMatchObject({
      expires_in: 3600,
      scope:
        'openid offline_access profile email urn:logto:scope:organizations urn:logto:scope:organization_roles',
      token_type: 'Bearer',
    });

    const idToken = tokens.id_token ?? '';
    expect(decodeToken(idToken).header).toEqual({
      alg: 'ES384',
      kid: emulator.deps.keys.privateJwks.keys[0]?.kid,
    });
    const { payload } = await jwtVerify(idToken, emulator.deps.keys.keySet, {
      issuer: emulator.deps.issuer,
      audience: clientId,
    });
    expect(Object.keys(payload)).toEqual([
      'sub',
      'name',
      'preferred_username',
      'picture',
      'updated_at',
      'username',
      'created_at',
      'email',
      'email_verified',
      'organizations',
      'organization_roles',
      'aud',
      'exp',
      'iat',
      'iss',
    ]);
    expect(payload).toMatchObject({
      sub: userId,
      name: 'Ada Admin',
      preferred_username: 'ada',
      picture: null,
      username: 'ada',
      email: ada.email,
      email_verified: true,
      organizations: [organizationId],
      organization_roles: [`${organizationId}:admin`],
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);

    const [user] = await emulator.deps.db.query<{ last_sign_in_at: string | number | null }>(
      'select last_sign_in_at from users where id = $1',
      [userId],
    );
    expect(Number(user?.last_sign_in_at)).toBeGreaterThanOrEqual(before);
  });

  it("signs in through Logto's Experience API as its sign-in UI does (oidc-samples/04)", async () => {
    const { browser, screen } = await startSignIn();
    expect(screen.pathname).toBe('/sign-in');
    const call = (method: string, path: string, json?: unknown) =>
      browser.request(`${emulator.url}/api/experience${path}`, {
        method,
        ...(json === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) }),
      });

    expect((await call('PUT', '', { interactionEvent: 'SignIn' })).status).toBe(204);
    const wrong = await call('POST', '/verification/password', {
      identifier: { type: 'username', value: 'ada' },
      password: 'not-her-password',
    });
    expect(wrong.status).toBe(422);
    expect(await wrong.json()).toEqual({
      code: 'session.invalid_credentials',
      message: 'Incorrect account or password. Please check your input.',
    });
    const verified = await call('POST', '/verification/password', {
      identifier: { type: 'username', value: 'ada' },
      password: ada.password,
    });
    expect(verified.status).toBe(200);
    const { verificationId } = z
      .object({ verificationId: z.string().length(21) })
      .parse(await verified.json());
    expect((await call('POST', '/identification', { verificationId })).status).toBe(204);
    const submitted = await call('POST', '/submit');
    expect(submitted.status).toBe(200);
    const { redirectTo } = z.object({ redirectTo: z.string() }).parse(await submitted.json());
    expect(redirectTo).toMatch(new RegExp(`^${emulator.deps.issuer}/auth/[\\w-]+$`));

    // Then the same chain as the sign-in page: resume → consent (302) → resume → callback.
    const chain: Array<[number, string]> = [];
    let url = new URL(redirectTo);
    while (url.origin !== spaOrigin) {
      const response = await browser.request(url);
      url = location(response, emulator.url);
      chain.push([response.status, url.pathname]);
    }
    expect(chain).toEqual([
      [303, '/consent'],
      [302, expect.stringMatching(/^\/oidc\/auth\/[\w-]+$/)],
      [303, '/callback'],
    ]);
    expect(url.searchParams.get('code')).toHaveLength(43);
  });

  it('answers the Experience API without an interaction with session.not_found', async () => {
    const response = await fetch(`${emulator.url}/api/experience`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ interactionEvent: 'SignIn' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 'session.not_found',
      message: 'Session not found. Please go back and sign in again.',
    });
  });

  it('skips the sign-in page while the browser session lasts', async () => {
    const { browser } = await signInWithPassword(emulator.url, {
      clientId,
      ...ada,
      scopes: [],
      resources: [],
    });
    const again = await signInWithPassword(emulator.url, {
      browser,
      clientId,
      ...ada,
      scopes: [],
      resources: [],
    });
    expect(again.chain[0]?.location.pathname).toBe('/consent');
  });

  it('shows the emulator notice, prefills login_hint and lists the demo accounts', async () => {
    await registerDemoAccounts(emulator.deps.db.pg, [
      { email: ada.email, password: ada.password, description: 'Admin of Acme' },
      { email: 'gone@example.com', password: 'x', description: 'Not a user (not listed)' },
    ]);
    const { browser, screen } = await startSignIn({ login_hint: ada.email });
    expect(screen.pathname).toBe('/sign-in');
    expect(screen.searchParams.get('login_hint')).toBe(ada.email);

    const page = await browser.request(screen);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Logto emulator');
    expect(html).toContain('for development and tests only');
    expect(html).toMatch(/<input id="email" name="email" type="email"[^>]*value="ada@example.com"/);
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toContain('Admin of Acme');
    expect(html).toContain(`<code>${ada.password}</code>`);
    expect(html).not.toContain('gone@example.com');

    // A demo account's button signs in with it.
    const signedIn = await browser.submitForm(screen, ada);
    expect(signedIn.status).toBe(303);
    expect(location(signedIn, emulator.url).pathname).toMatch(/^\/oidc\/auth\//);
  });

  it('shows bad credentials inline and lets the user retry', async () => {
    const { browser, screen } = await startSignIn();
    const wrong = await browser.submitForm(screen, {
      email: ada.email,
      password: 'wrong-password',
    });
    expect(wrong.status).toBe(422);
    const html = await wrong.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('Incorrect account or password. Please check your input.');
    expect(html).toMatch(/<input id="password"[^>]*aria-invalid="true"/);
    expect(html).toMatch(/value="ada@example.com"/);

    const unknown = await browser.submitForm(screen, {
      email: 'nobody@example.com',
      password: 'whatever1',
    });
    expect(unknown.status).toBe(422);

    const retry = await browser.submitForm(screen, ada);
    expect(retry.status).toBe(303);
  });

  it('refuses suspended users', async () => {
    await createUser(emulator.deps, {
      email: 'suspended@example.com',
      password: 'suspended-1',
      isSuspended: true,
    });
    const { browser, screen } = await startSignIn();
    const response = await browser.submitForm(screen, {
      email: 'suspended@example.com',
      password: 'suspended-1',
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('This account is suspended.');
  });

  it('sends the browser back with invalid_target for an unknown resource', async () => {
    const browser = new Browser();
    const { challenge } = createPkce();
    const response = await browser.request(
      buildAuthorizationUrl(emulator.url, {
        clientId,
        challenge,
        state: 'st',
        scopes: [],
        resources: ['https://unknown.example/api'],
      }),
    );
    expect(response.status).toBe(303);
    const callback = location(response, emulator.url);
    expect(`${callback.origin}${callback.pathname}`).toBe(spaRedirectUri);
    expect(Object.fromEntries(callback.searchParams)).toEqual({
      error: 'invalid_target',
      error_description: 'resource indicator is missing, or unknown',
      state: 'st',
      iss: emulator.deps.issuer,
    });
  });

  it('explains an expired or missing sign-in instead of failing', async () => {
    const response = await fetch(`${emulator.url}/sign-in?app_id=${clientId}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('This sign-in has expired');
  });
});

describe('sign-up', () => {
  it('opens sign-up first for first_screen=register and interaction_mode=signUp', async () => {
    const first = await startSignIn({ first_screen: 'register' });
    expect(first.screen.pathname).toBe('/register');
    const legacy = await startSignIn({ interaction_mode: 'signUp' });
    expect(legacy.screen.pathname).toBe('/register');

    const page = await first.browser.request(first.screen);
    const html = await page.text();
    expect(html).toContain('<h1>Create an account</h1>');
    expect(html).toContain('<label for="name">Name (optional)</label>');
    expect(html).toMatch(/<input id="password"[^>]*autocomplete="new-password"/);
  });

  it('creates the user with the default roles and signs them in', async () => {
    const defaultRoleId = 'default-user-role';
    await emulator.deps.db.query(
      "insert into roles (id, name, description, type, is_default) values ($1, 'newcomer', 'Default', 'User', true)",
      [defaultRoleId],
    );
    const { browser, screen } = await startSignIn({ first_screen: 'register' });
    const response = await browser.submitForm(screen, {
      name: 'Grace Hopper',
      email: 'Grace@Example.com',
      password: 'grace-password',
    });
    expect(response.status).toBe(303);

    const [user] = await emulator.deps.db.query<{
      id: string;
      name: string;
      primary_email: string;
      last_sign_in_at: unknown;
    }>(
      "select id, name, primary_email, last_sign_in_at from users where primary_email = 'Grace@Example.com'",
    );
    expect(user).toMatchObject({ name: 'Grace Hopper', primary_email: 'Grace@Example.com' });
    expect(user?.last_sign_in_at).not.toBeNull();
    const roles = await emulator.deps.db.query(
      'select role_id from users_roles where user_id = $1',
      [user?.id],
    );
    expect(roles).toEqual([{ role_id: defaultRoleId }]);

    // The new account can finish the authorization and sign in again later with its password.
    let url = location(response, emulator.url);
    while (url.origin !== spaOrigin) url = location(await browser.request(url), emulator.url);
    expect(url.searchParams.get('code')).toBeTruthy();
    await expect(
      signInWithPassword(emulator.url, {
        clientId,
        email: 'grace@example.com',
        password: 'grace-password',
        scopes: [],
        resources: [],
      }),
    ).resolves.toBeDefined();
  });

  it('provisions organizations that claim the email domain (JIT), when JIT is configured', async () => {
    const { db } = emulator.deps;
    // Logto's JIT tables (the emulator's organization routes own them; created here if absent).
    await db.query(`create table if not exists organization_jit_email_domains (
      organization_id varchar(21) not null references organizations (id) on delete cascade,
      email_domain varchar(128) not null, primary key (organization_id, email_domain))`);
    await db.query(`create table if not exists organization_jit_roles (
      organization_id varchar(21) not null references organizations (id) on delete cascade,
      organization_role_id varchar(21) not null references organization_roles (id) on delete cascade,
      primary key (organization_id, organization_role_id))`);
    const jitOrganization = await createOrganization(emulator.deps, { name: 'JIT Corp' });
    const [memberRole] = await db.query<{ id: string }>(
      "select id from organization_roles where name = 'member'",
    );
    await db.query(
      "insert into organization_jit_email_domains (organization_id, email_domain) values ($1, 'jit.example')",
      [jitOrganization],
    );
    await db.query(
      'insert into organization_jit_roles (organization_id, organization_role_id) values ($1, $2)',
      [jitOrganization, memberRole?.id],
    );

    const { browser, screen } = await startSignIn({ first_screen: 'register' });
    const response = await browser.submitForm(screen, {
      email: 'Lin@JIT.example',
      password: 'lin-password',
    });
    expect(response.status).toBe(303);
    const memberships = await db.query(
      `select m.organization_id, r.name as role from organization_user_relations m
       join users u on u.id = m.user_id
       left join organization_role_user_relations ru on ru.organization_id = m.organization_id and ru.user_id = m.user_id
       left join organization_roles r on r.id = ru.organization_role_id
       where u.primary_email = 'Lin@JIT.example'`,
    );
    expect(memberships).toEqual([{ organization_id: jitOrganization, role: 'member' }]);
  });

  it('refuses a taken email (in any case), an invalid email and a short password', async () => {
    const { browser, screen } = await startSignIn({ first_screen: 'register' });
    const taken = await browser.submitForm(screen, {
      name: 'Ada',
      email: 'ADA@example.com',
      password: 'long-enough',
    });
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain('This email is associated with an existing account.');

    const invalid = await browser.submitForm(screen, {
      name: 'X',
      email: 'not-an-email',
      password: 'long-enough',
    });
    expect(await invalid.text()).toContain('Invalid email address.');

    const short = await browser.submitForm(screen, {
      name: 'X',
      email: 'x@example.com',
      password: 'short',
    });
    const html = await short.text();
    expect(html).toContain('at least 8 characters');
    expect(html).toMatch(/<input id="password"[^>]*aria-invalid="true"/);

    const [{ count } = { count: 0 }] = await emulator.deps.db.query<{ count: number }>(
      "select count(*)::int as count from users where lower(primary_email) in ('ada@example.com', 'x@example.com')",
    );
    expect(count).toBe(1);
  });
});

describe('userinfo', () => {
  it('answers the opaque access token with profile and organization claims (oidc-samples/12)', async () => {
    const { tokens } = await signInWithPassword(emulator.url, {
      clientId,
      ...ada,
      scopes: sdkScopes,
      resources: sdkResources,
    });
    const response = await fetch(`${emulator.url}/oidc/me`, {
      headers: { authorization: `Bearer ${tokens.access_token}`, origin: spaOrigin },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(spaOrigin);
    expect(response.headers.get('access-control-expose-headers')).toBe('WWW-Authenticate');
    const body: unknown = await response.json();
    expect(Object.keys(body ?? {})).toEqual([
      'sub',
      'name',
      'preferred_username',
      'picture',
      'updated_at',
      'username',
      'created_at',
      'email',
      'email_verified',
      'organizations',
      'organization_data',
      'organization_roles',
    ]);
    expect(body).toMatchObject({
      sub: userId,
      organization_data: [{ id: organizationId, name: 'Acme', description: 'Ada is admin' }],
      organization_roles: [`${organizationId}:admin`],
    });
  });

  it('refuses JWT access tokens, garbage and missing tokens (oidc-samples/13-16)', async () => {
    const realm = `Bearer realm="${emulator.deps.issuer}"`;
    const invalidBody = {
      code: 'oidc.invalid_token',
      message: 'Invalid token provided.',
      error: 'invalid_token',
      error_description: 'invalid token provided',
    };
    const { tokens } = await signInWithPassword(emulator.url, {
      clientId,
      ...ada,
      scopes: sdkScopes,
      resources: sdkResources,
    });
    const organizationToken = tokenResponseGuard.parse(
      await (
        await postToken(emulator.url, {
          client_id: clientId,
          refresh_token: tokens.refresh_token ?? '',
          grant_type: 'refresh_token',
          organization_id: organizationId,
        })
      ).json(),
    ).access_token;

    for (const token of [organizationToken, 'not-a-real-token']) {
      const response = await fetch(`${emulator.url}/oidc/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(
        `${realm}, error="invalid_token", error_description="invalid token provided"`,
      );
      expect(await response.json()).toEqual(invalidBody);
    }

    const missing = await fetch(`${emulator.url}/oidc/me`, { headers: { origin: spaOrigin } });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe(realm);
    expect(await missing.json()).toEqual({
      ...invalidBody,
      error_description: 'no access token provided',
    });
  });
});

describe('CORS', () => {
  it('allows the redirect URI origin and answers the preflight (oidc-samples/05, 11)', async () => {
    const preflight = await fetch(`${emulator.url}/oidc/token`, {
      method: 'OPTIONS',
      headers: {
        origin: spaOrigin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(Object.fromEntries(preflight.headers)).toMatchObject({
      'access-control-allow-origin': spaOrigin,
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': '3600',
    });

    const response = await postToken(emulator.url, {
      client_id: clientId,
      refresh_token: 'not-a-real-refresh-token',
      grant_type: 'refresh_token',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('access-control-allow-origin')).toBe(spaOrigin);
    expect(await response.json()).toEqual({
      code: 'oidc.invalid_grant',
      message: 'Grant request is invalid.',
      error_uri: 'https://openid.sh/debug/invalid_grant',
      error: 'invalid_grant',
      error_description: 'grant request is invalid',
    });
  });

  it('refuses other origins unless the app lists them in corsAllowedOrigins (oidc-samples/10)', async () => {
    const refused = await postToken(
      emulator.url,
      {
        client_id: clientId,
        refresh_token: 'not-a-real-refresh-token',
        grant_type: 'refresh_token',
      },
      { origin: 'http://evil.example' },
    );
    expect(refused.status).toBe(400);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(refused.headers.get('access-control-expose-headers')).toBe('WWW-Authenticate');
    expect(await refused.json()).toEqual({
      code: 'oidc.invalid_request',
      message: 'Request is invalid.',
      error: 'invalid_request',
      error_description: `origin http://evil.example not allowed for client: ${clientId}`,
    });

    const listed = await createSpaApplication(emulator.deps, {
      corsAllowedOrigins: ['http://portal.example'],
    });
    const allowed = await postToken(
      emulator.url,
      { client_id: listed, refresh_token: 'not-a-real-refresh-token', grant_type: 'refresh_token' },
      { origin: 'http://portal.example' },
    );
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://portal.example');
    expect(await allowed.json()).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('end session', () => {
  it('signs the browser out and returns to the post-logout URI, keeping the offline grant (oidc-samples/21-25)', async () => {
    const { tokens, browser } = await signInWithPassword(emulator.url, {
      clientId,
      ...ada,
      scopes: [],
      resources: [],
    });
    const endSession = `${emulator.url}/oidc/session/end?${new URLSearchParams({
      client_id: clientId,
      post_logout_redirect_uri: spaPostLogoutRedirectUri,
    }).toString()}`;

    const page = await browser.request(endSession);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain(
      `<form id="op.logoutForm" method="post" action="${emulator.deps.issuer}/session/end/confirm">`,
    );
    const xsrf = /name="xsrf" value="([\da-f]+)"/.exec(html)?.[1] ?? '';

    const confirm = await browser.submitForm(`${emulator.deps.issuer}/session/end/confirm`, {
      xsrf,
      logout: 'yes',
    });
    expect(confirm.status).toBe(303);
    expect(confirm.headers.get('location')).toBe(spaPostLogoutRedirectUri);
    expect(browser.cookies.names()).not.toContain('_session');

    // The next sign-in asks for the password again...
    const { challenge } = createPkce();
    const next = await browser.request(
      buildAuthorizationUrl(emulator.url, {
        clientId,
        challenge,
        state: 's',
        scopes: [],
        resources: [],
      }),
    );
    expect(location(next, emulator.url).pathname).toBe('/sign-in');
    // ...but the offline grant survives, as in Logto.
    const me = await fetch(`${emulator.url}/oidc/me`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(me.status).toBe(200);
    const refreshed = await postToken(emulator.url, {
      client_id: clientId,
      refresh_token: tokens.refresh_token ?? '',
      grant_type: 'refresh_token',
    });
    expect(refreshed.status).toBe(200);

    // Without a session the page still posts to the confirm endpoint (oidc-samples/23).
    const anonymous = await fetch(endSession);
    expect(anonymous.status).toBe(200);
    expect(await anonymous.text()).toContain(
      `<form method="post" action="${emulator.deps.issuer}/session/end/confirm">`,
    );
  });

  it('refuses a post-logout URI the app did not register', async () => {
    const response = await fetch(
      `${emulator.url}/oidc/session/end?client_id=${clientId}&post_logout_redirect_uri=${encodeURIComponent('https://evil.example/')}`,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'oidc.invalid_request',
      error_description: 'post_logout_redirect_uri not registered',
    });
  });
});

describe('revocation and introspection', () => {
  it('revokes a refresh token', async () => {
    const { tokens } = await signInWithPassword(emulator.url, {
      clientId,
      ...ada,
      scopes: [],
      resources: [],
    });
    const refreshToken = tokens.refresh_token ?? '';
    const introspect = async () =>
      (
        await fetch(`${emulator.deps.issuer}/token/introspection`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ client_id: clientId, token: refreshToken }).toString(),
        })
      ).json();
    expect(await introspect()).toMatchObject({ active: true, client_id: clientId, sub: userId });

    const revoked = await fetch(`${emulator.deps.issuer}/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: clientId, token: refreshToken }).toString(),
    });
    expect(revoked.status).toBe(200);
    expect(await introspect()).toEqual({ active: false });
    const refresh = await postToken(emulator.url, {
      client_id: clientId,
      refresh_token: refreshToken,
      grant_type: 'refresh_token',
    });
    expect(refresh.status).toBe(400);
  });

  it('rejects a code exchanged with the wrong PKCE verifier', async () => {
    const browser = new Browser();
    const { challenge } = createPkce();
    let url = location(
      await browser.request(
        buildAuthorizationUrl(emulator.url, {
          clientId,
          challenge,
          state: 's',
          scopes: [],
          resources: [],
        }),
      ),
      emulator.url,
    );
    url = location(await browser.submitForm(url, ada), emulator.url);
    while (url.origin !== spaOrigin) url = location(await browser.request(url), emulator.url);
    const response = await postToken(emulator.url, {
      client_id: clientId,
      code: url.searchParams.get('code') ?? '',
      code_verifier: createPkce().verifier,
      redirect_uri: spaRedirectUri,
      grant_type: 'authorization_code',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'oidc.invalid_grant',
      error: 'invalid_grant',
    });
  });
});

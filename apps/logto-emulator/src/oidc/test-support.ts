import { createHash, randomBytes } from 'node:crypto';

import { decodeJwt, decodeProtectedHeader } from 'jose';
import { z } from 'zod';

import type { RunningEmulator } from '../app.js';
import { generateStandardId, generateStandardShortId } from '../ids.js';
import { hashPassword } from '../passwords.js';

/**
 * Test helpers for the OIDC tests: a browser stand-in (cookie jar + manual redirects) and direct SQL
 * fixtures. Everything goes through the emulator's real HTTP server.
 */

export const spaOrigin = 'http://localhost:9999';
export const spaRedirectUri = `${spaOrigin}/callback`;
export const spaPostLogoutRedirectUri = `${spaOrigin}/`;

/** A minimal cookie jar: enough for oidc-provider's `_interaction`, `_interaction_resume` and `_session`. */
export class CookieJar {
  readonly #cookies = new Map<string, { value: string; path: string }>();

  store(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      const path =
        attributes.find((attribute) => attribute.toLowerCase().startsWith('path='))?.slice(5) ??
        '/';
      const expires = attributes
        .find((attribute) => attribute.toLowerCase().startsWith('expires='))
        ?.slice(8);
      const key = `${name};${path}`;
      if (!value || (expires && Date.parse(expires) < Date.now())) this.#cookies.delete(key);
      else this.#cookies.set(key, { value, path });
    }
  }

  header(url: URL): string {
    return [...this.#cookies.entries()]
      .filter(([, { path }]) => url.pathname.startsWith(path))
      .map(([key, { value }]) => `${key.slice(0, key.indexOf(';'))}=${value}`)
      .join('; ');
  }

  names(): string[] {
    return [...this.#cookies.keys()].map((key) => key.slice(0, key.indexOf(';')));
  }
}

/** Fetches like a browser tab: cookies are kept, redirects are returned (not followed). */
export class Browser {
  readonly cookies = new CookieJar();

  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const cookie = this.cookies.header(target);
    const response = await fetch(target, {
      ...init,
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...Object.fromEntries(new Headers(init.headers)) },
    });
    this.cookies.store(response);
    return response;
  }

  async submitForm(url: string | URL, fields: Record<string, string>): Promise<Response> {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }
}

export const location = (response: Response, base: string): URL => {
  const header = response.headers.get('location');
  if (!header) throw new Error(`Expected a redirect, got ${response.status}`);
  return new URL(header, base);
};

export function createPkce() {
  const verifier = randomBytes(64).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

/** The authorization request @logto/react builds (oidc-samples/03). */
export function buildAuthorizationUrl(
  emulatorUrl: string,
  {
    clientId,
    challenge,
    state,
    scopes,
    resources,
    extra = {},
  }: {
    clientId: string;
    challenge: string;
    state: string;
    scopes: string[];
    resources: string[];
    extra?: Record<string, string>;
  },
): URL {
  const url = new URL(`${emulatorUrl}/oidc/auth`);
  url.searchParams.append('client_id', clientId);
  url.searchParams.append('redirect_uri', spaRedirectUri);
  url.searchParams.append('code_challenge', challenge);
  url.searchParams.append('code_challenge_method', 'S256');
  url.searchParams.append('state', state);
  url.searchParams.append('response_type', 'code');
  url.searchParams.append('prompt', 'consent');
  url.searchParams.append('scope', ['openid', 'offline_access', 'profile', ...scopes].join(' '));
  for (const resource of resources) url.searchParams.append('resource', resource);
  for (const [key, value] of Object.entries(extra)) url.searchParams.append(key, value);
  return url;
}

export const tokenResponseGuard = z.object({
  access_token: z.string(),
  expires_in: z.number(),
  id_token: z.string().optional(),
  refresh_token: z.string().optional(),
  scope: z.string().optional(),
  token_type: z.literal('Bearer'),
});
export type TokenResponse = z.infer<typeof tokenResponseGuard>;

export const decodeToken = (token: string) => ({
  header: decodeProtectedHeader(token),
  payload: decodeJwt(token),
});

export async function postToken(
  emulatorUrl: string,
  form: Record<string, string>,
  headers: Record<string, string> = { origin: spaOrigin },
): Promise<Response> {
  return fetch(`${emulatorUrl}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

/**
 * The whole browser sign-in as the SDK drives it: authorization request, the sign-in form, the automatic
 * consent, the callback; then the code exchange. Returns the tokens and the redirect chain it saw.
 */
export async function signInWithPassword(
  emulatorUrl: string,
  {
    browser = new Browser(),
    clientId,
    email,
    password,
    scopes,
    resources,
  }: {
    browser?: Browser;
    clientId: string;
    email: string;
    password: string;
    scopes: string[];
    resources: string[];
  },
): Promise<{
  tokens: TokenResponse;
  browser: Browser;
  chain: Array<{ status: number; location: URL }>;
}> {
  const { verifier, challenge } = createPkce();
  const state = randomBytes(64).toString('base64url');
  const chain: Array<{ status: number; location: URL }> = [];
  const follow = (response: Response) => {
    const next = location(response, emulatorUrl);
    chain.push({ status: response.status, location: next });
    return next;
  };

  let url = follow(
    await browser.request(
      buildAuthorizationUrl(emulatorUrl, { clientId, challenge, state, scopes, resources }),
    ),
  );
  if (url.pathname === '/sign-in') {
    url = follow(await browser.submitForm(url, { email, password }));
  }
  while (url.origin !== spaOrigin) {
    url = follow(await browser.request(url));
  }
  const code = url.searchParams.get('code');
  if (!code || url.searchParams.get('state') !== state)
    throw new Error(`Unexpected callback ${url.href}`);

  const response = await postToken(emulatorUrl, {
    client_id: clientId,
    code,
    code_verifier: verifier,
    redirect_uri: spaRedirectUri,
    grant_type: 'authorization_code',
  });
  if (response.status !== 200)
    throw new Error(`Code exchange failed: ${response.status} ${await response.text()}`);
  const tokens = tokenResponseGuard.parse(await response.json());
  return { tokens, browser, chain };
}

// MARK: SQL fixtures

type Deps = RunningEmulator['deps'];

export async function createSpaApplication(
  { db }: Deps,
  { corsAllowedOrigins }: { corsAllowedOrigins?: string[] } = {},
): Promise<string> {
  const id = generateStandardId();
  await db.query(
    `insert into applications (id, name, type, secret, oidc_client_metadata, custom_client_metadata, created_at)
     values ($1, 'Portal SPA', 'SPA', $2, $3, $4, $5)`,
    [
      id,
      generateStandardId(),
      { redirectUris: [spaRedirectUri], postLogoutRedirectUris: [spaPostLogoutRedirectUri] },
      corsAllowedOrigins ? { corsAllowedOrigins } : {},
      Date.now(),
    ],
  );
  return id;
}

export async function createMachineToMachineApplication(
  { db }: Deps,
  { roleIds = [] }: { roleIds?: string[] } = {},
): Promise<{ id: string; secret: string }> {
  const id = generateStandardId();
  const secret = generateStandardId();
  await db.query(
    `insert into applications (id, name, type, secret, created_at) values ($1, 'Backend', 'MachineToMachine', $2, $3)`,
    [id, secret, Date.now()],
  );
  for (const roleId of roleIds) {
    await db.query('insert into applications_roles (application_id, role_id) values ($1, $2)', [
      id,
      roleId,
    ]);
  }
  return { id, secret };
}

export async function createUser(
  { db }: Deps,
  {
    email,
    password,
    name = null,
    username = null,
    profile = {},
    isSuspended = false,
  }: {
    email: string;
    password: string;
    name?: string | null;
    username?: string | null;
    profile?: Record<string, unknown>;
    isSuspended?: boolean;
  },
): Promise<string> {
  const id = generateStandardShortId();
  const now = Date.now();
  await db.query(
    `insert into users (id, username, primary_email, password_hash, name, profile, is_suspended, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
    [id, username, email, await hashPassword(password), name, profile, isSuspended, now],
  );
  return id;
}

/** An API resource with scopes, and a global user role holding all of them. */
export async function createApiResource(
  { db }: Deps,
  { indicator, scopes, roleName }: { indicator: string; scopes: string[]; roleName: string },
): Promise<{ resourceId: string; roleId: string; scopeIds: Record<string, string> }> {
  const resourceId = generateStandardId();
  const roleId = generateStandardId();
  await db.query(
    'insert into resources (id, name, indicator, access_token_ttl) values ($1, $2, $3, 3600)',
    [resourceId, indicator, indicator],
  );
  await db.query("insert into roles (id, name, description, type) values ($1, $2, $2, 'User')", [
    roleId,
    roleName,
  ]);
  const scopeIds: Record<string, string> = {};
  for (const name of scopes) {
    const scopeId = generateStandardId();
    scopeIds[name] = scopeId;
    await db.query(
      'insert into scopes (id, resource_id, name, created_at) values ($1, $2, $3, $4)',
      [scopeId, resourceId, name, Date.now()],
    );
    await db.query('insert into roles_scopes (role_id, scope_id) values ($1, $2)', [
      roleId,
      scopeId,
    ]);
  }
  return { resourceId, roleId, scopeIds };
}

export async function assignUserRole({ db }: Deps, userId: string, roleId: string) {
  await db.query('insert into users_roles (user_id, role_id) values ($1, $2)', [userId, roleId]);
}

/** Organization scopes and the `admin` / `member` organization roles of the samples' template. */
export async function createOrganizationTemplate({
  db,
}: Deps): Promise<{ admin: string; member: string }> {
  const scopeIds: Record<string, string> = {};
  for (const name of ['read:members', 'invite:members', 'manage:members']) {
    scopeIds[name] = generateStandardId();
    await db.query('insert into organization_scopes (id, name) values ($1, $2)', [
      scopeIds[name],
      name,
    ]);
  }
  const roles = { admin: generateStandardId(), member: generateStandardId() };
  await db.query("insert into organization_roles (id, name) values ($1, 'admin'), ($2, 'member')", [
    roles.admin,
    roles.member,
  ]);
  const grants: Array<[string, string]> = [
    [roles.admin, 'read:members'],
    [roles.admin, 'invite:members'],
    [roles.admin, 'manage:members'],
    [roles.member, 'read:members'],
  ];
  for (const [roleId, scope] of grants) {
    await db.query(
      'insert into organization_role_scope_relations (organization_role_id, organization_scope_id) values ($1, $2)',
      [roleId, scopeIds[scope]],
    );
  }
  return roles;
}

export async function createOrganization(
  { db }: Deps,
  {
    name,
    description = null,
    isMfaRequired = false,
  }: { name: string; description?: string | null; isMfaRequired?: boolean },
): Promise<string> {
  const id = generateStandardShortId();
  await db.query(
    'insert into organizations (id, name, description, is_mfa_required, created_at) values ($1, $2, $3, $4, $5)',
    [id, name, description, isMfaRequired, Date.now()],
  );
  return id;
}

export async function addOrganizationMember(
  { db }: Deps,
  {
    organizationId,
    userId,
    roleIds,
  }: { organizationId: string; userId: string; roleIds: string[] },
) {
  await db.query(
    'insert into organization_user_relations (organization_id, user_id, created_at) values ($1, $2, $3)',
    [organizationId, userId, Date.now()],
  );
  await setOrganizationRoles({ db }, { organizationId, userId, roleIds });
}

export async function setOrganizationRoles(
  { db }: Pick<Deps, 'db'>,
  {
    organizationId,
    userId,
    roleIds,
  }: { organizationId: string; userId: string; roleIds: string[] },
) {
  await db.query(
    'delete from organization_role_user_relations where organization_id = $1 and user_id = $2',
    [organizationId, userId],
  );
  for (const roleId of roleIds) {
    await db.query(
      'insert into organization_role_user_relations (organization_id, organization_role_id, user_id) values ($1, $2, $3)',
      [organizationId, roleId, userId],
    );
  }
}

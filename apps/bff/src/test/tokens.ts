/**
 * Real Logto tokens for tests, obtained the way the SPA obtains them: a browser sign-in driven with
 * fetch (authorization code + PKCE against the emulator's sign-in page), then refresh-token grants for
 * organization tokens (`organization_id`) and portal API tokens (`resource`). Plus the few tokens no
 * Logto would issue, signed here: expired ones (with Logto's own key) and ones from an unknown key.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { allOrganizationPermissions, logtoUserScopes, supportPermissions } from '@portal/shared';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import { z } from 'zod';

const tokenResponseSchema = z.object({
  access_token: z.string(),
  expires_in: z.number(),
  refresh_token: z.string().optional(),
  scope: z.string().optional(),
});

/** A browser's cookie jar, enough for the emulator's interaction and session cookies. */
class CookieJar {
  readonly #cookies = new Map<string, string>();

  store(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      if (value === '' || /expires=thu, 01 jan 1970/i.test(header)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

export type SignInOptions = {
  logtoEndpoint: string;
  /** The portal's SPA application. */
  clientId: string;
  /** One of the SPA application's registered redirect URIs. */
  redirectUri: string;
  portalApiResource: string;
  email: string;
  password: string;
};

/** What the SPA asks for at sign-in (apps/web/src/lib/auth.tsx). */
const spaScopes = [
  'openid',
  'offline_access',
  'profile',
  logtoUserScopes.email,
  logtoUserScopes.organizations,
  logtoUserScopes.organizationRoles,
  ...allOrganizationPermissions,
  supportPermissions.read,
  supportPermissions.write,
];

/**
 * A signed-in user's session: tokens are fetched once and kept (tests ask again with `fresh`).
 * Refresh tokens rotate on every use, so refreshes run one at a time, like the SPA's token queue.
 */
export class UserSession {
  #refreshToken: string;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #cache = new Map<string, string>();

  constructor(
    private readonly options: SignInOptions,
    readonly userId: string,
    refreshToken: string,
  ) {
    this.#refreshToken = refreshToken;
  }

  /** An organization token (audience `urn:logto:organization:<id>`), as `getOrganizationToken` gets it. */
  organizationToken(organizationId: string, { fresh = false } = {}): Promise<string> {
    return this.#token(
      `organization:${organizationId}`,
      { organization_id: organizationId },
      fresh,
    );
  }

  /** A portal API token, as `getAccessToken(portalApiResource)` gets it. */
  portalToken({ fresh = false } = {}): Promise<string> {
    return this.#token('portal', { resource: this.options.portalApiResource }, fresh);
  }

  /** Asks for an organization token and returns Logto's raw answer (e.g. 403 for a non-member). */
  requestOrganizationToken(organizationId: string): Promise<Response> {
    return this.#serially(async () => {
      const response = await this.#refresh({ organization_id: organizationId });
      if (response.ok) {
        const tokens = tokenResponseSchema.parse(await response.clone().json());
        if (tokens.refresh_token) this.#refreshToken = tokens.refresh_token;
      }
      return response;
    });
  }

  #token(key: string, parameters: Record<string, string>, fresh: boolean): Promise<string> {
    const cached = this.#cache.get(key);
    if (cached && !fresh) return Promise.resolve(cached);
    return this.#serially(async () => {
      const response = await this.#refresh(parameters);
      if (!response.ok) {
        throw new Error(`Token request ${key} failed: ${response.status} ${await response.text()}`);
      }
      const tokens = tokenResponseSchema.parse(await response.json());
      if (tokens.refresh_token) this.#refreshToken = tokens.refresh_token;
      this.#cache.set(key, tokens.access_token);
      return tokens.access_token;
    });
  }

  #refresh(parameters: Record<string, string>) {
    return postForm(`${this.options.logtoEndpoint}/oidc/token`, {
      grant_type: 'refresh_token',
      client_id: this.options.clientId,
      refresh_token: this.#refreshToken,
      ...parameters,
    });
  }

  #serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

function postForm(url: string, form: Record<string, string>) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

/**
 * Signs in through the emulator's real pages, as a browser does: the authorization request (PKCE),
 * the sign-in form, the automatic consent, the callback; then the code exchange.
 */
export async function signIn(options: SignInOptions): Promise<UserSession> {
  const { logtoEndpoint, clientId, redirectUri, portalApiResource, email, password } = options;
  const jar = new CookieJar();
  const request = async (url: URL, init: RequestInit = {}) => {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...Object.fromEntries(new Headers(init.headers)), cookie: jar.header() },
    });
    jar.store(response);
    return response;
  };
  const next = (response: Response) => {
    const location = response.headers.get('location');
    if (!location)
      throw new Error(`Sign-in as ${email}: expected a redirect, got ${response.status}`);
    return new URL(location, logtoEndpoint);
  };

  const verifier = randomBytes(64).toString('base64url');
  const state = randomBytes(32).toString('base64url');
  const authorization = new URL(`${logtoEndpoint}/oidc/auth`);
  for (const [name, value] of Object.entries({
    client_id: clientId,
    redirect_uri: redirectUri,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state,
    response_type: 'code',
    prompt: 'consent',
    scope: spaScopes.join(' '),
  }))
    authorization.searchParams.append(name, value);
  // The SDK adds the organizations resource when organization scopes are asked for.
  authorization.searchParams.append('resource', portalApiResource);
  authorization.searchParams.append('resource', 'urn:logto:resource:organizations');

  let url = next(await request(authorization));
  if (url.pathname === '/sign-in') {
    url = next(
      await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email, password }).toString(),
      }),
    );
  }
  for (let hops = 0; !url.href.startsWith(redirectUri); hops += 1) {
    if (hops > 10) throw new Error(`Sign-in as ${email}: too many redirects (at ${url.href})`);
    url = next(await request(url));
  }
  const code = url.searchParams.get('code');
  if (!code || url.searchParams.get('state') !== state) {
    throw new Error(`Sign-in as ${email}: unexpected callback ${url.href}`);
  }

  const response = await postForm(`${logtoEndpoint}/oidc/token`, {
    grant_type: 'authorization_code',
    client_id: clientId,
    code,
    code_verifier: verifier,
    redirect_uri: redirectUri,
  });
  if (!response.ok)
    throw new Error(`Code exchange for ${email}: ${response.status} ${await response.text()}`);
  const tokens = tokenResponseSchema.extend({ id_token: z.string() }).parse(await response.json());
  if (!tokens.refresh_token) throw new Error(`Sign-in as ${email}: no refresh token`);
  const [, payload = ''] = tokens.id_token.split('.');
  const { sub } = z
    .object({ sub: z.string() })
    .parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  return new UserSession(options, sub, tokens.refresh_token);
}

/** A machine-to-machine token (client credentials), e.g. for the Management API: a wrong audience for the BFF. */
export async function clientCredentialsToken({
  logtoEndpoint,
  appId,
  appSecret,
  resource,
}: {
  logtoEndpoint: string;
  appId: string;
  appSecret: string;
  resource: string;
}): Promise<string> {
  const response = await fetch(`${logtoEndpoint}/oidc/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${appId}:${appSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      resource,
      scope: 'all',
    }).toString(),
  });
  if (!response.ok)
    throw new Error(`Client credentials: ${response.status} ${await response.text()}`);
  return tokenResponseSchema.parse(await response.json()).access_token;
}

/**
 * Signs an access token shaped exactly like Logto's (ES384, `typ: at+jwt`) with the given private key:
 * the emulator's own (to make an expired but otherwise genuine token) or a fresh one (a forgery).
 */
export async function signAccessToken(
  privateJwk: JWK,
  claims: JWTPayload & { iss: string; sub: string; aud: string | string[] },
  { expiresAt }: { expiresAt?: number } = {},
): Promise<string> {
  const key = await importJWK(privateJwk, 'ES384');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ client_id: 'test-client', ...claims })
    .setProtectedHeader({ alg: 'ES384', typ: 'at+jwt', kid: privateJwk.kid ?? randomUUID() })
    .setJti(randomUUID())
    .setIssuedAt(now - 60)
    .setExpirationTime(expiresAt ?? now + 3600)
    .sign(key);
}

/** A fresh ES384 key pair nobody has published: tokens signed with it must be refused. */
export async function generateForeignKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES384', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: `foreign-${randomUUID()}`, alg: 'ES384' };
}

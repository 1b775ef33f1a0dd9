import { createHash } from 'node:crypto';
import querystring from 'node:querystring';

import type Koa from 'koa';
import {
  errors,
  Provider,
  type Account,
  type Configuration,
  type KoaContextWithOIDC,
} from 'oidc-provider';

import type { EmulatorDeps } from '../deps.js';
import { buildUserClaims, claimsByScope, findUserById, userScope } from './claims.js';
import {
  createClientCredentialsGrant,
  clientCredentialsGrantParameters,
} from './client-credentials-grant.js';
import {
  createClientAdapter,
  customClientMetadataGuard,
  customClientMetadataKeys,
  isOriginAllowed,
  resolveApplicationSecret,
  signingAlgorithm,
} from './clients.js';
import { koaOidcErrorBody } from './error-body.js';
import {
  buildConsentPromptPath,
  buildLoginPromptPath,
  createExperienceRoutes,
  experiencePaths,
} from './experience.js';
import { createExperienceApi, experienceApiPrefix } from './experience-api.js';
import { ModelStore } from './model-store.js';
import { createRefreshTokenGrant, refreshTokenGrantParameters } from './refresh-token-grant.js';
import { BodyTooLargeError, readRawBody } from './request-body.js';
import { findDefaultResourceIndicator } from './resource-scopes.js';
import { createResourceServerInfo } from './resource-servers.js';

export { listDemoAccounts, registerDemoAccounts, type DemoAccount } from './demo-accounts.js';

/** Where oidc-provider is mounted; the issuer is `${publicUrl}/oidc`. */
export const oidcMountPath = '/oidc';

const day = 24 * 60 * 60;

/** Scopes in the order Logto's discovery lists them (oidc-samples/01). */
const supportedScopes = [
  'openid',
  'offline_access',
  ...Object.values(userScope),
  'urn:logto:scope:sessions',
  'urn:logto:scope:trusted_devices',
];

/** Logto's `ExtraParamsKey`: authorization request parameters passed on to the sign-in experience. */
const extraParams = [
  'interaction_mode',
  'first_screen',
  'direct_sign_in',
  'organization_id',
  'identifier',
  'one_time_token',
  'google_one_tap_credential',
];

/** Logto's `static/html/logout.html`, served when a signed-in browser ends its session (oidc-samples/21). */
const logoutPage = (
  form: string,
) => `<!-- https://github.com/panva/node-oidc-provider/blob/main/docs/README.md#logoutsource -->
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <title>Sign Out</title>
</head>
<body onload="document.getElementById('op.logoutForm').submit();">
  ${form}
  <input type="hidden" form="op.logoutForm" value="yes" name="logout" />
</body>
</html>
`;

const postLogoutPage = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <title>Signed out</title>
</head>
<body>
  <main><h1>You have signed out</h1><p>You can close this page.</p></main>
</body>
</html>
`;

/** Helmet's defaults, which Logto sends with every response (oidc-samples/*). */
const securityHeaders: Record<string, string> = {
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
};

/** The `etag` package's strong ETag, over `JSON.stringify(body)` as Logto's `koaBodyEtag` computes it. */
function entityTag(entity: string): string {
  const hash = createHash('sha1').update(entity, 'utf8').digest('base64').slice(0, 27);
  return `"${Buffer.byteLength(entity, 'utf8').toString(16)}-${hash}"`;
}

const koaBodyEtag: Koa.Middleware = async (ctx, next) => {
  await next();
  if (ctx.method !== 'GET' || ctx.body === undefined || ctx.body === null) return;
  const json: unknown = JSON.stringify(ctx.body);
  if (typeof json !== 'string') return;
  ctx.response.etag = entityTag(json);
  if (ctx.fresh) ctx.status = 304;
};

/**
 * Logto's `koaResourceParam`: a comma-separated `resource` query parameter names several resources
 * (`?resource=a,b` is read as `?resource=a&resource=b`).
 */
const koaResourceParam: Koa.Middleware = async (ctx, next) => {
  const { resource } = ctx.request.query;
  if (resource) {
    const resources = (Array.isArray(resource) ? resource : [resource]).flatMap((value) =>
      value.split(','),
    );
    ctx.request.query = { ...ctx.request.query, resource: resources };
  }
  await next();
};

/** Cookie signing keys derived from the signing key: stable across restarts, like the key itself. */
function cookieKeys(deps: EmulatorDeps): string[] {
  return deps.keys.privateJwks.keys.map((jwk) =>
    createHash('sha256')
      .update(`emulator-cookie-key:${jwk.kid ?? ''}:${jwk.d ?? ''}`)
      .digest('base64url'),
  );
}

const stringParam = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/**
 * The emulator's OpenID provider: oidc-provider (the engine Logto is built on) configured as Logto 1.42
 * configures it, with Logto's own `refresh_token` and `client_credentials` grants, storage in
 * `oidc_model_instances`, clients read from `applications`, and the server-rendered sign-in screens.
 * The middleware serves `/oidc/*`, `/sign-in`, `/register` and `/consent`.
 */
export async function createOidc(
  deps: EmulatorDeps,
): Promise<{ provider: Provider; middleware: Koa.Middleware }> {
  const { db } = deps;
  const issuerOrigin = new URL(deps.issuer).origin;
  const store = new ModelStore(db);
  await store.sweepExpired();
  const clientAdapter = createClientAdapter(db);
  const getResourceServerInfo = createResourceServerInfo(db);
  const defaultResource = async () => findDefaultResourceIndicator(db);

  const findAccount = async (_ctx: KoaContextWithOIDC, accountId: string): Promise<Account> => {
    const user = await findUserById(db, accountId);
    // As in Logto: a user deleted after sign-in makes the grant unusable.
    if (!user) throw new errors.InvalidGrant('user not found');
    return {
      accountId,
      claims: async (use, scope, _claims, rejected) =>
        buildUserClaims(db, user, { use, scope, rejected }),
    };
  };

  /** Logto's `rotateRefreshToken`: the client may opt out; otherwise oidc-provider's default policy. */
  const rotateRefreshToken = (ctx: KoaContextWithOIDC): boolean => {
    const { RefreshToken: refreshToken, Client: client } = ctx.oidc.entities;
    if (!refreshToken || !client) return false;
    const custom = customClientMetadataGuard.safeParse(client.metadata());
    if (custom.success && custom.data.rotateRefreshToken === false) return false;
    if (refreshToken.totalLifetime() >= 365.25 * day) return false;
    if (client.clientAuthMethod === 'none' && !refreshToken.isSenderConstrained()) return true;
    return refreshToken.ttlPercentagePassed() >= 70;
  };

  const configuration: Configuration = {
    adapter: (modelName: string) =>
      modelName === 'Client' ? clientAdapter : store.adapterFor(modelName),
    jwks: deps.keys.privateJwks,
    enabledJWA: { idTokenSigningAlgValues: [signingAlgorithm] },
    clientDefaults: { id_token_signed_response_alg: signingAlgorithm },
    cookies: {
      keys: cookieKeys(deps),
      long: { sameSite: 'lax', path: '/', signed: true, overwrite: true },
      short: { sameSite: 'lax', path: '/', signed: true, overwrite: true },
    },
    // One error shape whatever the request accepts; `koaOidcErrorBody` decorates it like Logto.
    renderError: (ctx, out) => {
      ctx.body = out;
    },
    conformIdTokenClaims: false,
    scopes: supportedScopes,
    claims: { openid: ['sub'], ...claimsByScope },
    extraParams,
    features: {
      devInteractions: { enabled: false },
      dPoP: { enabled: false },
      userinfo: { enabled: true },
      // oidc-provider's default policies, stated so that it does not print a notice on every use.
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => {
          if (token.clientId === client.clientId) return true;
          if (client.clientAuthMethod === 'none') return false;
          throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
        },
      },
      introspection: {
        enabled: true,
        allowedPolicy: (ctx, client, token) =>
          client.clientAuthMethod !== 'none' || token.clientId === ctx.oidc.client?.clientId,
      },
      clientCredentials: { enabled: true },
      deviceFlow: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.body = logoutPage(form);
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.body = postLogoutPage;
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource,
        // Logto issues a userinfo token at code exchange even when resources were granted (oidc-samples/05).
        useGrantedResource: () => false,
        getResourceServerInfo,
      },
    },
    extraClientMetadata: {
      properties: customClientMetadataKeys,
      validator: (_ctx, key, value) => {
        const field = Object.entries(customClientMetadataGuard.shape).find(
          ([name]) => name === key,
        )?.[1];
        if (field && !field.safeParse(value).success) throw new errors.InvalidClientMetadata(key);
      },
    },
    extraTokenClaims: (ctx) => {
      // Organization-level API resources: the API token names the organization (oidc-samples/20).
      const organizationId = stringParam(ctx.oidc.params?.organization_id);
      return organizationId && ctx.oidc.params?.resource
        ? { organization_id: organizationId }
        : undefined;
    },
    // The emulator's own origin, or one the client registered. (Logto compares with Koa 2's
    // `request.origin`, the server's origin; Koa 3's is the Origin header, hence the issuer here.)
    clientBasedCORS: (_ctx, origin, client) =>
      issuerOrigin === origin || isOriginAllowed(origin, client.metadata(), client.redirectUris),
    findAccount,
    interactions: {
      url: (ctx, interaction) => {
        const appId = stringParam(interaction.params.client_id);
        // Logto sets its sign-in UI cookie here (oidc-samples/03); the emulator's pages read the
        // interaction instead, the cookie is kept for parity.
        ctx.cookies.set('_logto', JSON.stringify(appId ? { appId } : {}), {
          sameSite: 'lax',
          overwrite: true,
          httpOnly: false,
        });
        return interaction.prompt.name === 'consent'
          ? buildConsentPromptPath(appId)
          : buildLoginPromptPath(interaction.params, appId);
      },
    },
    issueRefreshToken: (_ctx, client, code) =>
      client.grantTypeAllowed('refresh_token') &&
      (code.scopes.has('offline_access') ||
        (client.applicationType === 'web' &&
          customClientMetadataGuard.safeParse(client.metadata()).data?.alwaysIssueRefreshToken ===
            true)),
    rotateRefreshToken,
    pkce: { required: (_ctx, client) => client.clientAuthMethod !== 'client_secret_basic' },
    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 3600,
      AuthorizationCode: 60,
      ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 600,
      DeviceCode: 600,
      BackchannelAuthenticationRequest: 600,
      IdToken: (_ctx, _token, client) =>
        customClientMetadataGuard.safeParse(client.metadata()).data?.idTokenTtl ?? 3600,
      RefreshToken: (ctx, token, client) => {
        const rotated = ctx.oidc.entities.RotatedRefreshToken;
        if (
          rotated &&
          client.applicationType === 'web' &&
          client.clientAuthMethod === 'none' &&
          !token.isSenderConstrained()
        ) {
          // A rotated refresh token keeps its predecessor's expiry.
          return rotated.remainingTTL;
        }
        const custom = customClientMetadataGuard.safeParse(client.metadata()).data;
        if (custom?.refreshTokenTtlInDays !== undefined) return custom.refreshTokenTtlInDays * day;
        return custom?.refreshTokenTtl ?? 14 * day;
      },
      Interaction: 3600,
      Session: 14 * day,
      Grant: 180 * day,
    },
  };

  const provider = new Provider(deps.issuer, configuration);
  // The public URL may sit behind a TLS-terminating proxy.
  provider.proxy = true;

  provider.registerGrantType(
    'refresh_token',
    createRefreshTokenGrant({
      db,
      findAccount,
      getResourceServerInfo,
      defaultResource,
      rotateRefreshToken,
    }),
    refreshTokenGrantParameters,
    ['resource'],
  );
  provider.registerGrantType(
    'client_credentials',
    createClientCredentialsGrant({ getResourceServerInfo, defaultResource }),
    clientCredentialsGrantParameters,
    ['resource'],
  );

  // Advertised and answered as in Logto: no emulator application may use token exchange (the grant type
  // never appears in their metadata), so oidc-provider refuses such requests before this handler runs.
  provider.registerGrantType('urn:ietf:params:oauth:grant-type:token-exchange', () => {
    throw new errors.UnauthorizedClient('token exchange is not enabled for this application');
  });

  provider.use(async (ctx, next) => {
    // What koa-mount sets in Logto; oidc-provider falls back to it for the URLs it builds when the
    // request URL was rewritten (koaResourceParam) and no longer ends `req.originalUrl`.
    Object.assign(ctx, { mountPath: oidcMountPath });
    await next();
  });
  provider.use(koaOidcErrorBody);
  provider.use(koaResourceParam);
  provider.use(koaBodyEtag);
  provider.use(async (ctx, next) => {
    await next();
    // Logto's JWKS is served for revalidation on every use (oidc-samples/02).
    if (ctx.path === '/jwks' && ctx.status === 200)
      ctx.set('Cache-Control', 'no-cache, max-age=0, must-revalidate');
  });
  provider.use(koaTokenRequestBody(deps));

  const handleOidc = provider.callback();
  const experience = createExperienceRoutes({ db, provider });
  const experienceApi = createExperienceApi({ db, provider });

  const middleware: Koa.Middleware = async (ctx, next) => {
    const isOidc = ctx.path === oidcMountPath || ctx.path.startsWith(`${oidcMountPath}/`);
    const isExperience = Object.values(experiencePaths).some((path) => path === ctx.path);
    const isExperienceApi =
      ctx.path === experienceApiPrefix || ctx.path.startsWith(`${experienceApiPrefix}/`);
    if (!isOidc && !isExperience && !isExperienceApi) {
      await next();
      return;
    }
    // Logto compresses responses, hence the `Vary: Accept-Encoding` it always sends first.
    ctx.vary('Accept-Encoding');
    ctx.set(securityHeaders);
    if (isExperience) {
      await experience(ctx, next);
      return;
    }
    if (isExperienceApi) {
      await experienceApi(ctx, next);
      return;
    }

    // Hand the raw request to oidc-provider with the mount path stripped; `originalUrl` keeps the full
    // path, from which oidc-provider derives the mount path of the URLs it builds.
    const { req, res } = ctx;
    const originalUrl = req.url ?? '/';
    const stripped = originalUrl.slice(oidcMountPath.length);
    Object.assign(req, { originalUrl, url: stripped.startsWith('/') ? stripped : `/${stripped}` });
    ctx.respond = false;
    try {
      await handleOidc(req, res);
    } finally {
      req.url = originalUrl;
    }
  };

  return { provider, middleware };
}

/**
 * For the token, introspection and revocation endpoints, as Logto: JSON bodies are accepted as if
 * form-encoded, and an extra application secret (`application_secrets`) is swapped for the application's
 * own before oidc-provider authenticates the client (`koaAppSecretTranspilation`).
 */
function koaTokenRequestBody({ db }: EmulatorDeps): Koa.Middleware {
  const clientAuthPaths = new Set(['/token', '/token/introspection', '/token/revocation']);
  const formType = 'application/x-www-form-urlencoded';

  const applicationSecret = async (clientId: string | undefined, presented: string | undefined) => {
    if (!clientId || !presented) return undefined;
    const resolved = await resolveApplicationSecret(db, clientId, presented);
    if (resolved && 'expired' in resolved)
      throw new errors.InvalidRequest('client secret has expired');
    return resolved?.secret;
  };

  return async (ctx, next) => {
    const isJson = Boolean(ctx.is('application/json'));
    if (ctx.method !== 'POST' || !clientAuthPaths.has(ctx.path) || (!isJson && !ctx.is(formType))) {
      await next();
      return;
    }

    const basic = parseBasicCredentials(ctx.get('authorization'));
    if (basic) {
      const secret = await applicationSecret(basic.clientId, basic.clientSecret);
      if (secret !== undefined) {
        const credentials = `${encodeURIComponent(basic.clientId)}:${encodeURIComponent(secret)}`;
        ctx.request.headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
      }
    }
    // oidc-provider reads form bodies itself (and warns once about pre-parsed ones): read the body here
    // only when it is JSON or may carry an extra secret.
    const mayCarrySecret =
      !basic && (await db.one('select 1 from application_secrets limit 1')) !== undefined;
    if (!isJson && !mayCarrySecret) {
      await next();
      return;
    }

    let body: Record<string, unknown>;
    try {
      const raw = await readRawBody(ctx.req);
      const parsed: unknown = isJson ? JSON.parse(raw || '{}') : querystring.parse(raw);
      body =
        typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
          ? { ...parsed }
          : {};
    } catch (error: unknown) {
      if (error instanceof BodyTooLargeError || error instanceof SyntaxError) {
        throw new errors.InvalidRequest('failed to parse the request body');
      }
      throw error;
    }
    if (isJson) ctx.request.headers['content-type'] = formType;
    if (!basic) {
      const secret = await applicationSecret(
        stringParam(body.client_id),
        stringParam(body.client_secret),
      );
      if (secret !== undefined) body.client_secret = secret;
    }
    Object.assign(ctx.request, { body });
    await next();
  };
}

function parseBasicCredentials(
  header: string,
): { clientId: string; clientSecret: string } | undefined {
  const [scheme, value] = header.split(' ');
  if (scheme?.toLowerCase() !== 'basic' || !value) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator === -1) return undefined;
  try {
    return {
      clientId: decodeURIComponent(decoded.slice(0, separator).replaceAll('+', '%20')),
      clientSecret: decodeURIComponent(decoded.slice(separator + 1).replaceAll('+', '%20')),
    };
  } catch {
    return undefined;
  }
}

import {
  errors,
  type Account,
  type KoaContextWithOIDC,
  type Provider,
  type ResourceServer,
  type TokenEndpointGrantContext,
} from 'oidc-provider';

import type { Database } from '../db/database.js';
import { userScope } from './claims.js';
import {
  buildOrganizationUrn,
  findOrganizationAccess,
  findUserOrganizationScopes,
  reservedResourceAccessTokenTtl,
} from './resource-scopes.js';
import { jwtResourceServer } from './resource-servers.js';

const {
  AccessDenied,
  InsufficientScope,
  InvalidGrant,
  InvalidRequest,
  InvalidScope,
  InvalidTarget,
} = errors;

const grantType = 'refresh_token';

/** The parameters this grant accepts besides `grant_type` and client authentication (`resource` may repeat). */
export const refreshTokenGrantParameters = [
  'refresh_token',
  'scope',
  'organization_id',
  'resource',
] as const;

type RefreshTokenGrantDependencies = {
  db: Database;
  findAccount: (ctx: KoaContextWithOIDC, accountId: string) => Promise<Account | undefined>;
  getResourceServerInfo: (
    ctx: KoaContextWithOIDC,
    indicator: string,
    client: NonNullable<KoaContextWithOIDC['oidc']['client']>,
  ) => Promise<ResourceServer>;
  defaultResource: () => Promise<string | undefined>;
  rotateRefreshToken: (ctx: KoaContextWithOIDC) => boolean;
};

const stringParam = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/** A 403 `access_denied`, the status Logto gives organization access failures (oidc-samples/08). */
function organizationAccessDenied(description: string) {
  const error = new AccessDenied(description);
  error.status = 403;
  error.statusCode = 403;
  return error;
}

/**
 * oidc-provider's `revoke(ctx, grantId)`: every token of the grant and the grant itself. Reusing a rotated
 * refresh token after the reuse interval ends here (oidc-samples/27-29).
 */
async function revokeGrant(provider: Provider, grantId: string) {
  await Promise.all([
    provider.AccessToken.revokeByGrantId(grantId),
    provider.RefreshToken.revokeByGrantId(grantId),
    provider.AuthorizationCode.revokeByGrantId(grantId),
    provider.Grant.adapter.destroy(grantId),
  ]);
}

/**
 * Logto's `refresh_token` grant (`oidc/grants/refresh-token.ts`): oidc-provider's grant plus organization
 * tokens (RFC 0001). The steps and their order follow Logto, since the order is observable:
 * - a 403 for a non-member comes before rotation, so it does not consume the refresh token (oidc-samples/19);
 * - rotation comes before the resource is resolved, so an unknown resource consumes it (oidc-samples/30-31);
 * - a consumed refresh token (past the 3 s reuse interval, see model-store.ts) revokes the whole grant.
 */
export function createRefreshTokenGrant(deps: RefreshTokenGrantDependencies) {
  return async (ctx: TokenEndpointGrantContext) => {
    const { client, params, provider } = ctx.oidc;

    const refreshTokenParam = stringParam(params.refresh_token);
    if (!refreshTokenParam) throw new InvalidRequest('missing required parameter refresh_token');

    let refreshTokenValue = refreshTokenParam;
    let refreshToken = await provider.RefreshToken.find(refreshTokenValue, {
      ignoreExpiration: true,
    });
    if (!refreshToken) throw new InvalidGrant('refresh token not found');
    if (refreshToken.clientId !== client.clientId) throw new InvalidGrant('client mismatch');
    if (refreshToken.isExpired) throw new InvalidGrant('refresh token is expired');
    if (!refreshToken.grantId) throw new InvalidGrant('grantId not found');

    const grant = await provider.Grant.find(refreshToken.grantId, { ignoreExpiration: true });
    if (!grant) throw new InvalidGrant('grant not found');
    if (grant.isExpired) throw new InvalidGrant('grant is expired');
    if (grant.clientId !== client.clientId) throw new InvalidGrant('client mismatch');

    const requestedScopes = new Set(stringParam(params.scope)?.split(' ') ?? []);
    if (requestedScopes.size > 0) {
      const missing = [...requestedScopes].filter((scope) => !refreshToken?.scopes.has(scope));
      if (missing.length > 0) {
        throw new InvalidScope(
          `refresh token missing requested ${missing.length === 1 ? 'scope' : 'scopes'}`,
          missing.join(' '),
        );
      }
    }

    ctx.oidc.entity('RefreshToken', refreshToken);
    ctx.oidc.entity('Grant', grant);

    const account = await deps.findAccount(ctx, refreshToken.accountId);
    if (!account) throw new InvalidGrant('refresh token invalid (referenced account not found)');
    if (refreshToken.accountId !== grant.accountId) throw new InvalidGrant('accountId mismatch');
    ctx.oidc.entity('Account', account);

    if (refreshToken.consumed) {
      await Promise.all([refreshToken.destroy(), revokeGrant(provider, refreshToken.grantId)]);
      throw new InvalidGrant('refresh token already used');
    }

    // RFC 0001: organization tokens.
    const organizationId = stringParam(params.organization_id);
    if (organizationId) {
      const access = await findOrganizationAccess(deps.db, {
        userId: account.accountId,
        organizationId,
      });
      if (!access.isMember)
        throw organizationAccessDenied('user is not a member of the organization');
      // The emulator has no MFA, so no user satisfies an organization that requires it.
      if (access.isMfaRequired) {
        throw organizationAccessDenied('organization requires MFA but user has no MFA configured');
      }
      if (!refreshToken.scopes.has(userScope.organizations)) {
        throw new InsufficientScope(
          'refresh token missing required scope',
          userScope.organizations,
        );
      }
    }

    if (deps.rotateRefreshToken(ctx)) {
      await refreshToken.consume();
      ctx.oidc.entity('RotatedRefreshToken', refreshToken);
      const rotated = new provider.RefreshToken({
        accountId: refreshToken.accountId,
        acr: refreshToken.acr,
        amr: refreshToken.amr,
        authTime: refreshToken.authTime,
        claims: refreshToken.claims,
        client,
        expiresWithSession: refreshToken.expiresWithSession,
        iiat: refreshToken.iiat,
        grantId: refreshToken.grantId,
        gty: refreshToken.gty?.endsWith(grantType)
          ? refreshToken.gty
          : `${refreshToken.gty ?? ''} ${grantType}`.trim(),
        nonce: refreshToken.nonce,
        resource: refreshToken.resource,
        rotations: typeof refreshToken.rotations === 'number' ? refreshToken.rotations + 1 : 1,
        scope: refreshToken.scope ?? '',
        sessionUid: refreshToken.sessionUid,
        sid: refreshToken.sid,
      });
      refreshToken = rotated;
      ctx.oidc.entity('RefreshToken', rotated);
      refreshTokenValue = await rotated.save();
    }

    const accessToken = new provider.AccessToken({
      accountId: account.accountId,
      client,
      expiresWithSession: refreshToken.expiresWithSession,
      grantId: refreshToken.grantId ?? grant.jti,
      gty: refreshToken.gty?.endsWith(grantType)
        ? refreshToken.gty
        : `${refreshToken.gty ?? ''} ${grantType}`.trim(),
      sessionUid: refreshToken.sessionUid,
      sid: refreshToken.sid,
    });

    const scope = requestedScopes.size > 0 ? requestedScopes : refreshToken.scopes;
    const resourceParam = params.resource;

    if (organizationId && resourceParam === undefined) {
      // An organization token: the organization scopes the member holds now, among those the app asked for.
      const available = await findUserOrganizationScopes(deps.db, {
        userId: account.accountId,
        organizationId,
      });
      const audience = buildOrganizationUrn(organizationId);
      accessToken.aud = audience;
      accessToken.resourceServer = new provider.ResourceServer(
        audience,
        jwtResourceServer({
          scope: available.join(' '),
          accessTokenTTL: reservedResourceAccessTokenTtl,
          audience,
        }),
      );
      accessToken.scope = available.filter((name) => scope.has(name)).join(' ');
    } else {
      const resource = await resolveResource(ctx, refreshToken, scope, deps.defaultResource);
      if (resource) {
        const resourceServer = new provider.ResourceServer(
          resource,
          await deps.getResourceServerInfo(ctx, resource, client),
        );
        accessToken.resourceServer = resourceServer;
        accessToken.scope = grant.getResourceScopeFiltered(
          resource,
          [...scope].filter((name) => resourceServer.scopes.has(name)),
        );
      } else {
        accessToken.claims = refreshToken.claims;
        accessToken.scope = grant.getOIDCScopeFiltered(scope);
      }
    }

    ctx.oidc.entity('AccessToken', accessToken);
    const accessTokenValue = await accessToken.save();
    const idToken = await issueIdToken(ctx, { account, grant, scope, refreshToken });

    ctx.body = Object.fromEntries(
      Object.entries({
        access_token: accessTokenValue,
        expires_in: accessToken.expiration,
        id_token: idToken,
        refresh_token: refreshTokenValue,
        scope: refreshToken.scope ? accessToken.scope : accessToken.scope || undefined,
        token_type: accessToken.tokenType,
      }).filter(([, value]) => value !== undefined),
    );
  };
}

type RefreshTokenInstance = InstanceType<Provider['RefreshToken']>;

/**
 * oidc-provider's `resolveResource` with Logto's settings (`useGrantedResource` off): the `resource`
 * parameter, else none while `openid` is in scope (the token is for userinfo), else the resources granted
 * at sign-in. A resource that was not listed at sign-in is `invalid_target`.
 */
async function resolveResource(
  ctx: TokenEndpointGrantContext,
  refreshToken: RefreshTokenInstance,
  scope: Set<string>,
  defaultResource: () => Promise<string | undefined>,
): Promise<string | undefined> {
  const { params } = ctx.oidc;
  let resource: string | string[] | undefined;
  if (params.resource) resource = params.resource;
  else if (
    refreshToken.resource &&
    !(Array.isArray(refreshToken.resource) && refreshToken.resource.length === 0)
  ) {
    if (!scope.has('openid')) resource = refreshToken.resource;
  }

  if (Array.isArray(resource)) resource = await defaultResource();
  if (Array.isArray(resource)) {
    throw new InvalidTarget(
      'only a single resource indicator value must be requested/resolved during Access Token Request',
    );
  }
  if (resource && !refreshToken.resourceIndicators.has(resource)) throw new InvalidTarget();
  return resource;
}

/** oidc-provider's `issueIdToken`: a fresh ID token with the user's current claims, for every refresh. */
async function issueIdToken(
  ctx: TokenEndpointGrantContext,
  {
    account,
    grant,
    scope,
    refreshToken,
  }: {
    account: Account;
    grant: InstanceType<Provider['Grant']>;
    scope: Set<string>;
    refreshToken: RefreshTokenInstance;
  },
): Promise<string | undefined> {
  if (!scope.has('openid')) return undefined;
  const rejected = grant.getRejectedOIDCClaims();
  const claims = await account.claims('id_token', [...scope].join(' '), {}, rejected);
  const idToken = new ctx.oidc.provider.IdToken(
    {
      ...claims,
      sub: account.accountId,
      acr: refreshToken.acr,
      amr: refreshToken.amr,
      auth_time: refreshToken.authTime,
    },
    { ctx },
  );
  // IdToken reads these when it builds its payload; `@types/oidc-provider` does not declare them.
  Object.assign(idToken, { scope: grant.getOIDCScopeFiltered(scope), mask: {}, rejected });
  idToken.set('nonce', refreshToken.nonce);
  idToken.set('sid', refreshToken.sid);
  return idToken.issue({ use: 'idtoken' });
}

import {
  errors,
  type KoaContextWithOIDC,
  type ResourceServer,
  type TokenEndpointGrantContext,
} from 'oidc-provider';

const { AccessDenied, InvalidTarget } = errors;

/** The parameters this grant accepts besides `grant_type` and client authentication (`resource` may repeat). */
export const clientCredentialsGrantParameters = ['scope', 'organization_id', 'resource'] as const;

type ClientCredentialsGrantDependencies = {
  getResourceServerInfo: (
    ctx: KoaContextWithOIDC,
    indicator: string,
    client: NonNullable<KoaContextWithOIDC['oidc']['client']>,
  ) => Promise<ResourceServer>;
  defaultResource: () => Promise<string | undefined>;
};

/**
 * Logto's `client_credentials` grant (`oidc/grants/client-credentials.ts`) for machine-to-machine apps:
 * one API resource (or the default one), and the requested scopes the app holds through its roles; scopes
 * it lacks are dropped, not refused. Without any resource it is `invalid_target`.
 * `organization_id` (RFC 0006) needs the app to belong to the organization; the emulator keeps no such
 * memberships, so it is always refused as Logto refuses an app outside the organization.
 */
export function createClientCredentialsGrant(deps: ClientCredentialsGrantDependencies) {
  return async (ctx: TokenEndpointGrantContext) => {
    const { client, params, provider } = ctx.oidc;

    if (typeof params.organization_id === 'string' && params.organization_id) {
      const error = new AccessDenied('app has not associated with the organization');
      error.status = 403;
      error.statusCode = 403;
      throw error;
    }

    const requested = params.resource ?? (await deps.defaultResource());
    const indicators =
      requested === undefined ? [] : Array.isArray(requested) ? requested : [requested];
    const resourceServers = [];
    for (const indicator of indicators) {
      const href = URL.parse(indicator)?.href;
      if (!href) throw new InvalidTarget('resource indicator must be an absolute URI');
      if (href.includes('#'))
        throw new InvalidTarget('resource indicator must not contain a fragment component');
      resourceServers.push(
        new provider.ResourceServer(
          indicator,
          await deps.getResourceServerInfo(ctx, indicator, client),
        ),
      );
    }

    const [resourceServer] = resourceServers;
    if (!resourceServer)
      throw new InvalidTarget('both `resource` and `organization_id` are not provided');
    if (resourceServers.length !== 1) {
      throw new InvalidTarget(
        'only a single resource indicator value is supported for this grant type',
      );
    }

    const scopes =
      typeof params.scope === 'string' && params.scope ? [...new Set(params.scope.split(' '))] : [];
    const token = new provider.ClientCredentials({
      client,
      resourceServer,
      scope: scopes.filter((scope) => resourceServer.scopes.has(scope)).join(' ') || undefined,
    });

    ctx.oidc.entity('ClientCredentials', token);
    const value = await token.save();

    ctx.body = Object.fromEntries(
      Object.entries({
        access_token: value,
        expires_in: token.expiration,
        token_type: token.tokenType,
        scope: token.scope,
      }).filter(([, entry]) => entry !== undefined),
    );
  };
}

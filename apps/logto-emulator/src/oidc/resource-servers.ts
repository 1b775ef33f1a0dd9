import { errors, type Client, type KoaContextWithOIDC, type ResourceServer } from 'oidc-provider';

import type { Database } from '../db/database.js';
import { signingAlgorithm } from './clients.js';
import {
  findApplicationResourceScopes,
  findResource,
  findUserResourceScopes,
} from './resource-scopes.js';

/** Every access token for an API resource is an ES384 JWT (`typ: at+jwt`). */
export function jwtResourceServer({
  scope,
  accessTokenTTL,
  audience,
}: {
  scope: string;
  accessTokenTTL: number;
  audience?: string;
}): ResourceServer {
  return {
    scope,
    accessTokenTTL,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: signingAlgorithm } },
    ...(audience === undefined ? {} : { audience }),
  };
}

const stringParam = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/**
 * Logto's `getResourceServerInfo`: unknown indicators are `invalid_target`; the scopes a token may carry
 * are what its subject holds now — the signed-in user (global roles plus organization roles, narrowed to
 * `organization_id` when given), or else the machine-to-machine app (its roles). Computed on every call,
 * so role changes show in the next token.
 */
export function createResourceServerInfo(db: Database) {
  return async (
    ctx: KoaContextWithOIDC,
    indicator: string,
    client: Client,
  ): Promise<ResourceServer> => {
    const resource = await findResource(db, indicator);
    if (!resource) throw new errors.InvalidTarget();

    const userId = ctx.oidc.session?.accountId ?? ctx.oidc.entities.Account?.accountId;
    const scopes = userId
      ? await findUserResourceScopes(db, {
          userId,
          indicator,
          organizationId: stringParam(ctx.oidc.params?.organization_id),
        })
      : await findApplicationResourceScopes(db, { applicationId: client.clientId, indicator });

    return jwtResourceServer({ scope: scopes.join(' '), accessTokenTTL: resource.accessTokenTtl });
  };
}

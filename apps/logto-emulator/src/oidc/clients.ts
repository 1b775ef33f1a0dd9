import { errors, type Adapter, type AllClientMetadata, type ClientAuthMethod } from 'oidc-provider';
import { z } from 'zod';

import type { Database } from '../db/database.js';

/** The signing algorithm of every token the emulator issues (its only key is P-384). */
export const signingAlgorithm = 'ES384';

/**
 * Logto's `customClientMetadata` keys that oidc-provider keeps on the client (camelCase, as Logto stores
 * them). A malformed value is dropped on its own rather than spoiling the others.
 */
export const customClientMetadataGuard = z.object({
  corsAllowedOrigins: z.array(z.string()).optional().catch(undefined),
  idTokenTtl: z.number().int().positive().optional().catch(undefined),
  refreshTokenTtl: z.number().int().positive().optional().catch(undefined),
  refreshTokenTtlInDays: z.number().int().positive().optional().catch(undefined),
  tenantId: z.string().optional().catch(undefined),
  alwaysIssueRefreshToken: z.boolean().optional().catch(undefined),
  rotateRefreshToken: z.boolean().optional().catch(undefined),
});
export type CustomClientMetadata = z.infer<typeof customClientMetadataGuard>;
export const customClientMetadataKeys = Object.keys(customClientMetadataGuard.shape);

const oidcClientMetadataGuard = z.object({
  redirectUris: z.array(z.string()).default([]),
  postLogoutRedirectUris: z.array(z.string()).default([]),
  backchannelLogoutUri: z.string().optional(),
  backchannelLogoutSessionRequired: z.boolean().optional(),
  logoUri: z.string().optional(),
});

type ApplicationRow = {
  id: string;
  name: string;
  type: string;
  secret: string;
  oidc_client_metadata: unknown;
  custom_client_metadata: unknown;
};

/**
 * Logto's `getConstantClientMetadata`: SPA and Native apps are public clients (no secret, PKCE), the
 * others authenticate with their secret; machine-to-machine apps only use client credentials and never
 * take part in front-channel flows.
 */
function constantClientMetadata(type: string): AllClientMetadata {
  const isPublic = type === 'SPA' || type === 'Native';
  const tokenEndpointAuthMethod: ClientAuthMethod = isPublic ? 'none' : 'client_secret_basic';
  const base: AllClientMetadata = {
    application_type: type === 'Native' ? 'native' : 'web',
    token_endpoint_auth_method: tokenEndpointAuthMethod,
    id_token_signed_response_alg: signingAlgorithm,
  };
  if (type === 'MachineToMachine') {
    return { ...base, grant_types: ['client_credentials'], response_types: [] };
  }
  return { ...base, grant_types: ['authorization_code', 'refresh_token'] };
}

/** A Logto application as oidc-provider client metadata. */
export function toClientMetadata(application: ApplicationRow): AllClientMetadata {
  const oidcMetadata = oidcClientMetadataGuard.safeParse(application.oidc_client_metadata);
  const customMetadata = customClientMetadataGuard.safeParse(application.custom_client_metadata);
  const {
    redirectUris,
    postLogoutRedirectUris,
    backchannelLogoutUri,
    backchannelLogoutSessionRequired,
    logoUri,
  } = oidcMetadata.success ? oidcMetadata.data : oidcClientMetadataGuard.parse({});

  return {
    client_id: application.id,
    client_secret: application.secret,
    client_name: application.name,
    ...constantClientMetadata(application.type),
    // Machine-to-machine apps have no redirects; oidc-provider rejects redirect URIs without a front channel.
    ...(application.type === 'MachineToMachine'
      ? {}
      : {
          redirect_uris: redirectUris,
          post_logout_redirect_uris: postLogoutRedirectUris,
          ...(backchannelLogoutUri ? { backchannel_logout_uri: backchannelLogoutUri } : {}),
          ...(backchannelLogoutSessionRequired === undefined
            ? {}
            : { backchannel_logout_session_required: backchannelLogoutSessionRequired }),
          ...(logoUri ? { logo_uri: logoUri } : {}),
        }),
    ...(customMetadata.success
      ? Object.fromEntries(
          Object.entries(customMetadata.data).filter(([, value]) => value !== undefined),
        )
      : {}),
  };
}

/**
 * Clients are read from `applications` on every lookup (oidc-provider caches the parsed client by the hash
 * of its metadata), so an application created or changed through the Management API works at once.
 * As in Logto, an unknown client id is `invalid_client` ("invalid client <id>").
 */
export function createClientAdapter(db: Database): Adapter {
  const readOnly = () =>
    Promise.reject(new Error('Clients are managed through the applications table'));
  return {
    find: async (id) => {
      const application = await db.one<ApplicationRow>(
        `select id, name, type, secret, oidc_client_metadata, custom_client_metadata
         from applications where id = $1`,
        [id],
      );
      if (!application) throw new errors.InvalidClient(`invalid client ${id}`);
      return toClientMetadata(application);
    },
    upsert: readOnly,
    findByUid: readOnly,
    findByUserCode: readOnly,
    consume: readOnly,
    destroy: readOnly,
    revokeByGrantId: readOnly,
  };
}

/** Whether a browser origin may call the token and userinfo endpoints for this client (Logto's `isOriginAllowed`). */
export function isOriginAllowed(
  origin: string,
  metadata: unknown,
  redirectUris: readonly string[] = [],
): boolean {
  const custom = customClientMetadataGuard.safeParse(metadata);
  if (custom.success && custom.data.corsAllowedOrigins?.includes(origin)) return true;
  return redirectUris.some((uri) => URL.parse(uri)?.origin === origin);
}

type SecretRow = { value: string; expires_at: number | string | null; secret: string };

/**
 * Logto's `koaAppSecretTranspilation`: an app may hold extra secrets in `application_secrets`; oidc-provider
 * knows only one, so a matching extra secret is swapped for the application's own before client auth.
 * Returns the secret to authenticate with, or `undefined` to leave the request as it is.
 */
export async function resolveApplicationSecret(
  db: Database,
  clientId: string,
  presentedSecret: string,
): Promise<{ secret: string } | { expired: true } | undefined> {
  const row = await db.one<SecretRow>(
    `select s.value, s.expires_at, a.secret from application_secrets s
     join applications a on a.id = s.application_id
     where s.application_id = $1 and s.value = $2`,
    [clientId, presentedSecret],
  );
  if (!row) return undefined;
  if (row.expires_at !== null && Number(row.expires_at) < Date.now()) return { expired: true };
  return { secret: row.secret };
}

import { z } from 'zod';

/** Where the SPA reads its runtime configuration from the BFF, before anything else. */
export const publicConfigPath = '/api/config';

/**
 * The SPA's public runtime configuration, served by the BFF from its own environment so that one
 * build of the SPA runs against any Logto tenant. Everything here is public: it ends up in a browser.
 */
export const publicConfigSchema = z.object({
  /** Logto's origin (e.g. `http://localhost:3001`); the SDK appends `/oidc`. */
  logtoEndpoint: z.url(),
  /** The SPA application's id in Logto (a public client, no secret). */
  appId: z.string().min(1),
  /** The portal API resource indicator the SPA asks access tokens for. */
  portalApiResource: z.string().min(1),
});

export type PublicConfig = z.infer<typeof publicConfigSchema>;

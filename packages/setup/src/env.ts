import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { defaultPortalApiResource } from '@portal/shared';
import { z } from 'zod';

import { SetupError } from './errors.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** Where the demo seed records the ids it created (the start script hands the SPA app id to the BFF). */
export const defaultTenantFile = path.join(repoRoot, '.data', 'tenant.json');

/**
 * The emulator's setup M2M app (apps/logto-emulator/src/env.ts). Only a default: against a real Logto,
 * set LOGTO_M2M_APP_ID and LOGTO_M2M_APP_SECRET to an M2M app that holds the Management API role.
 */
export const emulatorDevM2mApp = {
  id: 'portal-m2m-dev',
  secret: 'portal-m2m-dev-secret-not-for-production',
} as const;

// `FOO=` in a shell or .env file means "not set", not "set to the empty string".
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(unsetIfEmpty, schema.optional());
const origin = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, ''));

const envSchema = z.object({
  LOGTO_ENDPOINT: optional(origin),
  /** Logto Cloud issues M2M tokens only on its default domain; set this when LOGTO_ENDPOINT is a custom one. */
  LOGTO_TOKEN_ENDPOINT: optional(z.url({ protocol: /^https?$/ })),
  LOGTO_M2M_APP_ID: optional(z.string().min(1)),
  LOGTO_M2M_APP_SECRET: optional(z.string().min(1)),
  /** OSS: https://default.logto.app/api whatever the host; Cloud: https://<tenant-id>.logto.app/api. */
  LOGTO_MANAGEMENT_API_RESOURCE: optional(z.url()),
  PORTAL_API_RESOURCE: optional(z.string().min(1)),
  /** Where the portal (BFF + SPA) is served; the SPA's redirect URIs are derived from it. */
  PORTAL_PUBLIC_URL: optional(origin),
  /** The Vite dev server (`pnpm dev`); its redirect URIs are registered too. */
  PORTAL_DEV_URL: optional(origin),
  PORTAL_TENANT_FILE: optional(z.string().min(1)),
});

/** How to reach a Logto tenant's Management API with an M2M app. */
export type LogtoConnection = {
  endpoint: string;
  /** Defaults to `${endpoint}/oidc/token`. */
  tokenEndpoint?: string | undefined;
  m2mAppId: string;
  m2mAppSecret: string;
  managementApiResource: string;
  /** True when the M2M credentials are the emulator's defaults (used to word error hints). */
  usingEmulatorDevCredentials?: boolean;
};

/** What the portal looks like from Logto's side: its API resource and the URLs the SPA runs on. */
export type PortalSettings = {
  apiResource: string;
  publicUrl: string;
  devUrl: string;
};

export const defaultPortalSettings: PortalSettings = {
  apiResource: defaultPortalApiResource.indicator,
  publicUrl: 'http://localhost:3000',
  devUrl: 'http://localhost:5173',
};

export type SetupConfig = {
  logto: LogtoConnection;
  portal: PortalSettings;
  tenantFile: string;
};

/**
 * Parses the setup configuration; throws listing every bad value. The only reader of process.env in
 * this package (the emulator's first start passes its own connection and reads only the portal part).
 */
export function readSetupConfig(source: NodeJS.ProcessEnv = process.env): SetupConfig {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new SetupError(`Invalid setup configuration:\n${lines.join('\n')}`);
  }
  const env = result.data;
  const usingEmulatorDevCredentials = !env.LOGTO_M2M_APP_ID && !env.LOGTO_M2M_APP_SECRET;
  return {
    logto: {
      endpoint: env.LOGTO_ENDPOINT ?? 'http://localhost:3001',
      tokenEndpoint: env.LOGTO_TOKEN_ENDPOINT,
      m2mAppId: env.LOGTO_M2M_APP_ID ?? emulatorDevM2mApp.id,
      m2mAppSecret: env.LOGTO_M2M_APP_SECRET ?? emulatorDevM2mApp.secret,
      managementApiResource: env.LOGTO_MANAGEMENT_API_RESOURCE ?? 'https://default.logto.app/api',
      usingEmulatorDevCredentials,
    },
    portal: {
      apiResource: env.PORTAL_API_RESOURCE ?? defaultPortalSettings.apiResource,
      publicUrl: env.PORTAL_PUBLIC_URL ?? defaultPortalSettings.publicUrl,
      devUrl: env.PORTAL_DEV_URL ?? defaultPortalSettings.devUrl,
    },
    tenantFile: env.PORTAL_TENANT_FILE ?? defaultTenantFile,
  };
}

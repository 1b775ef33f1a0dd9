import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { z } from 'zod';

const appRoot = fileURLToPath(new URL('..', import.meta.url));

/** An origin-like URL without a trailing slash, so that `${url}/path` is always right. */
const baseUrl = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, ''));

const envSchema = z.object({
  /** Logto's origin, e.g. http://localhost:3001 (the OIDC issuer is `${LOGTO_ENDPOINT}/oidc`). */
  LOGTO_ENDPOINT: baseUrl,
  /** The SPA application's id in Logto. */
  LOGTO_SPA_APP_ID: z.string().min(1),
  /** The portal API resource indicator (Logto API resource), e.g. https://portal.example/api. */
  PORTAL_API_RESOURCE: z.string().min(1),
  /** Where people reach the portal, e.g. http://localhost:3000. */
  PORTAL_PUBLIC_URL: baseUrl,
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  /** The built SPA (`vite build` output); relative paths are resolved against apps/bff. */
  WEB_DIST_DIR: z
    .string()
    .min(1)
    .default('../web/dist')
    .transform((value) => path.resolve(appRoot, value)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type BffEnv = z.infer<typeof envSchema>;

/** The BFF's configuration in the words the code uses; `createApp` takes this, never process.env. */
export type BffConfig = {
  logtoEndpoint: string;
  spaAppId: string;
  portalApiResource: string;
  publicUrl: string;
  port: number;
  webDistDir: string;
  logLevel: BffEnv['LOG_LEVEL'];
};

export class InvalidConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid BFF configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'InvalidConfigurationError';
  }
}

/** Parses the environment once at start-up. The only reader of process.env in the BFF. */
export function readBffConfig(source: NodeJS.ProcessEnv = process.env): BffConfig {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    // Every bad or missing value at once, so a deploy is fixed in one go.
    throw new InvalidConfigurationError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const env = result.data;
  return {
    logtoEndpoint: env.LOGTO_ENDPOINT,
    spaAppId: env.LOGTO_SPA_APP_ID,
    portalApiResource: env.PORTAL_API_RESOURCE,
    publicUrl: env.PORTAL_PUBLIC_URL,
    port: env.PORT,
    webDistDir: env.WEB_DIST_DIR,
    logLevel: env.LOG_LEVEL,
  };
}

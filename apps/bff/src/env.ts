import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { z } from 'zod';

const appRoot = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

// `FOO=` in a shell or .env file means "not set", not "set to the empty string".
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(unsetIfEmpty, schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, value: z.input<T>) =>
  z.preprocess(unsetIfEmpty, schema.prefault(value));

/** An origin-like URL without a trailing slash, so that `${url}/path` is always right. */
const baseUrl = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, ''));

export type RateLimit = { requests: number; perMs: number };

/** `200/10s`: at most 200 requests per 10 seconds (units ms, s, m). */
const rateLimit = z
  .string()
  .regex(/^\d+\/\d+(ms|s|m)$/, 'Expected <requests>/<window>, e.g. 200/10s')
  .transform((value, context): RateLimit => {
    const [, requests = '', amount = '', unit = ''] = /^(\d+)\/(\d+)(ms|s|m)$/.exec(value) ?? [];
    const perMs = Number(amount) * (unit === 'ms' ? 1 : unit === 'm' ? 60_000 : 1000);
    if (Number(requests) < 1 || perMs < 1) {
      context.addIssue({ code: 'custom', message: 'Both numbers must be at least 1' });
      return z.NEVER;
    }
    return { requests: Number(requests), perMs };
  });

const originList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z
        .url({ protocol: /^https?$/ })
        .refine((origin) => new URL(origin).origin === origin.replace(/\/+$/, ''), {
          message: 'Expected origins only (scheme://host[:port]), comma-separated',
        })
        .transform((origin) => new URL(origin).origin),
    ),
  );

const jwsAlgorithms = [
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
] as const;

const envSchema = z.object({
  /** Logto's origin, e.g. http://localhost:3001 (the OIDC issuer is `${LOGTO_ENDPOINT}/oidc`). */
  LOGTO_ENDPOINT: baseUrl,
  /** Logto Cloud issues M2M tokens only on its default domain: set this when LOGTO_ENDPOINT is a custom one. */
  LOGTO_TOKEN_ENDPOINT: optional(z.url({ protocol: /^https?$/ })),
  /** The M2M application the BFF calls the Management API as (it must hold the Management API role). */
  LOGTO_M2M_APP_ID: z.string().min(1),
  LOGTO_M2M_APP_SECRET: z.string().min(1),
  /** OSS: https://default.logto.app/api whatever the host; Cloud: https://<tenant-id>.logto.app/api. */
  LOGTO_MANAGEMENT_API_RESOURCE: withDefault(z.url(), 'https://default.logto.app/api'),
  /** The SPA application's id in Logto. */
  LOGTO_SPA_APP_ID: z.string().min(1),
  /** The portal API resource indicator (Logto API resource), e.g. https://portal.example/api. */
  PORTAL_API_RESOURCE: z.string().min(1),
  /** Where people reach the portal, e.g. http://localhost:3000. */
  PORTAL_PUBLIC_URL: baseUrl,
  /** A PostgreSQL server for the BFF's own data; without it, embedded PGlite in BFF_DATA_DIR. */
  DATABASE_URL: optional(z.url({ protocol: /^postgres(ql)?$/ })),
  BFF_DATA_DIR: withDefault(z.string().min(1), path.join(repoRoot, '.data', 'bff')).transform(
    (value) => path.resolve(value),
  ),
  /** The budget of Management API calls (Logto Cloud's guidance: 200 per 10 s). */
  UPSTREAM_RATE_LIMIT: withDefault(rateLimit, '200/10s'),
  /** The longest a Management API call may wait for the budget; beyond it the request gets 503 + Retry-After. */
  UPSTREAM_MAX_WAIT_MS: withDefault(z.coerce.number().int().min(0).max(600_000), 5000),
  /** Share the budget round-robin across users (true) or serve one line, first come first served (false). */
  UPSTREAM_FAIR_SHARE: withDefault(
    z.enum(['true', 'false']).transform((value) => value === 'true'),
    'true',
  ),
  /** Per attempt, for every Management API and token request. */
  UPSTREAM_TIMEOUT_MS: withDefault(z.coerce.number().int().min(100).max(120_000), 10_000),
  /** Extra attempts for idempotent upstream calls on 429, 502, 503, 504 and broken connections. */
  UPSTREAM_RETRIES: withDefault(z.coerce.number().int().min(0).max(5), 2),
  /** Requests per client (IP address) to /api. */
  API_RATE_LIMIT: withDefault(rateLimit, '600/1m'),
  /** Other origins allowed to call /api from a browser (comma-separated); none by default: same-origin. */
  CORS_ALLOWED_ORIGINS: withDefault(originList, ''),
  /** Accepted signing algorithms of Logto's tokens (comma-separated). Logto signs with ES384. */
  TOKEN_ALGORITHMS: withDefault(
    z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(jwsAlgorithms)).min(1)),
    'ES384',
  ),
  /**
   * Express's `trust proxy`: set it (e.g. `1`, `loopback`) when a load balancer sits in front, so that
   * per-client rate limits see the client's address rather than the balancer's.
   */
  TRUST_PROXY: withDefault(
    z.union([
      z.enum(['true', 'false']).transform((value) => value === 'true'),
      z.coerce.number().int().min(0),
      z.string().regex(/^[\w.:/, -]+$/),
    ]),
    'false',
  ),
  PORT: withDefault(z.coerce.number().int().min(0).max(65_535), 3000),
  /** The built SPA (`vite build` output); relative paths are resolved against apps/bff. */
  WEB_DIST_DIR: withDefault(z.string().min(1), '../web/dist').transform((value) =>
    path.resolve(appRoot, value),
  ),
  LOG_LEVEL: withDefault(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    'info',
  ),
});

export type BffEnv = z.infer<typeof envSchema>;
export type LogLevel = BffEnv['LOG_LEVEL'];

/** The BFF's configuration in the words the code uses; `createApp` takes this, never process.env. */
export type BffConfig = {
  logtoEndpoint: string;
  /** `${logtoEndpoint}/oidc/token` unless LOGTO_TOKEN_ENDPOINT says otherwise. */
  logtoTokenEndpoint: string;
  m2mAppId: string;
  m2mAppSecret: string;
  managementApiResource: string;
  spaAppId: string;
  portalApiResource: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** The budget and how it is shared (logto/upstream-budget.ts). */
  upstreamRateLimit: RateLimit & { fair: boolean; maxWaitMs: number };
  upstreamTimeoutMs: number;
  upstreamRetries: number;
  apiRateLimit: RateLimit;
  corsAllowedOrigins: string[];
  tokenAlgorithms: string[];
  trustProxy: boolean | number | string;
  port: number;
  webDistDir: string;
  logLevel: LogLevel;
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
    // Every bad or missing value at once, so a deploy is fixed in one go. Values are not echoed: some are secrets.
    throw new InvalidConfigurationError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const env = result.data;
  return {
    logtoEndpoint: env.LOGTO_ENDPOINT,
    logtoTokenEndpoint: env.LOGTO_TOKEN_ENDPOINT ?? `${env.LOGTO_ENDPOINT}/oidc/token`,
    m2mAppId: env.LOGTO_M2M_APP_ID,
    m2mAppSecret: env.LOGTO_M2M_APP_SECRET,
    managementApiResource: env.LOGTO_MANAGEMENT_API_RESOURCE,
    spaAppId: env.LOGTO_SPA_APP_ID,
    portalApiResource: env.PORTAL_API_RESOURCE,
    publicUrl: env.PORTAL_PUBLIC_URL,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.BFF_DATA_DIR,
    upstreamRateLimit: {
      ...env.UPSTREAM_RATE_LIMIT,
      fair: env.UPSTREAM_FAIR_SHARE,
      maxWaitMs: env.UPSTREAM_MAX_WAIT_MS,
    },
    upstreamTimeoutMs: env.UPSTREAM_TIMEOUT_MS,
    upstreamRetries: env.UPSTREAM_RETRIES,
    apiRateLimit: env.API_RATE_LIMIT,
    corsAllowedOrigins: env.CORS_ALLOWED_ORIGINS,
    tokenAlgorithms: env.TOKEN_ALGORITHMS,
    trustProxy: env.TRUST_PROXY,
    port: env.PORT,
    webDistDir: env.WEB_DIST_DIR,
    logLevel: env.LOG_LEVEL,
  };
}

import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { z } from 'zod';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

const envSchema = z.object({
  EMULATOR_PORT: z.coerce.number().int().min(0).max(65_535).default(3001),
  /** Loopback only unless told otherwise: the emulator is for development and tests. */
  EMULATOR_HOST: z.string().min(1).default('127.0.0.1'),
  /** The URL browsers and the BFF use; the OIDC issuer is `${EMULATOR_PUBLIC_URL}/oidc`. */
  EMULATOR_PUBLIC_URL: z.url().optional(),
  /** PGlite data folder; `memory` keeps everything in memory. */
  EMULATOR_DATA_DIR: z
    .string()
    .min(1)
    .default(path.join(repoRoot, '.data', 'emulator')),
  EMULATOR_RESET: booleanFlag.default(false),
  /** `/_emulator/` reset and fault injection. Off unless enabled. */
  EMULATOR_TEST_CONTROLS: booleanFlag.default(false),
  /** Whether the built-in email connector exists (off reproduces Logto's 501 `connector.not_found`). */
  EMULATOR_EMAIL_CONNECTOR: booleanFlag.default(true),
  /** The M2M app the emulator creates for setup (bootstrap, demo seed) on first start. */
  EMULATOR_M2M_APP_ID: z.string().min(1).max(21).default('portal-m2m-dev'),
  EMULATOR_M2M_APP_SECRET: z.string().min(16).default('portal-m2m-dev-secret-not-for-production'),
  /** `demo` runs bootstrap + the demo seed on an empty data folder; `bootstrap` only the former. */
  EMULATOR_SEED: z.enum(['demo', 'bootstrap', 'none']).default('demo'),
});

export type EmulatorEnv = z.infer<typeof envSchema>;

/** Parses the emulator's environment; exits listing every bad value. The only reader of process.env. */
export function readEmulatorEnv(source: NodeJS.ProcessEnv = process.env): EmulatorEnv {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid emulator configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { readSetupConfig } from '@portal/setup';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export type E2eEnv = {
  /** Run against an already running stack (e.g. `pnpm start`) instead of starting one. */
  baseUrl: string | undefined;
  chromiumPath: string;
  /** Always rebuild the SPA (CI); locally only when apps/web/dist is missing or older than its sources. */
  ci: boolean;
  /** Where the running stack's demo seed wrote its ids (only used with E2E_BASE_URL). */
  tenantFile: string;
  m2mApp: { id: string; secret: string; managementApiResource: string };
};

const isSet = (value: string | undefined) =>
  value !== undefined && value !== '' && value !== '0' && value !== 'false';

/** The e2e suite's configuration; the only reader of process.env here. Throws naming every bad value. */
export function readE2eEnv(source: NodeJS.ProcessEnv = process.env): E2eEnv {
  const problems: string[] = [];
  let baseUrl: string | undefined;
  if (source.E2E_BASE_URL) {
    try {
      const url = new URL(source.E2E_BASE_URL);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
      baseUrl = source.E2E_BASE_URL.replace(/\/+$/, '');
    } catch {
      problems.push(
        `E2E_BASE_URL: expected an http(s) URL, got ${JSON.stringify(source.E2E_BASE_URL)}`,
      );
    }
  }
  // The same defaults as `pnpm seed:demo`: the emulator's dev M2M app unless LOGTO_M2M_APP_* say otherwise.
  let setup: ReturnType<typeof readSetupConfig> | undefined;
  try {
    setup = readSetupConfig(source);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  if (problems.length > 0 || !setup)
    throw new Error(`Invalid e2e configuration:\n  ${problems.join('\n  ')}`);
  return {
    baseUrl,
    chromiumPath: source.E2E_CHROMIUM_PATH || '/usr/bin/chromium',
    ci: isSet(source.CI),
    tenantFile: path.resolve(setup.tenantFile),
    m2mApp: {
      id: setup.logto.m2mAppId,
      secret: setup.logto.m2mAppSecret,
      managementApiResource: setup.logto.managementApiResource,
    },
  };
}

/** The environment for `vite build`: Vitest sets NODE_ENV=test, which would make Vite bundle React's development build. */
export function productionBuildEnvironment(
  source: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  return { ...source, NODE_ENV: 'production' };
}

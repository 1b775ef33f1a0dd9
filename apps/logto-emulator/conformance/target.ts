import { randomBytes } from 'node:crypto';

import type { ConformanceEnv } from './env.js';

/**
 * How the email connector of the target can be put in a known state:
 * - `switchable`: the emulator, through its test control `PUT /_emulator/email-connector`;
 * - `present` / `absent`: a real Logto, as declared by `LOGTO_EMAIL_CONNECTOR`;
 * - `unknown`: a real Logto without that declaration (connector-dependent tests are skipped).
 */
export type EmailConnectorControl = 'switchable' | 'present' | 'absent' | 'unknown';

/** The server under test, as every test file sees it (passed from the global setup with `provide`). */
export type ConformanceTarget = {
  kind: 'emulator' | 'logto';
  /** Origin of the server, no trailing slash; the Management API is under `/api`. */
  endpoint: string;
  tokenEndpoint: string;
  managementApiResource: string;
  m2mApp: { id: string; secret: string };
  emailConnector: EmailConnectorControl;
};

declare module 'vitest' {
  export interface ProvidedContext {
    conformanceTarget: ConformanceTarget;
  }
}

export type ResolvedTarget = { target: ConformanceTarget; close: () => Promise<void> };

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * A real Logto when `LOGTO_ENDPOINT` and the M2M credentials are configured; otherwise a fresh in-memory
 * emulator on a random port, with its test controls and email connector on, closed by `close`.
 */
export async function resolveTarget(env: ConformanceEnv): Promise<ResolvedTarget> {
  if (env.LOGTO_ENDPOINT && env.LOGTO_M2M_APP_ID && env.LOGTO_M2M_APP_SECRET) {
    const endpoint = withoutTrailingSlash(env.LOGTO_ENDPOINT);
    return {
      target: {
        kind: 'logto',
        endpoint,
        tokenEndpoint: env.LOGTO_TOKEN_ENDPOINT ?? `${endpoint}/oidc/token`,
        managementApiResource: env.LOGTO_MANAGEMENT_API_RESOURCE,
        m2mApp: { id: env.LOGTO_M2M_APP_ID, secret: env.LOGTO_M2M_APP_SECRET },
        emailConnector: env.LOGTO_EMAIL_CONNECTOR ?? 'unknown',
      },
      close: async () => {},
    };
  }

  // Imported lazily so that a run against a real Logto never loads the emulator.
  const { startEmulator } = await import('../src/app.js');
  const m2mApp = { id: 'conformance-m2m', secret: randomBytes(24).toString('base64url') };
  const emulator = await startEmulator({
    port: 0,
    testControls: true,
    emailConnector: true,
    m2mApp,
  });
  return {
    target: {
      kind: 'emulator',
      endpoint: emulator.url,
      tokenEndpoint: `${emulator.url}/oidc/token`,
      managementApiResource: 'https://default.logto.app/api',
      m2mApp,
      emailConnector: 'switchable',
    },
    close: emulator.close,
  };
}

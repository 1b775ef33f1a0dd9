import { managementApi, startEmulator, type RunningEmulator } from '@portal/logto-emulator';

import type { LogtoConnection } from './env.js';
import { connectToLogto, type SetupClient } from './management-api.js';

const m2mApp = { id: 'setup-test-m2m', secret: 'setup-test-m2m-secret-not-real' } as const;

export type TestTenant = {
  emulator: RunningEmulator;
  connection: LogtoConnection;
  client: SetupClient;
};

/**
 * A fresh, empty in-memory emulator (system seed only) and a setup client for it, as a real tenant would
 * be. Its test controls are on, for fault injection (`POST /_emulator/faults`).
 */
export async function startTestTenant(): Promise<TestTenant> {
  const emulator = await startEmulator({
    port: 0,
    testControls: true,
    emailConnector: false,
    m2mApp,
  });
  const connection: LogtoConnection = {
    endpoint: emulator.url,
    m2mAppId: m2mApp.id,
    m2mAppSecret: m2mApp.secret,
    managementApiResource: managementApi.indicator,
  };
  return { emulator, connection, client: connectToLogto(connection) };
}

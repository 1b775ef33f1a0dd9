/**
 * Test support for the Management API client's tests (not used by the BFF itself): a real in-memory
 * emulator over HTTP, bootstrapped with @portal/setup (organization template, portal API), plus the
 * emulator's fault-injection controls.
 */
import { managementApi, startEmulator, type RunningEmulator } from '@portal/logto-emulator';
import { bootstrap, connectToLogto, type SetupClient } from '@portal/setup';
import { z } from 'zod';

import { expireInvitation } from '../test/expire-invitation.js';
import {
  createManagementClient,
  type ManagementClient,
  type ManagementClientConfig,
} from './management-client.js';

export const testM2mApp = { id: 'bff-client-test-m2m', secret: 'bff-client-test-secret-0000' };

export type Fault = {
  method?: string;
  path: string;
  status?: number;
  delay?: number;
  times?: number;
  retryAfter?: number;
  body?: unknown;
};

export type TestTenant = {
  emulator: RunningEmulator;
  setup: SetupClient;
  /** Organization role ids by name (`admin`, `member`). */
  roleIds: Record<string, string>;
  /** A client with test-friendly timings; `overrides` replace any of them. */
  newClient(overrides?: Partial<ManagementClientConfig>): ManagementClient;
  /** Injects a fault; returns its id. */
  addFault(fault: Fault): Promise<string>;
  /** Applications left of a fault (`undefined` once used up and gone). */
  faultRemaining(id: string): Promise<number | null | undefined>;
  clearFaults(): Promise<void>;
  /**
   * Counts requests to `path` (a prefix) from now on, with a pass-through fault (no status; `delay` ms
   * before the real handler); `count()` reads the number so far.
   */
  countRequests(match: { method?: string; path: string; delay?: number }): Promise<{
    count(): Promise<number>;
  }>;
  setEmailConnector(enabled: boolean): Promise<void>;
  /** Moves an invitation's expiry into the past (see ../test/expire-invitation.ts). */
  expireInvitation(invitationId: string): Promise<void>;
  /** Stops the emulator (Logto is down from here on) and closes every client made by `newClient`. */
  createUser(profile: { username: string; primaryEmail?: string; name?: string }): Promise<string>;
  close(): Promise<void>;
};

const activeFaultsSchema = z.array(z.object({ id: z.string(), remaining: z.number().nullable() }));
const createdFaultSchema = z.object({ id: z.string() });

export async function startTestTenant(): Promise<TestTenant> {
  const emulator = await startEmulator({
    port: 0,
    testControls: true,
    emailConnector: true,
    m2mApp: testM2mApp,
  });
  const setup = connectToLogto({
    endpoint: emulator.url,
    m2mAppId: testM2mApp.id,
    m2mAppSecret: testM2mApp.secret,
    managementApiResource: managementApi.indicator,
  });
  const { organizationRoleIds } = await bootstrap(setup);
  const clients: ManagementClient[] = [];
  let closed = false;

  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${emulator.url}/_emulator/${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} /_emulator/${path}: HTTP ${response.status}`);
    if (response.status === 204) return undefined;
    const answer: unknown = await response.json();
    return answer;
  };

  const faultRemaining = async (id: string) => {
    const faults = activeFaultsSchema.parse(await control('GET', 'faults'));
    return faults.find((fault) => fault.id === id)?.remaining;
  };

  const addFault = async (fault: Fault) =>
    createdFaultSchema.parse(await control('POST', 'faults', fault)).id;

  return {
    emulator,
    setup,
    roleIds: organizationRoleIds,
    newClient(overrides = {}) {
      const client = createManagementClient({
        endpoint: emulator.url,
        managementApiResource: managementApi.indicator,
        appId: testM2mApp.id,
        appSecret: testM2mApp.secret,
        rateLimit: { requests: 1000, perMs: 1000 },
        timeoutMs: 5_000,
        retries: 2,
        retryBaseDelayMs: 20,
        ...overrides,
      });
      clients.push(client);
      return client;
    },
    addFault,
    faultRemaining,
    clearFaults: async () => {
      // After `close` there is nothing left to clear.
      if (!closed) await control('DELETE', 'faults');
    },
    async countRequests({ method, path, delay = 0 }) {
      const times = 100_000;
      const id = await addFault({ ...(method ? { method } : {}), path, delay, times });
      return {
        count: async () => times - ((await faultRemaining(id)) ?? 0),
      };
    },
    setEmailConnector: async (enabled) => {
      await control('PUT', 'email-connector', { enabled });
    },
    expireInvitation: (invitationId) => expireInvitation(emulator, invitationId),
    async createUser(profile) {
      const { data, response } = await setup.api.POST('/api/users', { body: profile });
      if (!data) throw new Error(`create user ${profile.username}: HTTP ${response.status}`);
      return data.id;
    },
    async close() {
      for (const client of clients.splice(0)) client.close();
      if (!closed) {
        closed = true;
        await emulator.close();
      }
    },
  };
}

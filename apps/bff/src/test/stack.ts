/**
 * One test file's world: a real in-memory Logto emulator seeded with the demo tenant (@portal/setup's
 * seedDemo, the same code `pnpm start` runs), the real Management API client and an in-memory PGlite
 * database, and the BFF listening on a random port. Nothing is mocked.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { managementApi, startEmulator, type RunningEmulator } from '@portal/logto-emulator';
import { connectToLogto, seedDemo, type SeedDemoResult, type SetupClient } from '@portal/setup';
import { supportRoles } from '@portal/shared';
import { pino } from 'pino';
import { z } from 'zod';

import { createApp, type BffAppConfig } from '../app.js';
import { openPortalDatabase } from '../data/database.js';
import type { PortalDatabase } from '../data/types.js';
import { createManagementClient, type ManagementClient } from '../logto/management-client.js';
import { createMetrics, type BffMetrics } from '../metrics.js';
import { expireInvitation } from './expire-invitation.js';
import { signIn, type UserSession } from './tokens.js';

const m2mApp = { id: 'bff-test-m2m', secret: 'bff-test-m2m-secret-not-real' } as const;
/** The SPA's origin as registered on the SPA application (never contacted: the callback is read, not followed). */
const spaOrigin = 'http://portal.test';

export type Fault = {
  method?: string;
  path: string;
  status?: number;
  delay?: number;
  times?: number;
  retryAfter?: number;
  body?: unknown;
};

export type TestStack = {
  /** The BFF. */
  url: string;
  emulator: RunningEmulator;
  /** A Management API client of its own, to arrange and check Logto's state behind the BFF's back. */
  setup: SetupClient;
  seed: SeedDemoResult;
  organizations: { acme: string; globex: string; initech: string };
  /** Organization role ids by name (`admin`, `member`). */
  roleIds: Record<string, string>;
  database: PortalDatabase;
  metrics: BffMetrics;
  /** A user with a password, in these organizations with these roles, with these global roles. */
  createUser(spec: {
    username: string;
    organizations?: Array<{ id: string; roles: string[] }>;
    globalRoles?: string[];
  }): Promise<{ id: string; email: string; password: string }>;
  signIn(email: string, password: string): Promise<UserSession>;
  /** fetch against the BFF with a bearer token and/or a JSON body. */
  call(
    path: string,
    init?: RequestInit & { token?: string | undefined; json?: unknown },
  ): Promise<Response>;
  addFault(fault: Fault): Promise<void>;
  clearFaults(): Promise<void>;
  /** Moves an invitation's expiry into the past (see ./expire-invitation.ts). */
  expireInvitation(invitationId: string): Promise<void>;
  close(): Promise<void>;
};

export type TestStackOptions = {
  config?: Partial<BffAppConfig>;
  memberScopeTtlMs?: number;
  upstream?: { timeoutMs?: number; retries?: number };
};

const idSchema = z.object({ id: z.string() });

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const emulator = await startEmulator({
    port: 0,
    testControls: true,
    emailConnector: true,
    m2mApp,
  });
  const setup = connectToLogto({
    endpoint: emulator.url,
    m2mAppId: m2mApp.id,
    m2mAppSecret: m2mApp.secret,
    managementApiResource: managementApi.indicator,
  });
  const seed = await seedDemo(setup, {
    portal: { publicUrl: spaOrigin, devUrl: spaOrigin },
    largeOrganizationSize: 3,
  });
  const organizationId = (key: string) => {
    const organization = seed.tenant.organizations.find((candidate) => candidate.key === key);
    if (!organization) throw new Error(`The demo seed has no organization ${key}`);
    return organization.id;
  };

  const database = await openPortalDatabase();
  const logto: ManagementClient = createManagementClient({
    endpoint: emulator.url,
    managementApiResource: managementApi.indicator,
    appId: m2mApp.id,
    appSecret: m2mApp.secret,
    rateLimit: { requests: 10_000, perMs: 1000 },
    timeoutMs: options.upstream?.timeoutMs ?? 5000,
    retries: options.upstream?.retries ?? 1,
    retryBaseDelayMs: 10,
  });
  const metrics = createMetrics();

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const config: BffAppConfig = {
    logtoEndpoint: emulator.url,
    spaAppId: seed.tenant.spaAppId,
    portalApiResource: seed.tenant.portalApiResource,
    publicUrl: url,
    webDistDir: path.join(os.tmpdir(), 'bff-test-no-web-build'),
    logLevel: 'silent',
    apiRateLimit: { requests: 100_000, perMs: 60_000 },
    corsAllowedOrigins: [],
    tokenAlgorithms: ['ES384'],
    trustProxy: false,
    ...options.config,
  };
  const app = createApp(config, {
    logto,
    database,
    metrics,
    logger: pino({ level: 'silent' }),
    ...(options.memberScopeTtlMs === undefined
      ? {}
      : { memberScopeTtlMs: options.memberScopeTtlMs }),
  });
  server.on('request', app);

  const control = async (method: string, controlPath: string, body?: unknown) => {
    const response = await fetch(`${emulator.url}/_emulator/${controlPath}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} /_emulator/${controlPath}: ${response.status}`);
  };

  let userCount = 0;
  return {
    url,
    emulator,
    setup,
    seed,
    organizations: {
      acme: organizationId('acme'),
      globex: organizationId('globex'),
      initech: organizationId('initech'),
    },
    roleIds: seed.bootstrap.organizationRoleIds,
    database,
    metrics,

    async createUser({ username, organizations = [], globalRoles = [] }) {
      userCount += 1;
      const email = `${username}@example.com`;
      const password = `${username}-test-password-${userCount}`;
      const created = await setup.api.POST('/api/users', {
        body: { username, primaryEmail: email, name: username, password },
      });
      const { id } = idSchema.parse(created.data);
      for (const organization of organizations) {
        await setup.api.POST('/api/organizations/{id}/users', {
          params: { path: { id: organization.id } },
          body: { userIds: [id] },
        });
        const organizationRoleIds = organization.roles.map((name) => {
          const roleId = seed.bootstrap.organizationRoleIds[name];
          if (!roleId) throw new Error(`No organization role ${name}`);
          return roleId;
        });
        if (organizationRoleIds.length > 0) {
          await setup.api.PUT('/api/organizations/{id}/users/{userId}/roles', {
            params: { path: { id: organization.id, userId: id } },
            body: { organizationRoleIds },
          });
        }
      }
      if (globalRoles.length > 0) {
        const roleIds = globalRoles.map((name) => {
          const roleId = seed.bootstrap.supportRoleIds[name];
          if (!roleId)
            throw new Error(
              `No global role ${name} (known: ${supportRoles.map((role) => role.name).join(', ')})`,
            );
          return roleId;
        });
        await setup.api.POST('/api/users/{userId}/roles', {
          params: { path: { userId: id } },
          body: { roleIds },
          parseAs: 'text',
        });
      }
      return { id, email, password };
    },

    signIn: (email, password) =>
      signIn({
        logtoEndpoint: emulator.url,
        clientId: seed.tenant.spaAppId,
        redirectUri: `${spaOrigin}/callback`,
        portalApiResource: seed.tenant.portalApiResource,
        email,
        password,
      }),

    call: (requestPath, { token, json, headers, ...init } = {}) =>
      fetch(`${url}${requestPath}`, {
        ...init,
        headers: {
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
          ...Object.fromEntries(new Headers(headers)),
        },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      }),

    addFault: (fault) => control('POST', 'faults', fault),
    clearFaults: () => control('DELETE', 'faults'),
    expireInvitation: (invitationId) => expireInvitation(emulator, invitationId),

    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      logto.close();
      await database.close();
      await emulator.close();
    },
  };
}

/** Demo accounts by username (packages/setup's demo data). */
export function demoAccount(stack: TestStack, username: 'ada' | 'max' | 'sam') {
  const account = stack.seed.tenant.demoAccounts.find(
    (candidate) => candidate.username === username,
  );
  if (!account) throw new Error(`No demo account ${username}`);
  return account;
}

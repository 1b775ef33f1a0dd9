import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { createBff, readBffConfig } from '@portal/bff';
import { managementApi, startEmulator } from '@portal/logto-emulator';
import { connectToLogto, readTenantFile, seedDemo, type DemoTenant } from '@portal/setup';
import { publicConfigSchema } from '@portal/shared';
import type { TestProject } from 'vitest/node';

import { screenshotDir } from './browser.js';
import { readE2eEnv, type E2eEnv } from './env.js';
import type { DemoUser, E2eStack } from './stack.js';
import { buildWeb, webBuildIsStale, webDistDir } from './web-build.js';

const m2mApp = { id: 'e2e-m2m-app', secret: 'e2e-m2m-app-secret-not-real' } as const;

/** Admin of some organizations and plain member of one; and a plain member (setup's demo data). */
const adminUsername = 'ada';
const memberUsername = 'max';
const supportUsername = 'sam';

function demoUser(tenant: DemoTenant, username: string): DemoUser {
  const account = tenant.demoAccounts.find((candidate) => candidate.username === username);
  if (!account) throw new Error(`The demo tenant has no account "${username}"`);
  return {
    userId: account.userId,
    email: account.email,
    password: account.password,
    name: account.name,
  };
}

function stackFromTenant(
  tenant: DemoTenant,
  where: { baseUrl: string; logtoEndpoint: string; spaAppId: string; portalApiResource: string },
  m2m: E2eStack['m2mApp'],
): E2eStack {
  return {
    ...where,
    m2mApp: m2m,
    admin: demoUser(tenant, adminUsername),
    member: demoUser(tenant, memberUsername),
    support: demoUser(tenant, supportUsername),
    organizations: tenant.organizations,
  };
}

/** Listening before the app exists: the SPA's redirect URIs need the portal's origin before seeding. */
async function listenLater() {
  let handler: http.RequestListener = (_request, response) => {
    response.statusCode = 503;
    response.end('Starting');
  };
  const server = http.createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    setHandler: (next: http.RequestListener) => {
      handler = next;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function useRunningStack(env: E2eEnv & { baseUrl: string }): Promise<E2eStack> {
  const response = await fetch(`${env.baseUrl}/api/config`);
  if (!response.ok)
    throw new Error(
      `${env.baseUrl}/api/config answered ${response.status}: is the portal running?`,
    );
  const config = publicConfigSchema.parse(await response.json());
  const tenant = await readTenantFile(env.tenantFile);
  if (!tenant)
    throw new Error(
      `No demo tenant file at ${env.tenantFile}: run the demo seed (pnpm start seeds it).`,
    );
  return stackFromTenant(
    tenant,
    {
      baseUrl: env.baseUrl,
      logtoEndpoint: config.logtoEndpoint,
      spaAppId: config.appId,
      portalApiResource: config.portalApiResource,
    },
    env.m2mApp,
  );
}

export default async function setup(project: TestProject) {
  const env = readE2eEnv();
  // Screenshots from an earlier run (a failure's especially) would mislead whoever looks at them.
  await rm(screenshotDir, { recursive: true, force: true });
  if (env.baseUrl) {
    project.provide('stack', await useRunningStack({ ...env, baseUrl: env.baseUrl }));
    return;
  }

  const started = performance.now();
  const log = (message: string) =>
    console.log(`[e2e] ${message} (${((performance.now() - started) / 1000).toFixed(1)}s)`);
  const building = (async () => {
    if (env.ci || (await webBuildIsStale())) {
      await buildWeb();
      log('built apps/web');
    }
  })();
  // Awaited below; this only keeps an early failure elsewhere from leaving it unhandled.
  building.catch(() => undefined);

  const emulator = await startEmulator({
    port: 0,
    testControls: true,
    emailConnector: true,
    m2mApp,
  });
  const portal = await listenLater();
  // The BFF's own database (audit log): a fresh PGlite folder per run.
  const bffDataDir = await mkdtemp(path.join(os.tmpdir(), 'portal-e2e-bff-'));
  let closeBff: (() => Promise<void>) | undefined;
  try {
    log(`emulator on ${emulator.url}`);
    const seedStarted = performance.now();
    const { tenant } = await seedDemo(
      connectToLogto({
        endpoint: emulator.url,
        m2mAppId: m2mApp.id,
        m2mAppSecret: m2mApp.secret,
        managementApiResource: managementApi.indicator,
      }),
      // The full demo tenant: issue 3's flows search the organization with over a thousand members.
      { portal: { publicUrl: portal.url, devUrl: portal.url } },
    );
    log(
      `demo tenant seeded, large organization included, in ${((performance.now() - seedStarted) / 1000).toFixed(1)}s`,
    );
    await building;

    // The BFF exactly as `pnpm start` configures it, from an environment.
    const bff = await createBff(
      readBffConfig({
        LOGTO_ENDPOINT: emulator.url,
        LOGTO_M2M_APP_ID: m2mApp.id,
        LOGTO_M2M_APP_SECRET: m2mApp.secret,
        LOGTO_MANAGEMENT_API_RESOURCE: managementApi.indicator,
        LOGTO_SPA_APP_ID: tenant.spaAppId,
        PORTAL_API_RESOURCE: tenant.portalApiResource,
        PORTAL_PUBLIC_URL: portal.url,
        BFF_DATA_DIR: bffDataDir,
        WEB_DIST_DIR: webDistDir,
        // Every browser context of the run comes from 127.0.0.1: one client to the per-client limit.
        API_RATE_LIMIT: '5000/1m',
        LOG_LEVEL: 'warn',
      }),
    );
    closeBff = () => bff.close();
    portal.setHandler(bff.app);
    log(`portal on ${portal.url}`);
    project.provide(
      'stack',
      stackFromTenant(
        tenant,
        {
          baseUrl: portal.url,
          logtoEndpoint: emulator.url,
          spaAppId: tenant.spaAppId,
          portalApiResource: tenant.portalApiResource,
        },
        { ...m2mApp, managementApiResource: managementApi.indicator },
      ),
    );
  } catch (error) {
    await portal.close();
    await closeBff?.();
    await emulator.close();
    await rm(bffDataDir, { recursive: true, force: true });
    throw error;
  }

  return async () => {
    await portal.close();
    await closeBff?.();
    await emulator.close();
    await rm(bffDataDir, { recursive: true, force: true });
  };
}

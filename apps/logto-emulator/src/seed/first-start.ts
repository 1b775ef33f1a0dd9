import type { AddressInfo } from 'node:net';

import { bootstrap, connectToLogto, demoAccounts, readSetupConfig, seedDemo } from '@portal/setup';

import type { RunningEmulator } from '../app.js';
import { listDemoAccounts, registerDemoAccounts } from '../oidc/demo-accounts.js';
import { managementApi } from './system.js';

export type FirstStartSetup = { seeded: boolean; summary: string[] };

/** In `emulator_settings`: `running` while the setup runs, `done` after; a reset clears it with the data. */
const setupStateKey = 'first_start_setup';

/**
 * Sets up an empty tenant (no organization scopes yet) the way anyone would set up a real Logto: the
 * `@portal/setup` code, over HTTP, with the configured M2M app — the emulator's seed is the same code run
 * against itself. `demo` runs bootstrap and the demo seed, `bootstrap` only the former. The demo seed's
 * ids go to the tenant file (`.data/tenant.json`) when the data is on disk; an in-memory emulator leaves
 * the file alone, as it belongs to the persistent one. A setup that was interrupted (Ctrl-C during the
 * first start) is run again to completion on the next start; the setup code is idempotent.
 */
export async function runFirstStartSetup(
  emulator: RunningEmulator,
  seed: 'demo' | 'bootstrap' | 'none',
): Promise<FirstStartSetup> {
  if (seed === 'none') return { seeded: false, summary: ['Seed: none (an empty tenant)'] };

  const { portal, tenantFile: configuredTenantFile } = readSetupConfig();
  const tenantFile = emulator.deps.config.dataDir ? configuredTenantFile : undefined;
  const { db } = emulator.deps;
  const hasOrganizationScopes = Boolean(await db.one('select 1 from organization_scopes limit 1'));
  const previousRun = await db.one<{ value: unknown }>(
    'select value from emulator_settings where key = $1',
    [setupStateKey],
  );
  if (hasOrganizationScopes && previousRun?.value !== 'running') {
    return { seeded: false, summary: await describeDemoAccounts(emulator) };
  }
  const setState = (state: 'running' | 'done') =>
    db.query(
      `insert into emulator_settings (key, value) values ($1, $2::jsonb)
       on conflict (key) do update set value = excluded.value`,
      [setupStateKey, JSON.stringify(state)],
    );
  await setState('running');

  const { id, secret } = emulator.deps.config.m2mApp;
  const client = connectToLogto({
    // The listening socket, not the public URL: that one may point at a proxy this process cannot reach.
    endpoint: listeningUrl(emulator),
    m2mAppId: id,
    m2mAppSecret: secret,
    managementApiResource: managementApi.indicator,
  });

  if (seed === 'bootstrap') {
    const { report } = await bootstrap(client, { portalApiResource: portal.apiResource });
    await setState('done');
    return { seeded: true, summary: [`Bootstrapped the tenant: ${report.summary()}`] };
  }

  const { tenant, report } = await seedDemo(client, {
    portal,
    tenantFile,
    logtoEndpoint: emulator.url,
  });
  // The sign-in page lists them. Emulator storage, not the Management API: a real Logto has no such list.
  await registerDemoAccounts(
    emulator.deps.db.pg,
    demoAccounts.map(({ email, password, description }) => ({ email, password, description })),
  );
  await setState('done');
  return {
    seeded: true,
    summary: [
      `Demo tenant seeded: ${report.summary()}; SPA application ${tenant.spaAppId}`,
      ...(await describeDemoAccounts(emulator)),
      tenantFile
        ? `Tenant ids written to ${tenantFile}`
        : 'Tenant ids not written (in-memory data)',
    ],
  };
}

/** The demo accounts the sign-in page lists, one line each. */
async function describeDemoAccounts(emulator: RunningEmulator): Promise<string[]> {
  const accounts = await listDemoAccounts(emulator.deps.db.pg);
  if (accounts.length === 0) return [];
  return [
    'Demo accounts (email / password):',
    ...accounts.map(
      ({ email, password, description }) => `  ${email} / ${password} — ${description}`,
    ),
  ];
}

function listeningUrl(emulator: RunningEmulator): string {
  const address = emulator.server.address();
  if (address === null || typeof address === 'string') return emulator.url;
  const { address: host, family, port }: AddressInfo = address;
  if (host === '0.0.0.0' || host === '::') return `http://127.0.0.1:${port}`;
  return family === 'IPv6' ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

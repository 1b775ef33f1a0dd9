import { demoAccounts } from '@portal/setup';
import { afterEach, describe, expect, it } from 'vitest';

import { startEmulator, type RunningEmulator } from '../app.js';
import { listDemoAccounts } from '../oidc/demo-accounts.js';
import { runFirstStartSetup } from './first-start.js';

const m2mApp = { id: 'first-start-m2m', secret: 'first-start-m2m-secret-not-real' } as const;

describe('runFirstStartSetup', () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
  });

  const start = async () => {
    emulator = await startEmulator({ port: 0, testControls: false, emailConnector: true, m2mApp });
    return emulator;
  };
  const count = async (running: RunningEmulator, table: string) =>
    Number(
      (await running.deps.db.one<{ count: number }>(`select count(*)::int as count from ${table}`))
        ?.count,
    );

  it('seeds the demo tenant over HTTP once, lists the demo accounts, and leaves in-memory data out of the tenant file', async () => {
    const running = await start();
    const first = await runFirstStartSetup(running, 'demo');

    expect(first.seeded).toBe(true);
    expect(first.summary).toEqual([
      expect.stringMatching(
        /^Demo tenant seeded: \d+ created, 0 updated, 0 already there; SPA application \w+$/,
      ),
      'Demo accounts (email / password):',
      ...demoAccounts.map(
        ({ email, password, description }) => `  ${email} / ${password} — ${description}`,
      ),
      'Tenant ids not written (in-memory data)',
    ]);
    expect(await count(running, 'organizations')).toBe(3);
    expect(await count(running, 'users')).toBeGreaterThan(1000);
    // What the sign-in page lists.
    expect(await listDemoAccounts(running.deps.db.pg)).toEqual(
      demoAccounts.map(({ email, password, description }) => ({ email, password, description })),
    );

    const second = await runFirstStartSetup(running, 'demo');
    expect(second).toEqual({ seeded: false, summary: first.summary.slice(1, -1) });
    expect(await count(running, 'organizations')).toBe(3);
  });

  it('runs only bootstrap with `bootstrap`, nothing with `none`, and finishes a run that was interrupted', async () => {
    const running = await start();
    expect(await runFirstStartSetup(running, 'none')).toEqual({
      seeded: false,
      summary: ['Seed: none (an empty tenant)'],
    });
    expect(await count(running, 'organization_scopes')).toBe(0);

    const bootstrapped = await runFirstStartSetup(running, 'bootstrap');
    expect(bootstrapped).toEqual({
      seeded: true,
      summary: ['Bootstrapped the tenant: 12 created, 0 updated, 0 already there'],
    });
    expect(await count(running, 'organization_scopes')).toBe(5);
    expect(await count(running, 'organizations')).toBe(0);
    expect(await runFirstStartSetup(running, 'bootstrap')).toEqual({ seeded: false, summary: [] });

    // As if the process had stopped half-way: scopes exist, but the run never said it was done.
    await running.deps.db.query(
      "update emulator_settings set value = '\"running\"' where key = 'first_start_setup'",
    );
    const resumed = await runFirstStartSetup(running, 'bootstrap');
    expect(resumed).toEqual({
      seeded: true,
      summary: ['Bootstrapped the tenant: 0 created, 0 updated, 12 already there'],
    });
  });
});

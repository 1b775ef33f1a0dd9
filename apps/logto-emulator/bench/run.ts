/**
 * `pnpm bench`: the emulator's cold start and the latency of the calls the portal makes most, each also
 * expressed as a ratio to a baseline measured in the same process (GET /oidc/jwks: HTTP + Koa, no
 * database), so that numbers from different machines can be compared. Prints a table, writes JSON.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startTestEmulator, type TestEmulator } from '../src/test-utils.js';

const resultsDir = fileURLToPath(new URL('../../../bench-results/', import.meta.url));
const memberCount = 1_000;
const samples = 200;

type Measurement = {
  name: string;
  p50: number;
  p95: number;
  mean: number;
  ratioToBaseline?: number;
};

function summarize(name: string, durations: number[]): Measurement {
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return {
    name,
    p50: at(0.5),
    p95: at(0.95),
    mean: durations.reduce((a, b) => a + b, 0) / durations.length,
  };
}

async function time(run: () => Promise<Response>): Promise<number> {
  const started = performance.now();
  const response = await run();
  await response.arrayBuffer();
  const elapsed = performance.now() - started;
  if (!response.ok) throw new Error(`Benchmark request failed with ${response.status}`);
  return elapsed;
}

async function measure(name: string, run: () => Promise<Response>): Promise<Measurement> {
  for (let index = 0; index < 20; index += 1) await time(run); // warm-up
  const durations: number[] = [];
  for (let index = 0; index < samples; index += 1) durations.push(await time(run));
  return summarize(name, durations);
}

async function mapBounded<T, R>(
  items: T[],
  limit: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await run(items[index] as T);
      }
    }),
  );
  return results;
}

async function createLargeOrganization(emulator: TestEmulator) {
  const organization = (await (
    await emulator.api('/api/organizations', { method: 'POST', json: { name: 'Bench Org' } })
  ).json()) as { id: string };
  const role = (await (
    await emulator.api('/api/organization-roles', {
      method: 'POST',
      json: { name: 'bench-member' },
    })
  ).json()) as { id: string };

  const started = performance.now();
  const userIds = await mapBounded(
    Array.from({ length: memberCount }, (_, index) => index),
    8,
    async (index) => {
      const response = await emulator.api('/api/users', {
        method: 'POST',
        json: { primaryEmail: `member${index}@bench.example`, name: `Member ${index}` },
      });
      const user = (await response.json()) as { id: string };
      return user.id;
    },
  );
  const usersCreatedMs = performance.now() - started;
  for (let index = 0; index < userIds.length; index += 250) {
    const chunk = userIds.slice(index, index + 250);
    await emulator.api(`/api/organizations/${organization.id}/users`, {
      method: 'POST',
      json: { userIds: chunk },
    });
    await emulator.api(`/api/organizations/${organization.id}/users/roles`, {
      method: 'POST',
      json: { userIds: chunk, organizationRoleIds: [role.id] },
    });
  }
  return { organizationId: organization.id, usersPerSecond: (memberCount / usersCreatedMs) * 1000 };
}

const coldStartStarted = performance.now();
const emulator = await startTestEmulator({ testControls: false });
const coldStartMs = performance.now() - coldStartStarted;

try {
  const { organizationId, usersPerSecond } = await createLargeOrganization(emulator);
  const baseline = await measure('baseline: GET /oidc/jwks', async () =>
    fetch(`${emulator.url}/oidc/jwks`),
  );
  const measurements = [
    baseline,
    await measure(`GET organization users page 1 (${memberCount} members)`, async () =>
      emulator.api(`/api/organizations/${organizationId}/users?page=1&page_size=20`),
    ),
    await measure(`GET organization users page 2, q=member1`, async () =>
      emulator.api(`/api/organizations/${organizationId}/users?page=2&page_size=20&q=member1`),
    ),
    await measure('GET organization', async () =>
      emulator.api(`/api/organizations/${organizationId}`),
    ),
    await measure('GET organizations page 1', async () =>
      emulator.api('/api/organizations?page=1&page_size=20'),
    ),
  ].map((measurement) => ({ ...measurement, ratioToBaseline: measurement.p50 / baseline.p50 }));

  const rows = measurements.map(
    ({ name, p50, p95, ratioToBaseline }) =>
      `| ${name.padEnd(52)} | ${p50.toFixed(2).padStart(8)} | ${p95.toFixed(2).padStart(8)} | ${(ratioToBaseline ?? 1).toFixed(1).padStart(7)}x |`,
  );
  console.log(
    [
      '',
      `Emulator cold start (in-memory, migrations + keys + system seed): ${coldStartMs.toFixed(0)} ms`,
      `Users created through POST /api/users (8 in flight): ${usersPerSecond.toFixed(0)}/s`,
      '',
      `| ${'request'.padEnd(52)} | p50 (ms) | p95 (ms) | p50/base |`,
      `|${'-'.repeat(54)}|----------|----------|----------|`,
      ...rows,
      '',
    ].join('\n'),
  );

  await mkdir(resultsDir, { recursive: true });
  const file = path.join(resultsDir, 'emulator.json');
  await writeFile(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, coldStartMs, usersPerSecond, samples, measurements }, null, 2)}\n`,
  );
  console.log(`Results written to ${path.relative(process.cwd(), file)}`);
} finally {
  await emulator.close();
}

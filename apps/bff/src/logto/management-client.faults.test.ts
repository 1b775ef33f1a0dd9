import { Writable } from 'node:stream';

import type { ErrorName } from '@portal/shared';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { ApiError } from '../errors.js';
import { startTestTenant, testM2mApp, type TestTenant } from './test-tenant.js';

/**
 * The client's behaviour when Logto misbehaves, driven by the emulator's fault injection
 * (`POST /_emulator/faults`): a fault answers instead of the real handler, `times` times, so what is
 * left of it says how many attempts the client made.
 */

async function failure(call: Promise<unknown>): Promise<ApiError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ApiError)) throw new Error(`Expected an ApiError, got ${String(error)}`);
  return error;
}

function expectNamed(error: ApiError, name: ErrorName, status: number) {
  expect({ name: error.errorName, status: error.status }).toEqual({ name, status });
}

const elapsedSince = (start: number) => performance.now() - start;

describe('Management API client when Logto misbehaves', () => {
  let tenant: TestTenant;
  let organizationId: string;
  let organizationPath: string;

  beforeAll(async () => {
    tenant = await startTestTenant();
    organizationId = (await tenant.newClient().createOrganization({ name: 'Faulty Org' })).id;
    organizationPath = `/api/organizations/${organizationId}`;
  }, 60_000);

  afterEach(async () => {
    await tenant.clearFaults();
  });

  afterAll(async () => {
    await tenant?.close();
  });

  describe('the M2M token', () => {
    it('is fetched once for many parallel cold calls, then reused', async () => {
      // The delay keeps the first token request open while the others arrive.
      const tokenRequests = await tenant.countRequests({ path: '/oidc/token', delay: 100 });
      const client = tenant.newClient();
      const organizations = await Promise.all(
        Array.from({ length: 12 }, () => client.getOrganization(organizationId)),
      );
      expect(organizations.map(({ id }) => id)).toEqual(Array(12).fill(organizationId));
      expect(await tokenRequests.count()).toBe(1);
      await client.listOrganizations({ page: 1, pageSize: 5 });
      expect(await tokenRequests.count()).toBe(1);
    });

    it('is dropped and fetched again once when Logto answers 401', async () => {
      const client = tenant.newClient();
      await client.getOrganization(organizationId);
      const tokenRequests = await tenant.countRequests({ path: '/oidc/token' });

      await tenant.addFault({ method: 'GET', path: organizationPath, status: 401 });
      expect((await client.getOrganization(organizationId)).id).toBe(organizationId);
      expect(await tokenRequests.count()).toBe(1);

      // Refused again with the fresh token: one renewal only, then an upstream error (not the client's 401).
      const fault = await tenant.addFault({
        method: 'GET',
        path: organizationPath,
        status: 401,
        times: 3,
      });
      expectNamed(await failure(client.getOrganization(organizationId)), 'upstreamError', 502);
      expect(await tokenRequests.count()).toBe(2);
      expect(await tenant.faultRemaining(fault)).toBe(1);
    });

    it('works with a token endpoint set apart from the endpoint', async () => {
      const port = new URL(tenant.emulator.url).port;
      const elsewhere = tenant.newClient({ tokenEndpoint: `http://127.0.0.1:${port}/oidc/token` });
      expect((await elsewhere.getOrganization(organizationId)).id).toBe(organizationId);
      // And it is really the one used: a wrong one fails although `endpoint` is right.
      const wrong = tenant.newClient({
        tokenEndpoint: `http://127.0.0.1:${port}/oidc/no-token-here`,
      });
      expectNamed(await failure(wrong.getOrganization(organizationId)), 'upstreamError', 502);
    });

    it('rejected credentials are an upstream error, not retried', async () => {
      const tokenRequests = await tenant.countRequests({ path: '/oidc/token' });
      const client = tenant.newClient({ appSecret: 'not-the-secret' });
      expectNamed(await failure(client.getOrganization(organizationId)), 'upstreamError', 502);
      expect(await tokenRequests.count()).toBe(1);
    });

    it('a token endpoint that fails with 503 is retried even for a POST (nothing was sent yet)', async () => {
      const fault = await tenant.addFault({ method: 'POST', path: '/oidc/token', status: 503 });
      const client = tenant.newClient();
      const created = await client.createOrganization({ name: 'After a token hiccup' });
      expect(created.name).toBe('After a token hiccup');
      expect(await tenant.faultRemaining(fault)).toBeUndefined();
    });

    it('a token endpoint that does not answer in time is a timeout', async () => {
      // With a status, the late answer never reaches the real handler (nor its database).
      await tenant.addFault({ method: 'POST', path: '/oidc/token', delay: 1_000, status: 503 });
      const client = tenant.newClient({ timeoutMs: 200 });
      expectNamed(await failure(client.getOrganization(organizationId)), 'upstreamTimeout', 504);
    });
  });

  describe('retries', () => {
    it('retries a GET through two 503s', async () => {
      const client = tenant.newClient({ retries: 2 });
      const fault = await tenant.addFault({
        method: 'GET',
        path: organizationPath,
        status: 503,
        times: 2,
      });
      expect((await client.getOrganization(organizationId)).id).toBe(organizationId);
      expect(await tenant.faultRemaining(fault)).toBeUndefined();
    });

    it('gives up after the configured retries: 5xx → upstreamError', async () => {
      const client = tenant.newClient({ retries: 2 });
      const fault = await tenant.addFault({
        method: 'GET',
        path: organizationPath,
        status: 502,
        times: 4,
      });
      const error = await failure(client.getOrganization(organizationId));
      expectNamed(error, 'upstreamError', 502);
      expect(error.detail).not.toMatch(/Internal server error/i);
      expect(await tenant.faultRemaining(fault)).toBe(1);
    });

    it('retries PUT and DELETE as well', async () => {
      const client = tenant.newClient();
      const userId = await tenant.createUser({ username: 'retried' });
      await client.addMembers(organizationId, [userId]);
      const put = await tenant.addFault({
        method: 'PUT',
        path: `${organizationPath}/users/${userId}/roles`,
        status: 504,
      });
      await client.replaceMemberRoles(organizationId, userId, [tenant.roleIds.member!]);
      expect(await tenant.faultRemaining(put)).toBeUndefined();
      const remove = await tenant.addFault({
        method: 'DELETE',
        path: `${organizationPath}/users/${userId}`,
        status: 503,
      });
      await client.removeMember(organizationId, userId);
      expect(await tenant.faultRemaining(remove)).toBeUndefined();
      expect(await client.getMemberRoles(organizationId, userId)).toBeUndefined();
    });

    it('waits out a 429 for as long as Retry-After says', async () => {
      const client = tenant.newClient();
      await client.getOrganization(organizationId);
      const fault = await tenant.addFault({
        method: 'GET',
        path: organizationPath,
        status: 429,
        retryAfter: 1,
      });
      const start = performance.now();
      expect((await client.getOrganization(organizationId)).id).toBe(organizationId);
      expect(elapsedSince(start)).toBeGreaterThanOrEqual(950);
      expect(await tenant.faultRemaining(fault)).toBeUndefined();
    });

    it('answers rateLimited, with retryAfter, when 429 outlasts the retries or Retry-After is too long', async () => {
      const client = tenant.newClient({ retries: 1 });
      const persistent = await tenant.addFault({
        method: 'GET',
        path: organizationPath,
        status: 429,
        times: 3,
      });
      const exhausted = await failure(client.getOrganization(organizationId));
      expectNamed(exhausted, 'rateLimited', 429);
      expect(await tenant.faultRemaining(persistent)).toBe(1);
      await tenant.clearFaults();

      const long = await tenant.addFault({
        method: 'GET',
        path: organizationPath,
        status: 429,
        retryAfter: 120,
        times: 2,
      });
      const start = performance.now();
      const tooLong = await failure(client.getOrganization(organizationId));
      expectNamed(tooLong, 'rateLimited', 429);
      expect(tooLong.retryAfter).toBe(120);
      // Answered at once, not after the 120 s asked for (one call: a few seconds at worst when loaded).
      expect(elapsedSince(start)).toBeLessThan(10_000);
      expect(await tenant.faultRemaining(long)).toBe(1);
    });

    it("does not retry Logto's per-recipient email throttle", async () => {
      const client = tenant.newClient();
      const fault = await tenant.addFault({
        method: 'GET',
        path: organizationPath,
        status: 429,
        times: 2,
        body: { code: 'request.message_rate_limited', message: 'Too many messages.' },
      });
      expectNamed(await failure(client.getOrganization(organizationId)), 'rateLimited', 429);
      expect(await tenant.faultRemaining(fault)).toBe(1);
    });

    it('never retries a POST or PATCH that Logto answered: 500 → upstreamError', async () => {
      const client = tenant.newClient({ retries: 3 });
      const post = await tenant.addFault({
        method: 'POST',
        path: '/api/organizations',
        status: 500,
        times: 2,
      });
      const error = await failure(client.createOrganization({ name: 'Maybe created' }));
      expectNamed(error, 'upstreamError', 502);
      expect(await tenant.faultRemaining(post)).toBe(1);
      await tenant.clearFaults();

      const patch = await tenant.addFault({
        method: 'PATCH',
        path: organizationPath,
        status: 503,
        times: 2,
      });
      expectNamed(
        await failure(client.updateOrganization(organizationId, { name: 'x' })),
        'upstreamError',
        502,
      );
      expect(await tenant.faultRemaining(patch)).toBe(1);
    });

    it('times out a slow answer (504) without retrying it', async () => {
      const client = tenant.newClient({ timeoutMs: 300, retries: 2 });
      await client.getOrganization(organizationId);
      // Far slower than the timeout, so that "gave up after 300 ms" and "waited for the answer" stay
      // seconds apart even when a loaded machine slows the call itself. With a status, the late
      // answer never reaches the real handler.
      const fault = await tenant.addFault({
        method: 'GET',
        path: organizationPath,
        delay: 5_000,
        status: 503,
        times: 2,
      });
      const start = performance.now();
      expectNamed(await failure(client.getOrganization(organizationId)), 'upstreamTimeout', 504);
      expect(elapsedSince(start)).toBeLessThan(4_000);
      expect(await tenant.faultRemaining(fault)).toBe(1);
    });
  });

  describe('the upstream budget', () => {
    it('queues calls beyond the budget instead of failing them', async () => {
      const client = tenant.newClient({ rateLimit: { requests: 5, perMs: 200 } });
      await client.getOrganization(organizationId);
      // The first call above used one unit; let the bucket fill up again.
      await new Promise((resolve) => setTimeout(resolve, 250));
      const upstream = await tenant.countRequests({ method: 'GET', path: organizationPath });
      const start = performance.now();
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => client.getOrganization(organizationId)),
      );
      const elapsed = elapsedSince(start);
      expect(results.filter(({ status }) => status === 'fulfilled')).toHaveLength(20);
      expect(await upstream.count()).toBe(20);
      // 5 at once, then one every 40 ms: 15 × 40 ms = 600 ms at the very least.
      expect(elapsed).toBeGreaterThanOrEqual(550);
    });

    it('fails queued calls with upstreamUnavailable when the client closes', async () => {
      const client = tenant.newClient({ rateLimit: { requests: 1, perMs: 60_000 } });
      await client.getOrganization(organizationId);
      const queued = failure(client.getOrganization(organizationId));
      client.close();
      expectNamed(await queued, 'upstreamUnavailable', 503);
    });
  });

  describe('logs', () => {
    it('say what went wrong, and never carry the token or the secret', async () => {
      const lines: string[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      });
      const logger = pino({ level: 'debug' }, sink);
      const client = tenant.newClient({ logger });
      await tenant.addFault({ method: 'GET', path: organizationPath, status: 401 });
      await tenant.addFault({ method: 'GET', path: '/api/organizations', status: 503 });
      await client.getOrganization(organizationId);
      await client.listOrganizations({ page: 1, pageSize: 1 });
      const rejected = tenant.newClient({ logger, appSecret: 'a-wrong-secret-value' });
      await failure(rejected.ping());

      const log = lines.join('');
      expect(log).toMatch(/fetching a new one/);
      expect(log).toMatch(/retrying/);
      expect(log).toMatch(/invalid_client/);
      expect(log).not.toContain(testM2mApp.secret);
      expect(log).not.toContain('a-wrong-secret-value');
      // A JWT starts with base64url of `{"`.
      expect(log).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
    });
  });
  // Last: it stops the emulator.
  describe('when Logto is down', () => {
    it('answers upstreamUnavailable (503), with a cached token or without, for reads and writes', async () => {
      const warm = tenant.newClient({ retryBaseDelayMs: 10 });
      const cold = tenant.newClient({ retryBaseDelayMs: 10 });
      await warm.ping();
      await tenant.close();
      const read = await failure(warm.listOrganizations({ page: 1, pageSize: 1 }));
      expectNamed(read, 'upstreamUnavailable', 503);
      expect(read.detail).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|localhost/);
      expectNamed(
        await failure(warm.createOrganization({ name: 'Nobody home' })),
        'upstreamUnavailable',
        503,
      );
      expectNamed(await failure(cold.ping()), 'upstreamUnavailable', 503);
    });
  });
});

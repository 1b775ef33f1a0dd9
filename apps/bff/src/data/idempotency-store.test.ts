import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { openDriver, openPortalDatabase } from './database.js';
import {
  createIdempotencyStore,
  idempotencyRetentionMs,
  staleClaimAfterMs,
} from './idempotency-store.js';
import { migrate } from './migrate.js';
import { testEngines } from './test-engines.js';
import type { PortalDatabase } from './types.js';

const scope = 'user1:POST /api/orgs/org1/invitations';
let keys = 0;
/** A fresh key per test, so tests sharing the database never meet. */
const freshKey = () => `key-${(keys += 1).toString().padStart(4, '0')}`;

describe.each(testEngines())('idempotency store on $name', { timeout: 30_000 }, (engine) => {
  let clock = Date.parse('2026-06-01T12:00:00.000Z');
  const now = () => clock;
  let database: PortalDatabase;
  /** A second BFF replica on the same database (PostgreSQL); PGlite is one process's database. */
  let otherReplica: PortalDatabase | undefined;

  beforeAll(async () => {
    await engine.setup();
    const config = await engine.freshDatabase();
    database = await openPortalDatabase({ ...config, now });
    if (config.databaseUrl) otherReplica = await openPortalDatabase({ ...config, now });
  }, 60_000);
  afterAll(async () => {
    await otherReplica?.close();
    await database?.close();
    await engine.teardown();
  });

  it('claims a new key, reports it in progress, then replays the completed answer', async () => {
    const key = freshKey();
    const claimedAt = clock;
    expect(await database.idempotency.claim({ key, scope, requestHash: 'hash-1' })).toEqual({
      state: 'claimed',
      resumed: false,
    });
    expect(await database.idempotency.claim({ key, scope, requestHash: 'hash-1' })).toEqual({
      state: 'in_progress',
    });

    clock += 1500;
    const body = {
      results: [{ email: 'a@example.com', status: 'invited', id: 'inv1' }],
      note: null,
    };
    await database.idempotency.complete({ key, scope, status: 201, body });
    clock += 1500;
    expect(await database.idempotency.claim({ key, scope, requestHash: 'hash-1' })).toEqual({
      state: 'completed',
      record: { key, scope, requestHash: 'hash-1', status: 201, body, createdAt: claimedAt },
    });
  });

  it('hands back the original request hash, so a different request under the same key can be refused', async () => {
    const key = freshKey();
    await database.idempotency.claim({ key, scope, requestHash: 'original' });
    await database.idempotency.complete({ key, scope, status: 200, body: null });
    const retry = await database.idempotency.claim({ key, scope, requestHash: 'something-else' });
    expect(retry).toMatchObject({
      state: 'completed',
      record: { requestHash: 'original', status: 200, body: null },
    });
  });

  it('keeps the first answer when completed twice', async () => {
    const key = freshKey();
    await database.idempotency.claim({ key, scope, requestHash: 'h' });
    await database.idempotency.complete({ key, scope, status: 201, body: { id: 'first' } });
    await database.idempotency.complete({ key, scope, status: 500, body: { id: 'second' } });
    expect(await database.idempotency.claim({ key, scope, requestHash: 'h' })).toMatchObject({
      state: 'completed',
      record: { status: 201, body: { id: 'first' } },
    });
  });

  it('keeps keys of different scopes (callers, routes) apart', async () => {
    const key = freshKey();
    expect(
      await database.idempotency.claim({ key, scope: 'user1:POST /a', requestHash: 'h' }),
    ).toEqual({ state: 'claimed', resumed: false });
    expect(
      await database.idempotency.claim({ key, scope: 'user2:POST /a', requestHash: 'h' }),
    ).toEqual({ state: 'claimed', resumed: false });
    expect(
      await database.idempotency.claim({ key, scope: 'user1:POST /b', requestHash: 'h' }),
    ).toEqual({ state: 'claimed', resumed: false });
    await database.idempotency.complete({
      key,
      scope: 'user2:POST /a',
      status: 201,
      body: { by: 'user2' },
    });
    expect(
      await database.idempotency.claim({ key, scope: 'user1:POST /a', requestHash: 'h' }),
    ).toEqual({ state: 'in_progress' });
  });

  it('lets a released claim be claimed again, but never releases a completed record', async () => {
    const key = freshKey();
    await database.idempotency.claim({ key, scope, requestHash: 'h' });
    await database.idempotency.release({ key, scope });
    expect(await database.idempotency.claim({ key, scope, requestHash: 'h2' })).toEqual({
      state: 'claimed',
      resumed: false,
    });

    await database.idempotency.complete({ key, scope, status: 201, body: { id: 'kept' } });
    await database.idempotency.release({ key, scope });
    expect(await database.idempotency.claim({ key, scope, requestHash: 'h2' })).toMatchObject({
      state: 'completed',
      record: { requestHash: 'h2', body: { id: 'kept' } },
    });
  });

  it('keeps a key whose outcome is unknown: the same request resumes it at once, another body cannot', async () => {
    const key = freshKey();
    const claimedAt = clock;
    await database.idempotency.claim({ key, scope, requestHash: 'h' });
    await database.idempotency.keep({ key, scope });
    clock += 1000;
    expect(await database.idempotency.claim({ key, scope, requestHash: 'other' })).toMatchObject({
      state: 'completed',
      record: { requestHash: 'h', status: 0 },
    });
    expect(await database.idempotency.claim({ key, scope, requestHash: 'h' })).toEqual({
      state: 'claimed',
      resumed: true,
    });
    // Resumed, it is in progress again (one retry at a time), and completes as any claim does.
    expect(await database.idempotency.claim({ key, scope, requestHash: 'h' })).toEqual({
      state: 'in_progress',
    });
    await database.idempotency.complete({ key, scope, status: 201, body: { id: 'once' } });
    expect(await database.idempotency.claim({ key, scope, requestHash: 'h' })).toMatchObject({
      state: 'completed',
      record: { status: 201, body: { id: 'once' }, createdAt: claimedAt },
    });
    // `keep` never touches a completed record.
    await database.idempotency.keep({ key, scope });
    expect(await database.idempotency.claim({ key, scope, requestHash: 'h' })).toMatchObject({
      state: 'completed',
    });
  });

  it('gives exactly one of 50 concurrent claims of one key the claim', async () => {
    const key = freshKey();
    const replicas = [database, otherReplica ?? database];
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, async (_, index) =>
        replicas[index % 2]!.idempotency.claim({ key, scope, requestHash: 'h' }),
      ),
    );
    expect(outcomes.filter(({ state }) => state === 'claimed')).toHaveLength(1);
    expect(outcomes.filter(({ state }) => state === 'in_progress')).toHaveLength(49);
  });

  it('lets a claim stuck in progress for over 60 s be taken over, by exactly one of many', async () => {
    const key = freshKey();
    await database.idempotency.claim({ key, scope, requestHash: 'crashed' });
    clock += staleClaimAfterMs;
    expect(await database.idempotency.claim({ key, scope, requestHash: 'h' })).toEqual({
      state: 'in_progress',
    });

    clock += 1;
    const replicas = [database, otherReplica ?? database];
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, async (_, index) =>
        replicas[index % 2]!.idempotency.claim({ key, scope, requestHash: 'retry' }),
      ),
    );
    expect(outcomes.filter(({ state }) => state === 'claimed')).toHaveLength(1);
    expect(outcomes.filter(({ state }) => state === 'in_progress')).toHaveLength(19);

    // The new claim starts its own 60 s.
    clock += staleClaimAfterMs;
    expect(await database.idempotency.claim({ key, scope, requestHash: 'retry' })).toEqual({
      state: 'in_progress',
    });
  });

  it('never takes over a completed record before it expires', async () => {
    const key = freshKey();
    await database.idempotency.claim({ key, scope, requestHash: 'h' });
    await database.idempotency.complete({ key, scope, status: 201, body: { id: 'done' } });
    clock += staleClaimAfterMs * 10;
    expect(await database.idempotency.claim({ key, scope, requestHash: 'h' })).toMatchObject({
      state: 'completed',
    });
  });

  it('forgets a key 24 h after its claim', async () => {
    const key = freshKey();
    const claimedAt = clock;
    await database.idempotency.claim({ key, scope, requestHash: 'old' });
    await database.idempotency.complete({ key, scope, status: 201, body: { id: 'old' } });

    clock = claimedAt + idempotencyRetentionMs - 1;
    expect(await database.idempotency.claim({ key, scope, requestHash: 'old' })).toMatchObject({
      state: 'completed',
    });
    clock = claimedAt + idempotencyRetentionMs;
    expect(await database.idempotency.claim({ key, scope, requestHash: 'new' })).toEqual({
      state: 'claimed',
      resumed: false,
    });
    await database.idempotency.complete({ key, scope, status: 202, body: { id: 'new' } });
    expect(await database.idempotency.claim({ key, scope, requestHash: 'new' })).toMatchObject({
      state: 'completed',
      record: { requestHash: 'new', status: 202, body: { id: 'new' }, createdAt: clock },
    });
  });

  it('deletes expired records on the way into a later claim', async () => {
    const driver = await openDriver(await engine.freshDatabase());
    try {
      await migrate(driver);
      let storeClock = Date.parse('2026-07-01T00:00:00.000Z');
      const store = createIdempotencyStore(driver, () => storeClock);
      const keysLeft = async () => {
        const { rows } = await driver.query('select key from idempotency_records order by key');
        return rows.map((row) => z.object({ key: z.string() }).parse(row).key);
      };

      const start = storeClock;
      await store.claim({ key: 'completed-old', scope, requestHash: 'h' });
      await store.complete({ key: 'completed-old', scope, status: 201, body: {} });
      await store.claim({ key: 'abandoned-old', scope, requestHash: 'h' });
      storeClock = start + 30_000;
      await store.claim({ key: 'recent', scope, requestHash: 'h' });
      expect(await keysLeft()).toEqual(['abandoned-old', 'completed-old', 'recent']);

      storeClock = start + idempotencyRetentionMs;
      await store.claim({ key: 'trigger', scope, requestHash: 'h' });
      expect(await keysLeft()).toEqual(['recent', 'trigger']);

      // At most one prune a minute per process: 'recent' has just expired, but waits for a later prune.
      storeClock = start + 30_000 + idempotencyRetentionMs;
      await store.claim({ key: 'soon-after', scope, requestHash: 'h' });
      expect(await keysLeft()).toEqual(['recent', 'soon-after', 'trigger']);
      expect(await store.prune()).toBe(1);
      expect(await keysLeft()).toEqual(['soon-after', 'trigger']);
    } finally {
      await driver.close();
    }
  });
});

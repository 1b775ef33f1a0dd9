import { z } from 'zod';

import type { SqlDriver } from './sql-driver.js';
import type { IdempotencyRecord, IdempotencyStore } from './types.js';

/** A claim in progress for longer than this belongs to a request that died; another may take it over. */
export const staleClaimAfterMs = 60_000;
/** How long a key is remembered, from its claim. */
export const idempotencyRetentionMs = 24 * 60 * 60 * 1000;
/** Expired records are deleted at most this often per process, on the way into a claim. */
export const pruneIntervalMs = 60_000;

const recordRowSchema = z.object({
  scope: z.string(),
  key: z.string(),
  request_hash: z.string(),
  state: z.enum(['in_progress', 'completed', 'unknown']),
  status: z.number().int().nullable(),
  body: z.unknown(),
  created_at: z.date(),
});

const takenRowSchema = z.object({ resumed: z.boolean() });

const iso = (epochMs: number) => new Date(epochMs).toISOString();

const toRecord = (row: z.infer<typeof recordRowSchema>, status: number): IdempotencyRecord => ({
  key: row.key,
  scope: row.scope,
  requestHash: row.request_hash,
  status,
  body: row.body,
  createdAt: row.created_at.getTime(),
});

export function createIdempotencyStore(
  driver: SqlDriver,
  now: () => number,
): IdempotencyStore & {
  /** Deletes expired records; returns how many. Runs by itself from `claim`, exposed for tests. */
  prune(): Promise<number>;
} {
  let lastPrunedAt = Number.NEGATIVE_INFINITY;

  const prune = async () => {
    // Skip rows another replica is pruning or re-claiming right now, so two prunes never deadlock.
    const { rowCount } = await driver.query(
      `delete from idempotency_records where (scope, key) in (
         select scope, key from idempotency_records where expires_at <= $1::timestamptz
         limit 1000 for update skip locked)`,
      [iso(now())],
    );
    return rowCount;
  };

  return {
    prune,

    async claim({ key, scope, requestHash }) {
      const claimedAt = now();
      if (claimedAt - lastPrunedAt >= pruneIntervalMs) {
        lastPrunedAt = claimedAt;
        await prune();
      }

      // A row can vanish between the insert and the read (released by its owner): then claim again.
      for (let attempt = 0; attempt < 3; attempt += 1) {
        // One statement, so the claim is atomic: of concurrent claims, the first inserts (or takes over an
        // expired, stale or unknown-outcome record) and the rest find the row locked, wait, then see it
        // taken. Taking over an unexpired attempt (unknown outcome, or a request that died) is `resumed`,
        // and keeps the first claim's time (a retry's lookup goes back to it).
        const claimed = await driver.query(
          `insert into idempotency_records as existing
             (scope, key, request_hash, state, created_at, claimed_at, expires_at)
           values ($1, $2, $3, 'in_progress', $4::timestamptz, $4::timestamptz, $5::timestamptz)
           on conflict (scope, key) do update set
             resumed = existing.expires_at > excluded.created_at,
             request_hash = excluded.request_hash, state = 'in_progress', status = null, body = null,
             created_at = case when existing.expires_at > excluded.created_at
               then existing.created_at else excluded.created_at end,
             claimed_at = excluded.claimed_at, completed_at = null,
             expires_at = case when existing.expires_at > excluded.created_at
               then existing.expires_at else excluded.expires_at end
           where existing.expires_at <= excluded.created_at
              or (existing.state = 'in_progress' and existing.claimed_at < $6::timestamptz)
              or (existing.state = 'unknown' and existing.request_hash = excluded.request_hash)
           returning resumed`,
          [
            scope,
            key,
            requestHash,
            iso(claimedAt),
            iso(claimedAt + idempotencyRetentionMs),
            iso(claimedAt - staleClaimAfterMs),
          ],
        );
        const [taken] = claimed.rows;
        if (taken) return { state: 'claimed', resumed: takenRowSchema.parse(taken).resumed };

        const { rows } = await driver.query(
          `select scope, key, request_hash, state, status, body, created_at
           from idempotency_records where scope = $1 and key = $2`,
          [scope, key],
        );
        if (rows.length === 0) continue;
        const row = recordRowSchema.parse(rows[0]);
        if (row.state === 'unknown') {
          // Only another body gets here (the same one resumed above): the caller refuses the reuse.
          return { state: 'completed', record: toRecord(row, 0) };
        }
        if (row.state === 'in_progress' || row.status === null) return { state: 'in_progress' };
        return { state: 'completed', record: toRecord(row, row.status) };
      }
      throw new Error(`Idempotency key ${key} kept disappearing while being claimed`);
    },

    async complete({ key, scope, status, body }) {
      // Only a claim in progress is completed: a record already completed keeps its first answer.
      await driver.query(
        `update idempotency_records
         set state = 'completed', status = $3, body = $4::jsonb, completed_at = $5::timestamptz
         where scope = $1 and key = $2 and state = 'in_progress'`,
        [scope, key, status, JSON.stringify(body ?? null), iso(now())],
      );
    },

    async keep({ key, scope }) {
      await driver.query(
        `update idempotency_records set state = 'unknown'
         where scope = $1 and key = $2 and state = 'in_progress'`,
        [scope, key],
      );
    },

    async release({ key, scope }) {
      await driver.query(
        `delete from idempotency_records where scope = $1 and key = $2 and state = 'in_progress'`,
        [scope, key],
      );
    },
  };
}

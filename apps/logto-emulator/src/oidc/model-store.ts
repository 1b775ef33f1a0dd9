import type { Adapter, AdapterPayload } from 'oidc-provider';

import type { Database } from '../db/database.js';

/**
 * Logto's `refreshTokenReuseInterval`: a refresh token consumed less than this long ago still counts as
 * unconsumed, so a client that lost the response of its last refresh can retry (oidc-samples/26).
 */
export const refreshTokenReuseIntervalMs = 3000;

/** Models without an `expiresIn` (none in practice) are kept as long as the longest-lived one, a grant. */
const fallbackLifetimeSeconds = 180 * 24 * 60 * 60;
const expiredRowsSweepIntervalMs = 10 * 60 * 1000;

type StoredRow = { payload: unknown; consumed_at: number | string | null };

function isStoredPayload(value: unknown): value is AdapterPayload {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * oidc-provider's storage (sessions, interactions, grants, codes, opaque tokens) in `oidc_model_instances`,
 * as Logto keeps it: one row per model instance, `expires_at` and `consumed_at` as epoch milliseconds.
 * Expired rows are never returned and are swept from time to time.
 */
export class ModelStore {
  #lastSweep = 0;

  constructor(private readonly db: Database) {}

  adapterFor(modelName: string): Adapter {
    return {
      upsert: async (id, payload, expiresIn) => this.upsert(modelName, id, payload, expiresIn),
      find: async (id) => this.findOne(modelName, 'id = $2', id),
      findByUid: async (uid) => this.findOne(modelName, "payload->>'uid' = $2", uid),
      findByUserCode: async (userCode) =>
        this.findOne(modelName, "payload->>'userCode' = $2", userCode),
      consume: async (id) => {
        await this.db.query(
          'update oidc_model_instances set consumed_at = $3 where model_name = $1 and id = $2',
          [modelName, id, Date.now()],
        );
      },
      destroy: async (id) => {
        await this.db.query('delete from oidc_model_instances where model_name = $1 and id = $2', [
          modelName,
          id,
        ]);
      },
      revokeByGrantId: async (grantId) => {
        await this.db.query(
          "delete from oidc_model_instances where model_name = $1 and payload->>'grantId' = $2",
          [modelName, grantId],
        );
      },
    };
  }

  /** Deletes every expired row (at start, then every few minutes while the provider writes). */
  async sweepExpired(now = Date.now()) {
    this.#lastSweep = now;
    await this.db.query('delete from oidc_model_instances where expires_at < $1', [now]);
  }

  private async upsert(
    modelName: string,
    id: string,
    payload: AdapterPayload,
    expiresIn: number | undefined,
  ) {
    const now = Date.now();
    const lifetime =
      expiresIn !== undefined && Number.isFinite(expiresIn) ? expiresIn : fallbackLifetimeSeconds;
    await this.db.query(
      `insert into oidc_model_instances (model_name, id, payload, expires_at)
       values ($1, $2, $3, $4)
       on conflict (model_name, id) do update set payload = excluded.payload, expires_at = excluded.expires_at`,
      [modelName, id, payload, now + lifetime * 1000],
    );
    if (now - this.#lastSweep > expiredRowsSweepIntervalMs) await this.sweepExpired(now);
  }

  private async findOne(
    modelName: string,
    condition: string,
    value: string,
  ): Promise<AdapterPayload | undefined> {
    const now = Date.now();
    const row = await this.db.one<StoredRow>(
      `select payload, consumed_at from oidc_model_instances
       where model_name = $1 and ${condition} and expires_at > $3`,
      [modelName, value, now],
    );
    if (!row || !isStoredPayload(row.payload)) return undefined;
    if (row.consumed_at === null) return row.payload;

    const consumedAt = Number(row.consumed_at);
    const withinReuseInterval =
      modelName === 'RefreshToken' && now - consumedAt < refreshTokenReuseIntervalMs;
    return withinReuseInterval ? row.payload : { ...row.payload, consumed: true };
  }
}

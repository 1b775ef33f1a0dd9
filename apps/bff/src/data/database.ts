import { createAuditLog } from './audit-log.js';
import { createIdempotencyStore } from './idempotency-store.js';
import { migrate } from './migrate.js';
import { openPgliteDriver, openPostgresDriver, type SqlDriver } from './sql-driver.js';
import type { PortalDatabase } from './types.js';

export type PortalDatabaseConfig = {
  /** postgres://… : a real PostgreSQL server. Wins over `dataDir`. */
  databaseUrl?: string;
  /** PGlite in this folder (created if missing). With neither, PGlite in memory (tests). */
  dataDir?: string;
  /** Told when a pooled PostgreSQL connection fails while idle; the pool replaces it. */
  onIdleConnectionError?: (error: Error) => void;
  /** The clock (epoch ms) events and records are stamped with; tests move it. */
  now?: () => number;
};

/**
 * The BFF's own data (DESIGN.md section 8): opens the engine, applies pending migrations, and returns
 * the audit log and idempotency store over it. The only way into the BFF's tables.
 */
export async function openPortalDatabase(
  config: PortalDatabaseConfig = {},
): Promise<PortalDatabase> {
  const driver = await openDriver(config);
  try {
    await migrate(driver);
  } catch (error) {
    await driver.close();
    throw error;
  }
  const now = config.now ?? Date.now;
  return {
    audit: createAuditLog(driver, now),
    idempotency: createIdempotencyStore(driver, now),
    async ping() {
      await driver.query('select 1');
    },
    close: async () => driver.close(),
  };
}

export async function openDriver(config: PortalDatabaseConfig): Promise<SqlDriver> {
  if (config.databaseUrl) {
    return openPostgresDriver(config.databaseUrl, {
      onIdleConnectionError: config.onIdleConnectionError,
    });
  }
  return openPgliteDriver(config.dataDir);
}

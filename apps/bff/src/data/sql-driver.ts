import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** Values the data layer binds as parameters; times travel as ISO strings, JSON as text. */
export type SqlParam = string | number | boolean | null;

export type SqlResult = {
  /** Unparsed rows, snake_case columns; callers parse them with a zod schema. */
  rows: unknown[];
  /** Rows inserted, updated or deleted by a data-changing statement. */
  rowCount: number;
};

/** Anything that runs SQL: the database itself or an open transaction. */
export interface SqlExecutor {
  query(sql: string, params?: readonly SqlParam[]): Promise<SqlResult>;
  /** Several statements in one go, without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/**
 * The one seam between the data layer and the two engines, so audit, idempotency and migration code
 * is written once. Inside `transaction`, use only the `tx` it passes: on PGlite, `query` and
 * `transaction` share one lock, so calling the driver itself there would wait on itself forever.
 */
export interface SqlDriver extends SqlExecutor {
  transaction<T>(run: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** PostgreSQL error codes the data layer looks at. */
export const pgErrorCodes = {
  raiseException: 'P0001',
} as const;

export function pgErrorCode(error: unknown): string | undefined {
  if (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string'
  ) {
    return error.code;
  }
  return undefined;
}

/**
 * PGlite, in-process: in `dataDir` (created if missing) or in memory. It is a single connection, so
 * statements and transactions run one at a time; PGlite's own lock does the serializing.
 */
export async function openPgliteDriver(dataDir?: string): Promise<SqlDriver> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const isNew = !dataDir || !existsSync(path.join(dataDir, 'PG_VERSION'));
  const template = isNew ? await emptyClusterTemplate() : undefined;
  const db = await PGlite.create(dataDir, template ? { loadDataDir: template } : {});
  const executor = (target: Pick<PGlite, 'query' | 'exec'>): SqlExecutor => ({
    async query(sql, params = []) {
      const result = await target.query(sql, [...params]);
      return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
    },
    async exec(sql) {
      await target.exec(sql);
    },
  });
  let closed = false;
  return {
    ...executor(db),
    transaction: async (run) => db.transaction(async (tx) => run(executor(tx))),
    async close() {
      if (closed) return;
      closed = true;
      await db.close();
    },
  };
}

const templateCacheDir = fileURLToPath(
  new URL('../../node_modules/.cache/portal-bff/', import.meta.url),
);
let templatePromise: Promise<Blob | undefined> | undefined;

/**
 * A freshly initialized, empty PGlite cluster as a tarball, from this process, the disk cache, or made now.
 * initdb under WebAssembly takes one to two seconds and tests open many in-memory databases; loading the
 * tarball takes a fraction of that. Empty rather than migrated, so the cache never goes stale with the
 * migrations: they run on every open as usual. Keyed by the PGlite build, whose path names its version.
 */
async function emptyClusterTemplate(): Promise<Blob | undefined> {
  templatePromise ??= (async () => {
    const pgliteBuild = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const key = createHash('sha256').update(pgliteBuild).digest('hex').slice(0, 16);
    const cacheFile = path.join(templateCacheDir, `pglite-empty-${key}.tar`);
    try {
      return new Blob([await readFile(cacheFile)]);
    } catch {
      // Not cached yet: make it below.
    }
    try {
      const db = await PGlite.create();
      const template = await db.dumpDataDir('none');
      await db.close();
      await mkdir(templateCacheDir, { recursive: true });
      // Write, then rename: parallel test workers never read half a file.
      const partial = `${cacheFile}.${process.pid}.partial`;
      await writeFile(partial, Buffer.from(await template.arrayBuffer()));
      await rename(partial, cacheFile);
      return template;
    } catch {
      // No template (e.g. a read-only install): every in-memory database runs initdb itself, just slower.
      return undefined;
    }
  })();
  return templatePromise;
}

export type PostgresDriverOptions = {
  /** Called when an idle pooled connection dies (server restart, network); the pool replaces it. */
  onIdleConnectionError?: (error: Error) => void;
};

/** A node-postgres pool on a real server. */
export function openPostgresDriver(
  databaseUrl: string,
  options: PostgresDriverOptions = {},
): SqlDriver {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    application_name: 'portal-bff',
    // A stuck database must not hang requests or /readyz: fail and let the caller report it.
    connectionTimeoutMillis: 5_000,
    statement_timeout: 15_000,
    idleTimeoutMillis: 30_000,
  });
  // Without a listener, an idle client's error would be an uncaught 'error' event and end the process.
  pool.on('error', (error) => options.onIdleConnectionError?.(error));

  const executor = (target: pg.Pool | pg.PoolClient): SqlExecutor => ({
    async query(sql, params = []) {
      const result = await target.query<Record<string, unknown>>(sql, [...params]);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
    async exec(sql) {
      // Without parameters node-postgres uses the simple query protocol, which runs several statements.
      await target.query(sql);
    },
  });
  let closed = false;
  return {
    ...executor(pool),
    async transaction(run) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await run(executor(client));
        await client.query('commit');
        client.release();
        return result;
      } catch (error) {
        try {
          await client.query('rollback');
          client.release();
        } catch (rollbackError) {
          // The connection is in an unknown state: destroy it rather than hand it to the next caller.
          client.release(rollbackError instanceof Error ? rollbackError : true);
        }
        throw error;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import { PGlite, type Transaction } from '@electric-sql/pglite';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

/**
 * Anything that runs SQL: the database itself or an open transaction.
 * PGlite is one connection; `db.query` and `db.transaction` share one exclusive lock, so inside a
 * transaction callback use the `tx` it gives you, never `db` (that would wait on itself forever).
 */
export type Queryable = Pick<PGlite, 'query' | 'exec'> | Transaction;

export type Database = {
  readonly pg: PGlite;
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  one<Row>(sql: string, params?: unknown[]): Promise<Row | undefined>;
  transaction<T>(run: (tx: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

/** Opens PGlite in `dataDir` (created if missing) or in memory, and applies pending migrations. */
export async function openDatabase(dataDir?: string): Promise<Database> {
  const pg = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  await migrate(pg);

  return {
    pg,
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await pg.query<Row>(sql, params);
      return result.rows;
    },
    async one<Row>(sql: string, params: unknown[] = []) {
      const result = await pg.query<Row>(sql, params);
      return result.rows[0];
    },
    transaction: async <T>(run: (tx: Transaction) => Promise<T>) => pg.transaction(run),
    close: async () => pg.close(),
  };
}

async function migrate(pg: PGlite) {
  await pg.exec(
    'create table if not exists _migrations (name varchar(256) primary key, applied_at bigint not null)',
  );
  const applied = new Set(
    (await pg.query<{ name: string }>('select name from _migrations')).rows.map(({ name }) => name),
  );
  const files = (await readdir(migrationsDir)).filter((file) => file.endsWith('.sql')).sort();
  for (const file of files) {
    if (applied.has(file)) continue;
    const sql = await readFile(path.join(migrationsDir, file), 'utf8');
    await pg.transaction(async (tx) => {
      await tx.exec(sql);
      await tx.query('insert into _migrations (name, applied_at) values ($1, $2)', [file, Date.now()]);
    });
  }
}

/** Postgres error codes the routes map to Logto's errors. */
export const pgErrorCodes = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  stringDataRightTruncation: '22001',
} as const;

export function pgErrorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import { PGlite, type Transaction } from '@electric-sql/pglite';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));
const templateCacheDir = fileURLToPath(
  new URL('../../node_modules/.cache/logto-emulator/', import.meta.url),
);

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

/**
 * Opens PGlite in `dataDir` (created if missing) or in memory, and applies pending migrations.
 * A new database starts from a migrated template instead of running initdb and every migration again:
 * initdb costs seconds under WebAssembly, and tests open many in-memory databases.
 */
export async function openDatabase(dataDir?: string): Promise<Database> {
  const isNew = !dataDir || !existsSync(path.join(dataDir, 'PG_VERSION'));
  // PGlite creates the folder itself, but not its parents (a fresh clone has no `.data/` yet).
  if (dataDir) await mkdir(path.dirname(path.resolve(dataDir)), { recursive: true });
  const template = isNew ? await loadTemplate() : undefined;
  const pg = await PGlite.create(dataDir, template ? { loadDataDir: template } : {});
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

let templatePromise: Promise<Blob | undefined> | undefined;

/** The migrated empty database as a tarball: from this process, from the disk cache, or made now. */
async function loadTemplate(): Promise<Blob | undefined> {
  templatePromise ??= (async () => {
    const files = (await readdir(migrationsDir)).filter((file) => file.endsWith('.sql')).sort();
    const hash = createHash('sha256');
    for (const file of files)
      hash.update(file).update(await readFile(path.join(migrationsDir, file)));
    const cacheFile = path.join(
      templateCacheDir,
      `template-${hash.digest('hex').slice(0, 16)}.tar`,
    );
    try {
      return new Blob([await readFile(cacheFile)]);
    } catch {
      // Not cached yet: build it below.
    }
    try {
      const pg = await PGlite.create();
      await migrate(pg);
      const template = await pg.dumpDataDir('none');
      await pg.close();
      await mkdir(templateCacheDir, { recursive: true });
      // Write then rename, so that parallel test workers never read half a file.
      const partial = `${cacheFile}.${process.pid}.partial`;
      await writeFile(partial, Buffer.from(await template.arrayBuffer()));
      await rename(partial, cacheFile);
      return template;
    } catch (error) {
      console.warn(
        '[emulator] could not prepare the database template; starting from scratch',
        error,
      );
      return undefined;
    }
  })();
  return templatePromise;
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
      await tx.query('insert into _migrations (name, applied_at) values ($1, $2)', [
        file,
        Date.now(),
      ]);
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

import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { z } from 'zod';

import type { SqlDriver } from './sql-driver.js';

export const defaultMigrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

/** `NNN-name.sql`: the number orders them and is the version recorded once applied. */
const migrationFilePattern = /^(\d{3})-[a-z0-9][a-z0-9-]*\.sql$/;

type Migration = { version: number; name: string; sql: string; checksum: string };

export class MigrationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

const appliedMigrationRowSchema = z.object({
  version: z.number().int(),
  name: z.string(),
  checksum: z.string(),
});

export async function readMigrations(migrationsDir = defaultMigrationsDir): Promise<Migration[]> {
  const entries = (await readdir(migrationsDir)).filter((file) => file.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of entries) {
    const version = migrationFilePattern.exec(file)?.[1];
    if (!version) throw new MigrationError(`Migration file name "${file}" is not NNN-name.sql`);
    const previous = migrations.at(-1);
    if (previous?.version === Number(version)) {
      throw new MigrationError(
        `Migrations "${previous.name}" and "${file}" share version ${version}`,
      );
    }
    const sql = await readFile(path.join(migrationsDir, file), 'utf8');
    const checksum = createHash('sha256').update(sql).digest('hex');
    migrations.push({ version: Number(version), name: file, sql, checksum });
  }
  return migrations;
}

/**
 * Applies the pending migrations in order, in one transaction, and records each in `schema_migrations`.
 * The transaction first takes an advisory lock, so BFF replicas starting together on one PostgreSQL
 * server migrate one after the other; the later ones find nothing left to do.
 * Returns the names of the migrations it applied.
 */
export async function migrate(
  driver: SqlDriver,
  migrationsDir = defaultMigrationsDir,
): Promise<string[]> {
  const migrations = await readMigrations(migrationsDir);
  return driver.transaction(async (tx) => {
    // A migration may rightly run long (an index on a big table), and so may waiting for another
    // replica's: the pool's per-statement limit is for requests, not for this.
    await tx.query('set local statement_timeout = 0');
    // Held until commit or rollback; hashtext gives every deployment of this code the same lock key.
    await tx.query("select pg_advisory_xact_lock(hashtext('portal-bff:schema_migrations'))");
    await tx.exec(`
      create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`);
    const { rows } = await tx.query('select version, name, checksum from schema_migrations');
    const applied = new Map(
      rows.map((row) => appliedMigrationRowSchema.parse(row)).map((row) => [row.version, row]),
    );

    const appliedNow: string[] = [];
    for (const migration of migrations) {
      const existing = applied.get(migration.version);
      if (existing) {
        // An applied migration never changes: the schema it made would silently differ from the file.
        if (existing.checksum !== migration.checksum) {
          throw new MigrationError(
            `Migration ${migration.name} was changed after it was applied (as ${existing.name}); ` +
              'add a new migration instead of editing an applied one',
          );
        }
        continue;
      }
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        throw new MigrationError(`Migration ${migration.name} failed: ${String(error)}`, {
          cause: error,
        });
      }
      await tx.query(
        'insert into schema_migrations (version, name, checksum) values ($1, $2, $3)',
        [migration.version, migration.name, migration.checksum],
      );
      appliedNow.push(migration.name);
    }
    // Versions unknown to this code (a newer replica migrated first, during a rolling deploy) are left alone.
    return appliedNow;
  });
}

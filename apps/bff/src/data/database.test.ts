import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { createAuditLog } from './audit-log.js';
import { openDriver, openPortalDatabase } from './database.js';
import { migrate, MigrationError, readMigrations } from './migrate.js';
import { pgErrorCode, pgErrorCodes, type SqlDriver } from './sql-driver.js';
import { testEngines } from './test-engines.js';
import type { NewAuditEvent } from './types.js';

const migrationRowSchema = z.object({
  version: z.number(),
  name: z.string(),
  checksum: z.string(),
});

async function appliedMigrations(driver: SqlDriver) {
  const { rows } = await driver.query(
    'select version, name, checksum from schema_migrations order by version',
  );
  return rows.map((row) => migrationRowSchema.parse(row));
}

async function tableExists(driver: SqlDriver, name: string) {
  const { rows } = await driver.query('select to_regclass($1) is not null as present', [name]);
  return z.object({ present: z.boolean() }).parse(rows[0]).present;
}

const event: NewAuditEvent = {
  actor: { userId: 'admin1', email: 'admin@example.com', kind: 'organization_admin' },
  organizationId: 'org1',
  action: 'member.removed',
  target: { type: 'user', id: 'user1', label: 'user1@example.com' },
  reason: null,
  outcome: 'success',
  errorCode: null,
  requestId: 'req-1',
};

const migrationFolders: string[] = [];
async function migrationsFolder(files: Record<string, string>) {
  const folder = await mkdtemp(path.join(tmpdir(), 'portal-test-migrations-'));
  migrationFolders.push(folder);
  for (const [name, sql] of Object.entries(files)) await writeFile(path.join(folder, name), sql);
  return folder;
}
afterAll(async () => {
  await Promise.all(
    migrationFolders.map(async (folder) => rm(folder, { recursive: true, force: true })),
  );
});

describe('migration files', () => {
  it('are read in version order with a checksum each', async () => {
    const migrations = await readMigrations();
    expect(migrations.map(({ name }) => name)).toEqual([
      '001-audit-events.sql',
      '002-idempotency-records.sql',
      '003-idempotency-unknown-outcome.sql',
    ]);
    expect(migrations.every(({ checksum }) => /^[\da-f]{64}$/.test(checksum))).toBe(true);
  });

  it('must be named NNN-name.sql with distinct numbers', async () => {
    const misnamed = await migrationsFolder({ 'add-things.sql': 'select 1' });
    await expect(readMigrations(misnamed)).rejects.toThrow(/not NNN-name\.sql/);
    const clash = await migrationsFolder({ '001-a.sql': 'select 1', '001-b.sql': 'select 2' });
    await expect(readMigrations(clash)).rejects.toThrow(/share version 001/);
  });
});

// PGlite opens take a second or two of WebAssembly work, more on a busy CI machine.
describe.each(testEngines())('database on $name', { timeout: 30_000 }, (engine) => {
  beforeAll(engine.setup, 60_000);
  afterAll(engine.teardown);

  it('applies every migration once, and finds nothing to do the second time', async () => {
    const driver = await openDriver(await engine.freshDatabase());
    try {
      expect(await migrate(driver)).toEqual([
        '001-audit-events.sql',
        '002-idempotency-records.sql',
        '003-idempotency-unknown-outcome.sql',
      ]);
      expect(await migrate(driver)).toEqual([]);
      const expected = await readMigrations();
      expect(await appliedMigrations(driver)).toEqual(
        expected.map(({ version, name, checksum }) => ({ version, name, checksum })),
      );
      expect(await tableExists(driver, 'audit_events')).toBe(true);
      expect(await tableExists(driver, 'idempotency_records')).toBe(true);
    } finally {
      await driver.close();
    }
  });

  it('keeps its data and applies nothing again when opened a second time', async () => {
    const config = await engine.freshPersistentDatabase();
    const first = await openPortalDatabase(config);
    const appended = await first.audit.append(event);
    expect(
      await first.idempotency.claim({ key: 'key-1', scope: 'a:POST /x', requestHash: 'h' }),
    ).toEqual({
      state: 'claimed',
      resumed: false,
    });
    await first.idempotency.complete({
      key: 'key-1',
      scope: 'a:POST /x',
      status: 201,
      body: { id: 'x1' },
    });
    await first.close();

    const second = await openPortalDatabase(config);
    try {
      const page = await second.audit.list({ organizationId: 'org1', page: 1, pageSize: 20 });
      expect(page.items).toEqual([appended]);
      const replay = await second.idempotency.claim({
        key: 'key-1',
        scope: 'a:POST /x',
        requestHash: 'h',
      });
      expect(replay).toMatchObject({
        state: 'completed',
        record: { status: 201, body: { id: 'x1' } },
      });
    } finally {
      // Had it applied 001 again, opening would have failed: audit_events exists.
      await second.close();
    }
  });

  // Replicas share a PostgreSQL server; a PGlite database belongs to one process.
  if (engine.name === 'PostgreSQL') {
    it('migrates once when several replicas start at the same moment', async () => {
      const config = await engine.freshDatabase();
      const replicas = await Promise.all(
        Array.from({ length: 4 }, async () => openPortalDatabase(config)),
      );
      try {
        await Promise.all(replicas.map(async (replica) => replica.audit.append(event)));
        const page = await replicas[0]!.audit.list({
          organizationId: 'org1',
          page: 1,
          pageSize: 20,
        });
        expect(page.totalCount).toBe(4);
      } finally {
        await Promise.all(replicas.map(async (replica) => replica.close()));
      }
      const driver = await openDriver(config);
      try {
        expect((await appliedMigrations(driver)).map(({ version }) => version)).toEqual([1, 2, 3]);
      } finally {
        await driver.close();
      }
    });
  }

  it('rolls back every pending migration when one fails, then applies them once fixed', async () => {
    const driver = await openDriver(await engine.freshDatabase());
    try {
      const folder = await migrationsFolder({
        '001-widgets.sql': 'create table widgets (id integer primary key);',
        '002-broken.sql': 'alter table widgets add column size integer; select no_such_function();',
      });
      const failure = await migrate(driver, folder).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(MigrationError);
      expect(String(failure)).toMatch(/002-broken\.sql failed/);
      expect(await tableExists(driver, 'widgets')).toBe(false);
      expect(await tableExists(driver, 'schema_migrations')).toBe(false);

      await writeFile(
        path.join(folder, '002-broken.sql'),
        'alter table widgets add column size integer;',
      );
      expect(await migrate(driver, folder)).toEqual(['001-widgets.sql', '002-broken.sql']);
      await driver.query('insert into widgets (id, size) values (1, 2)');
    } finally {
      await driver.close();
    }
  });

  it('applies new migrations in order and refuses to run when an applied one was edited', async () => {
    const driver = await openDriver(await engine.freshDatabase());
    try {
      const folder = await migrationsFolder({
        '001-widgets.sql': 'create table widgets (id integer primary key);',
      });
      expect(await migrate(driver, folder)).toEqual(['001-widgets.sql']);
      await writeFile(
        path.join(folder, '003-gadgets.sql'),
        'create table gadgets (widget_id integer references widgets);',
      );
      await writeFile(
        path.join(folder, '002-sizes.sql'),
        'alter table widgets add column size integer;',
      );
      expect(await migrate(driver, folder)).toEqual(['002-sizes.sql', '003-gadgets.sql']);

      await writeFile(
        path.join(folder, '001-widgets.sql'),
        'create table widgets (id bigint primary key);',
      );
      await expect(migrate(driver, folder)).rejects.toThrow(
        /001-widgets\.sql was changed after it was applied/,
      );
    } finally {
      await driver.close();
    }
  });

  it('leaves migrations it does not know alone (a newer replica applied them)', async () => {
    const driver = await openDriver(await engine.freshDatabase());
    try {
      const newer = await migrationsFolder({
        '001-widgets.sql': 'create table widgets (id integer primary key);',
        '002-sizes.sql': 'alter table widgets add column size integer;',
      });
      await migrate(driver, newer);
      const older = await migrationsFolder({
        '001-widgets.sql': 'create table widgets (id integer primary key);',
      });
      expect(await migrate(driver, older)).toEqual([]);
    } finally {
      await driver.close();
    }
  });

  it('refuses to update or delete an audit event, even in SQL', async () => {
    const driver = await openDriver(await engine.freshDatabase());
    try {
      await migrate(driver);
      await createAuditLog(driver, Date.now).append(event);
      for (const statement of [
        "update audit_events set reason = 'edited'",
        'delete from audit_events',
      ]) {
        const error = await driver.query(statement).catch((failure: unknown) => failure);
        expect(pgErrorCode(error)).toBe(pgErrorCodes.raiseException);
        expect(String(error)).toMatch(/append-only/);
      }
      const { rows } = await driver.query(
        'select count(*)::integer as n, max(reason) as reason from audit_events',
      );
      expect(rows[0]).toEqual({ n: 1, reason: null });
    } finally {
      await driver.close();
    }
  });

  it('answers ping while open and fails it once closed', async () => {
    const database = await openPortalDatabase(await engine.freshDatabase());
    await expect(database.ping()).resolves.toBeUndefined();
    await database.close();
    await expect(database.ping()).rejects.toThrow();
    // Closing twice (shutdown hooks overlapping) is harmless.
    await expect(database.close()).resolves.toBeUndefined();
  });
});

describe('database on PostgreSQL, unreachable', () => {
  it('fails to open with the connection error, not a hang', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    await expect(
      openPortalDatabase({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none' }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});

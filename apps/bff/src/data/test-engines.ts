/**
 * The two engines the data layer runs on, for tests that must pass on both:
 *
 *   describe.each(testEngines())('audit log on $name', (engine) => {
 *     beforeAll(engine.setup, 60_000);
 *     afterAll(engine.teardown);
 *     it('…', async () => { const db = await openPortalDatabase(await engine.freshDatabase()); … });
 *   });
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { PortalDatabaseConfig } from './database.js';
import { startTestPostgres, type TestPostgres } from './test-postgres.js';

export type TestEngine = {
  name: 'PGlite' | 'PostgreSQL';
  setup: () => Promise<void>;
  teardown: () => Promise<void>;
  /** Where a fresh, empty database is: PGlite in memory, or a new database on the test server. */
  freshDatabase: () => Promise<EngineConfig>;
  /** A fresh database that outlives `close()`, to open again: PGlite in a temp folder, or a new database. */
  freshPersistentDatabase: () => Promise<EngineConfig>;
};

type EngineConfig = Pick<PortalDatabaseConfig, 'databaseUrl' | 'dataDir'>;

export function testEngines(): TestEngine[] {
  let postgres: TestPostgres | undefined;
  const folders: string[] = [];
  const newPostgresDatabase = async () => {
    if (!postgres)
      throw new Error('The PostgreSQL test server is not running (did its setup fail?)');
    return { databaseUrl: await postgres.createDatabase() };
  };
  return [
    {
      name: 'PGlite',
      setup: () => Promise.resolve(),
      teardown: async () => {
        await Promise.all(
          folders.map(async (folder) => rm(folder, { recursive: true, force: true })),
        );
      },
      freshDatabase: () => Promise.resolve({}),
      freshPersistentDatabase: async () => {
        const folder = await mkdtemp(path.join(tmpdir(), 'portal-test-pglite-'));
        folders.push(folder);
        // A folder that does not exist yet: opening must create it.
        return { dataDir: path.join(folder, 'data') };
      },
    },
    {
      name: 'PostgreSQL',
      setup: async () => {
        postgres = await startTestPostgres();
      },
      teardown: async () => {
        await postgres?.stop();
      },
      freshDatabase: newPostgresDatabase,
      freshPersistentDatabase: newPostgresDatabase,
    },
  ];
}

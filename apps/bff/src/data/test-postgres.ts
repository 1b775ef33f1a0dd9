/**
 * A real PostgreSQL server for tests: started here (initdb into a temp folder, `pg_ctl start` on a free
 * port) or, when DATABASE_URL_TEST is set, that server. Each `createDatabase()` is a fresh, empty database.
 *
 *   const postgres = await startTestPostgres();          // in beforeAll
 *   const databaseUrl = await postgres.createDatabase();
 *   await postgres.stop();                               // in afterAll
 */
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { chown, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import pg from 'pg';

const run = promisify(execFile);

const postgresInstallRoot = '/usr/lib/postgresql';
/** The server runs as this OS user when the tests run as root: initdb refuses to run as root. */
const postgresOsUser = 'postgres';

export type TestPostgres = {
  /** The server's maintenance database URL (`postgres`). */
  readonly serverUrl: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(): Promise<string>;
  /** Stops the server this helper started (or drops the databases it created on DATABASE_URL_TEST). */
  stop(): Promise<void>;
};

export class PostgresNotInstalledError extends Error {
  constructor(looked: string) {
    super(
      `The PostgreSQL tests need PostgreSQL's server binaries (initdb, pg_ctl, postgres), not found in ${looked}. ` +
        'Install them with `apt-get install postgresql` (Debian/Ubuntu), ' +
        'or set DATABASE_URL_TEST=postgres://user:password@host:port/postgres to use a server you run.',
    );
    this.name = 'PostgresNotInstalledError';
  }
}

export async function startTestPostgres(): Promise<TestPostgres> {
  // The one setting the test helper reads itself: it runs in test workers, before any app config exists.
  // eslint-disable-next-line no-restricted-properties -- test-only switch to an existing server, see above
  const externalUrl = process.env.DATABASE_URL_TEST;
  if (externalUrl) return useExternalServer(externalUrl);
  return startOwnServer();
}

/** Finds initdb and pg_ctl: the newest version under /usr/lib/postgresql (Debian's layout). */
async function findBinDir(): Promise<string> {
  const versions = existsSync(postgresInstallRoot) ? await readdir(postgresInstallRoot) : [];
  const candidates = versions
    .filter((version) => /^\d+$/.test(version))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => path.join(postgresInstallRoot, version, 'bin'));
  const binDir = candidates.find(
    (dir) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl')),
  );
  if (!binDir) throw new PostgresNotInstalledError(`${postgresInstallRoot}/*/bin`);
  return binDir;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address) resolve(address.port);
        else reject(new Error('Could not find a free port'));
      });
    });
  });
}

async function startOwnServer(): Promise<TestPostgres> {
  const binDir = await findBinDir();
  const isRoot = process.getuid?.() === 0;
  // As root, run the server's commands as the postgres OS user; otherwise as ourselves.
  const asServerUser = (command: string, args: string[]): [string, string[]] =>
    isRoot ? ['runuser', ['-u', postgresOsUser, '--', command, ...args]] : [command, args];

  const baseDir = await mkdtemp(path.join(tmpdir(), 'portal-test-pg-'));
  const dataDir = path.join(baseDir, 'data');
  const logFile = path.join(baseDir, 'server.log');
  const pgCtl = path.join(binDir, 'pg_ctl');
  // From a folder the server's user may enter (it may not enter the test's working directory).
  const runAsServerUser = async (command: string, args: string[]) =>
    run(...asServerUser(command, args), { cwd: baseDir });

  const stopNow = () => {
    if (existsSync(path.join(dataDir, 'postmaster.pid'))) {
      spawnSync(...asServerUser(pgCtl, ['stop', '-D', dataDir, '-m', 'immediate', '-w']), {
        cwd: baseDir,
        stdio: 'ignore',
      });
    }
    rmSync(baseDir, { recursive: true, force: true });
  };
  // If the test process ends without stop() (a crash, a killed worker), don't leave a server behind.
  process.once('exit', stopNow);

  try {
    if (isRoot) {
      const ids = await Promise.all(
        ['-u', '-g'].map(async (flag) => (await run('id', [flag, postgresOsUser])).stdout),
      ).catch((error: unknown) => {
        throw new Error(
          `As root, the test server runs as the "${postgresOsUser}" OS user, which does not exist here ` +
            '(`apt-get install postgresql` creates it)',
          { cause: error },
        );
      });
      await chown(baseDir, Number(ids[0]), Number(ids[1]));
    }
    await runAsServerUser(path.join(binDir, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);

    let port = 0;
    for (let attempt = 1; ; attempt += 1) {
      port = await freePort();
      // Durability is worthless for a throw-away test server; skipping fsync makes it several times faster.
      const serverOptions = `-p ${port} -k ${baseDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
      try {
        await runAsServerUser(pgCtl, [
          'start',
          '-D',
          dataDir,
          '-l',
          logFile,
          '-w',
          '-t',
          '30',
          '-o',
          serverOptions,
        ]);
        break;
      } catch (error) {
        // Another process may have taken the port between our look and the server's bind: try another.
        if (attempt >= 3) {
          const log = await readFile(logFile, 'utf8').catch(() => '');
          throw new Error(`PostgreSQL did not start: ${String(error)}\n${log}`, { cause: error });
        }
      }
    }

    const serverUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    return {
      serverUrl,
      createDatabase: async () => createDatabase(serverUrl),
      async stop() {
        process.removeListener('exit', stopNow);
        await runAsServerUser(pgCtl, ['stop', '-D', dataDir, '-m', 'immediate', '-w']).catch(
          () => undefined,
        );
        rmSync(baseDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    process.removeListener('exit', stopNow);
    stopNow();
    throw error;
  }
}

function useExternalServer(serverUrl: string): TestPostgres {
  const created: string[] = [];
  return {
    serverUrl,
    async createDatabase() {
      const url = await createDatabase(serverUrl);
      created.push(new URL(url).pathname.slice(1));
      return url;
    },
    async stop() {
      await withClient(serverUrl, async (client) => {
        for (const name of created)
          await client.query(`drop database if exists "${name}" with (force)`);
      });
    },
  };
}

async function createDatabase(serverUrl: string): Promise<string> {
  const name = `portal_test_${randomBytes(6).toString('hex')}`;
  await withClient(serverUrl, async (client) => {
    await client.query(`create database "${name}"`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withClient(url: string, use: (client: pg.Client) => Promise<void>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await use(client);
  } finally {
    await client.end();
  }
}

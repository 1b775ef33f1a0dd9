import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import Koa from 'koa';

import { openDatabase } from './db/database.js';
import type { EmulatorConfig, EmulatorDeps } from './deps.js';
import { RequestError } from './errors.js';
import { loadSigningKeys } from './keys.js';
import { createMailer, createMailboxRouter } from './mail/index.js';
import { createTestControls } from './controls/index.js';
import { createOidc } from './oidc/index.js';
import { createManagementApi } from './routes/index.js';
import { seedSystem } from './seed/system.js';

export type { EmulatorConfig, EmulatorDeps } from './deps.js';

export type Emulator = {
  app: Koa;
  deps: EmulatorDeps;
  close: () => Promise<void>;
};

/** Builds the emulator (storage, keys, OIDC, Management API, mailbox, test controls); does not listen. */
export async function createEmulator(config: EmulatorConfig): Promise<Emulator> {
  if (config.reset && config.dataDir) await rm(config.dataDir, { recursive: true, force: true });
  const db = await openDatabase(config.dataDir);
  const keys = await loadSigningKeys(db);
  const issuer = `${config.publicUrl}/oidc`;
  const mailer = await createMailer({ db, emailConnector: config.emailConnector });

  const deps: EmulatorDeps = {
    db,
    config,
    keys,
    issuer,
    mailer,
    resetData: async () => {
      const tables = await db.query<{ tablename: string }>(
        "select tablename from pg_tables where schemaname = 'public' and tablename not in ('_migrations', 'signing_keys')",
      );
      await db.query(
        `truncate ${tables.map(({ tablename }) => `"${tablename}"`).join(', ')} cascade`,
      );
      await seedSystem(deps);
      await mailer.setConnectorEnabled(config.emailConnector);
    },
  };
  await seedSystem(deps);

  const app = new Koa();
  app.use(async (ctx, next) => {
    ctx.set('Logto-Core-Request-Id', randomBytes(12).toString('base64url'));
    await next();
  });
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error: unknown) {
      if (error instanceof RequestError) {
        ctx.status = error.status;
        ctx.body = error.toBody();
        return;
      }
      // Logto answers unhandled errors with a bare message and no code.
      console.error('[emulator] unhandled error', error);
      ctx.status = 500;
      ctx.body = { message: 'Internal server error.' };
    }
  });

  if (config.testControls) {
    const controls = createTestControls(deps);
    app.use(controls.routes);
    app.use(controls.faults);
  }
  app.use(createMailboxRouter(deps));
  const oidc = await createOidc(deps);
  app.use(oidc.middleware);
  app.use(createManagementApi(deps));

  return {
    app,
    deps,
    close: async () => {
      await db.close();
    },
  };
}

export type RunningEmulator = Emulator & { url: string; server: http.Server };

/**
 * Listens first, so that the public URL (and with it the issuer) is known when `port` is 0, then builds
 * the emulator. Tests call this with `port: 0` and no data folder.
 */
export async function startEmulator(
  options: Omit<EmulatorConfig, 'publicUrl'> & { port: number; host?: string; publicUrl?: string },
): Promise<RunningEmulator> {
  const { port, host = '127.0.0.1', publicUrl, ...config } = options;
  let handler: http.RequestListener = (_request, response) => {
    response.statusCode = 503;
    response.end('Starting');
  };
  const server = http.createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const { port: actualPort } = server.address() as AddressInfo;
  const url =
    publicUrl ??
    `http://${host === '127.0.0.1' || host === '::1' ? 'localhost' : host}:${actualPort}`;
  try {
    const emulator = await createEmulator({ ...config, publicUrl: url.replace(/\/$/, '') });
    const callback = emulator.app.callback();
    handler = (request, response) => {
      void callback(request, response);
    };
    return {
      ...emulator,
      url: url.replace(/\/$/, ''),
      server,
      close: async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await emulator.close();
      },
    };
  } catch (error) {
    server.close();
    throw error;
  }
}

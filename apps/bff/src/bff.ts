import type { Express } from 'express';
import type { Logger } from 'pino';

import { createApp, type BffDependencies } from './app.js';
import { openPortalDatabase } from './data/database.js';
import type { BffConfig } from './env.js';
import { createLogger } from './logger.js';
import { createManagementClient } from './logto/management-client.js';
import { createMetrics } from './metrics.js';

export type Bff = {
  app: Express;
  /** Stops the Management API client's timers and closes the database. */
  close(): Promise<void>;
};

/**
 * The BFF with its real dependencies from its configuration: the Management API client and the
 * database (PostgreSQL with DATABASE_URL, else PGlite in BFF_DATA_DIR). server.ts listens with it;
 * tests and the e2e harness use it the same way.
 */
export async function createBff(
  config: BffConfig,
  options: { logger?: Logger } & Pick<BffDependencies, 'memberScopeTtlMs'> = {},
): Promise<Bff> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const metrics = createMetrics();
  const database = await openPortalDatabase({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir }),
    onIdleConnectionError: (error) =>
      logger.warn({ err: error }, 'database connection lost while idle'),
  });
  const logto = createManagementClient({
    endpoint: config.logtoEndpoint,
    tokenEndpoint: config.logtoTokenEndpoint,
    managementApiResource: config.managementApiResource,
    appId: config.m2mAppId,
    appSecret: config.m2mAppSecret,
    rateLimit: config.upstreamRateLimit,
    timeoutMs: config.upstreamTimeoutMs,
    retries: config.upstreamRetries,
    logger,
  });
  const app = createApp(config, { logto, database, logger, metrics, ...options });
  return {
    app,
    close: async () => {
      logto.close();
      await database.close();
    },
  };
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { createBff } from './bff.js';
import { InvalidConfigurationError, readBffConfig, type BffConfig } from './env.js';
import { createLogger } from './logger.js';

let config: BffConfig;
try {
  config = readBffConfig();
} catch (error) {
  if (error instanceof InvalidConfigurationError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const logger = createLogger(config.logLevel);
const bff = await createBff(config, { logger });
const server = http.createServer(bff.app);
try {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, resolve);
  });
} catch (error) {
  const inUse = error instanceof Error && 'code' in error && error.code === 'EADDRINUSE';
  console.error(
    inUse ? `Port ${config.port} is already in use: stop what runs there, or set PORT.` : error,
  );
  await bff.close();
  process.exit(1);
}
const { port } = server.address() as AddressInfo;
logger.info(
  {
    port,
    publicUrl: config.publicUrl,
    logtoEndpoint: config.logtoEndpoint,
    database: config.databaseUrl ? 'postgresql' : `pglite:${config.dataDir}`,
  },
  'BFF listening',
);
console.log(
  `\n  Portal (BFF) ready on ${config.publicUrl} (port ${port}), Logto at ${config.logtoEndpoint}\n`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(() => {
      void bff.close().finally(() => process.exit(0));
    });
    // Idle keep-alive connections would hold the close open.
    server.closeIdleConnections();
  });
}

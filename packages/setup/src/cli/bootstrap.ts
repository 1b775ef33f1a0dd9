import { bootstrap } from '../bootstrap.js';
import { connectToLogto } from '../management-api.js';
import { runSetupCommand } from './run.js';

await runSetupCommand('bootstrap', async (config) => {
  const { report } = await bootstrap(connectToLogto(config.logto), {
    portalApiResource: config.portal.apiResource,
    log: console.log,
  });
  console.log(`\nDone: ${report.summary()}.`);
});

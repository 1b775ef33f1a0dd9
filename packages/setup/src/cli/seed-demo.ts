import { connectToLogto } from '../management-api.js';
import { seedDemo } from '../seed-demo.js';
import { runSetupCommand } from './run.js';

await runSetupCommand('seed:demo', async (config) => {
  const { report, tenant } = await seedDemo(connectToLogto(config.logto), {
    portal: config.portal,
    tenantFile: config.tenantFile,
    log: console.log,
  });
  console.log(
    [
      '',
      `Done: ${report.summary()}.`,
      `SPA application: ${tenant.spaAppId} (the BFF's LOGTO_SPA_APP_ID)`,
      `Organizations: ${tenant.organizations.map(({ name, id }) => `${name} (${id})`).join(', ')}`,
      'Demo accounts:',
      ...tenant.demoAccounts.map(
        ({ email, password, description }) => `  ${email} / ${password}  ${description}`,
      ),
      `Written to ${config.tenantFile}`,
    ].join('\n'),
  );
});

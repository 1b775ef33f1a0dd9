export { bootstrap, type BootstrapOptions, type BootstrapResult } from './bootstrap.js';
export {
  demoAccounts,
  demoOrganizations,
  largeOrganization,
  type DemoAccount,
  type DemoOrganization,
} from './demo-data.js';
export {
  defaultPortalSettings,
  defaultTenantFile,
  readSetupConfig,
  type LogtoConnection,
  type PortalSettings,
  type SetupConfig,
} from './env.js';
export { ManagementApiError, SetupError } from './errors.js';
export { connectToLogto, type ManagementApi, type SetupClient } from './management-api.js';
export { SetupReport, type SetupLogger } from './report.js';
export {
  seedDemo,
  spaApplicationName,
  type SeedDemoOptions,
  type SeedDemoResult,
} from './seed-demo.js';
export {
  demoTenantSchema,
  readTenantFile,
  writeTenantFile,
  type DemoTenant,
} from './tenant-file.js';

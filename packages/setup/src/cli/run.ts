import { readSetupConfig, type SetupConfig } from '../env.js';
import { SetupError } from '../errors.js';

/**
 * Runs a setup command: reads the configuration, runs `task`, and on failure prints a readable message
 * (the setting to check) and exits with status 1. Unexpected errors keep their stack.
 */
export async function runSetupCommand(name: string, task: (config: SetupConfig) => Promise<void>) {
  try {
    const config = readSetupConfig();
    const { endpoint, m2mAppId } = config.logto;
    console.log(`${name}: Logto at ${endpoint}, M2M app ${m2mAppId}`);
    await task(config);
  } catch (error) {
    const message =
      error instanceof SetupError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    console.error(`\n${name} failed: ${message}`);
    process.exitCode = 1;
  }
}

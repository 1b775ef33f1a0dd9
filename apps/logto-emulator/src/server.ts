import { startEmulator } from './app.js';
import { readEmulatorEnv } from './env.js';
import { runFirstStartSetup } from './seed/first-start.js';

const env = readEmulatorEnv();
const args = new Set(process.argv.slice(2));

const started = performance.now();
const emulator = await startEmulator({
  port: env.EMULATOR_PORT,
  host: env.EMULATOR_HOST,
  publicUrl: env.EMULATOR_PUBLIC_URL,
  dataDir:
    args.has('--memory') || env.EMULATOR_DATA_DIR === 'memory' ? undefined : env.EMULATOR_DATA_DIR,
  reset: args.has('--reset') || env.EMULATOR_RESET,
  testControls: args.has('--test-controls') || env.EMULATOR_TEST_CONTROLS,
  emailConnector: !args.has('--no-email-connector') && env.EMULATOR_EMAIL_CONNECTOR,
  m2mApp: { id: env.EMULATOR_M2M_APP_ID, secret: env.EMULATOR_M2M_APP_SECRET },
});
const setup = await runFirstStartSetup(emulator, env.EMULATOR_SEED);
const seconds = ((performance.now() - started) / 1000).toFixed(1);

console.log(
  [
    '',
    `  Logto emulator — FOR DEVELOPMENT AND TESTS ONLY, not a Logto replacement — ready in ${seconds}s`,
    `  Listening on ${emulator.url} (issuer ${emulator.deps.issuer})`,
    `  Data: ${emulator.deps.config.dataDir ?? 'in memory'}${setup.seeded ? ' (seeded now)' : ''}`,
    `  Dev mailbox: ${emulator.url}/_emulator/mailbox`,
    `  Email connector: ${emulator.deps.config.emailConnector ? 'on' : 'off (invitation emails answer 501)'}`,
    `  Test controls: ${emulator.deps.config.testControls ? 'ON' : 'off'}`,
    ...setup.summary.map((line) => `  ${line}`),
    '',
  ].join('\n'),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void emulator.close().finally(() => process.exit(0));
  });
}

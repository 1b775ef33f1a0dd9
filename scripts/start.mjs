#!/usr/bin/env node
// `pnpm start` / `pnpm dev`: builds what is needed, starts the Logto emulator (unless LOGTO_ENDPOINT points
// at another Logto) and the BFF, prints the URLs and the demo accounts; Ctrl-C stops everything.
// Plain Node, no dependencies: it must work right after `pnpm install`.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const usage = `Usage: pnpm start [--reset]    build, then run the emulator and the portal
       pnpm dev [--reset]      the same with hot reload (Vite on http://localhost:5173, the BFF in watch mode)

  --reset   delete the emulator's data (.data/emulator) and the portal's audit log (.data/bff) first;
            the emulator seeds the demo tenant again

Environment: LOGTO_ENDPOINT (+ LOGTO_M2M_APP_ID, LOGTO_M2M_APP_SECRET, LOGTO_SPA_APP_ID) to use a real
Logto instead of the emulator; PORT (3000), EMULATOR_PORT (3001), PORTAL_PUBLIC_URL, PORTAL_API_RESOURCE.`;

const args = process.argv.slice(2).filter((arg) => arg !== '--');
const unknown = args.filter((arg) => !['--dev', '--reset', '--help', '-h'].includes(arg));
if (args.includes('--help') || args.includes('-h') || unknown.length > 0) {
  if (unknown.length > 0) console.error(`Unknown option: ${unknown.join(' ')}\n`);
  console.log(usage);
  process.exit(unknown.length > 0 ? 2 : 0);
}
const dev = args.includes('--dev');
const reset = args.includes('--reset');

const env = process.env;
const emulatorPort = Number(env.EMULATOR_PORT ?? 3001);
const emulatorUrl = `http://localhost:${emulatorPort}`;
const logtoEndpoint = (env.LOGTO_ENDPOINT || emulatorUrl).replace(/\/+$/, '');
const useEmulator = isEmulatorUrl(logtoEndpoint);
const portalPort = Number(env.PORT ?? 3000);
const viteUrl = 'http://localhost:5173';
const portalUrl = (
  env.PORTAL_PUBLIC_URL || (dev ? viteUrl : `http://localhost:${portalPort}`)
).replace(/\/+$/, '');
const tenantFile = env.PORTAL_TENANT_FILE || path.join(root, '.data', 'tenant.json');
const emulatorDataDir = env.EMULATOR_DATA_DIR || path.join(root, '.data', 'emulator');
// The emulator's setup M2M app (apps/logto-emulator/src/env.ts); the BFF uses the same one.
const emulatorM2mApp = {
  id: env.EMULATOR_M2M_APP_ID || 'portal-m2m-dev',
  secret: env.EMULATOR_M2M_APP_SECRET || 'portal-m2m-dev-secret-not-for-production',
};

const web = readPackage('apps/web');
const bff = readPackage('apps/bff');

/** @type {{ name: string, child: import('node:child_process').ChildProcess }[]} */
const running = [];
let stopping = false;

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

try {
  await main();
} catch (error) {
  console.error(`\n✗ ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
}

async function main() {
  if (!dev && web?.scripts?.build && existsSync(path.join(root, 'apps/web/src'))) {
    if (webBuildIsStale()) {
      step('Building the web app (apps/web)');
      await runToCompletion('pnpm', ['--filter', '@portal/web', 'build']);
    } else {
      step('The web app build (apps/web/dist) is up to date');
    }
  }

  if (reset && useEmulator && !env.DATABASE_URL) {
    // The audit log names organizations and people of the tenant being reset: start it afresh too.
    rmSync(path.join(root, '.data', 'bff'), { recursive: true, force: true });
  }

  if (useEmulator) {
    await requireFreePort(emulatorPort, 'the Logto emulator', 'EMULATOR_PORT');
    step(`Starting the Logto emulator on ${emulatorUrl}${reset ? ' (reset: fresh data)' : ''}`);
    const emulator = startChild(
      'emulator',
      path.join(root, 'apps/logto-emulator/node_modules/.bin/tsx'),
      ['src/server.ts', ...(reset ? ['--reset'] : [])],
      {
        cwd: path.join(root, 'apps/logto-emulator'),
        // Its first start registers the portal's URLs (and Vite's) on the SPA application.
        env: {
          ...env,
          EMULATOR_PORT: String(emulatorPort),
          PORTAL_PUBLIC_URL: env.PORTAL_PUBLIC_URL || `http://localhost:${portalPort}`,
        },
      },
    );
    // It listens before it seeds itself (the seed runs over HTTP); it prints its banner once both are done.
    // The first start seeds about a thousand users: allow it time.
    await waitForOutput(emulator, /ready in/, 300_000);
  } else {
    step(`Using the Logto at ${logtoEndpoint} (LOGTO_ENDPOINT): the emulator is not started`);
  }

  const tenant = readTenant();
  if (bff?.scripts?.start) {
    const spaAppId = env.LOGTO_SPA_APP_ID || tenant?.spaAppId;
    if (!spaAppId) {
      throw new Error(
        `No SPA application id: ${tenantFile} is missing or belongs to another Logto. ` +
          (useEmulator
            ? 'Run `pnpm start --reset` to seed the emulator again, or `pnpm seed:demo`.'
            : 'Run `pnpm seed:demo` against this Logto, or set LOGTO_SPA_APP_ID.'),
      );
    }
    await requireFreePort(portalPort, 'the BFF', 'PORT');
    const script = dev && bff.scripts.dev ? 'dev' : 'start';
    step(
      `Starting the BFF on http://localhost:${portalPort}${script === 'dev' ? ' (watch mode)' : ''}`,
    );
    const bffProcess = startChild('bff', 'pnpm', ['--filter', '@portal/bff', script], {
      cwd: root,
      env: {
        ...env,
        LOGTO_ENDPOINT: logtoEndpoint,
        LOGTO_M2M_APP_ID: useEmulator ? emulatorM2mApp.id : env.LOGTO_M2M_APP_ID,
        LOGTO_M2M_APP_SECRET: useEmulator ? emulatorM2mApp.secret : env.LOGTO_M2M_APP_SECRET,
        LOGTO_SPA_APP_ID: spaAppId,
        PORTAL_API_RESOURCE:
          env.PORTAL_API_RESOURCE || tenant?.portalApiResource || 'https://portal.example/api',
        PORTAL_PUBLIC_URL: portalUrl,
        PORT: String(portalPort),
      },
    });
    // Any HTTP answer means it is listening (/healthz may not exist yet).
    await waitForHttp(`http://localhost:${portalPort}/healthz`, bffProcess, 60_000, () => true);
  }

  const viteRuns = dev && web?.scripts?.dev && existsSync(path.join(root, 'apps/web/src'));
  if (viteRuns) {
    step(`Starting Vite on ${viteUrl}`);
    const vite = startChild('web', 'pnpm', ['--filter', '@portal/web', 'dev'], { cwd: root, env });
    await waitForHttp(viteUrl, vite, 60_000, () => true);
  }

  printBanner({ tenant, bffRuns: Boolean(bff?.scripts?.start), viteRuns });
}

function printBanner({ tenant, bffRuns, viteRuns }) {
  const lines = ['', '  ✓ Organization admin portal'];
  if (bffRuns)
    lines.push(`    Portal:          ${viteRuns ? viteUrl : `http://localhost:${portalPort}`}`);
  else lines.push('    Portal:          not started (apps/bff has no start script yet)');
  if (viteRuns) lines.push(`    BFF:             http://localhost:${portalPort}`);
  if (useEmulator) {
    lines.push(
      `    Logto emulator:  ${emulatorUrl}  (dev mailbox: ${emulatorUrl}/_emulator/mailbox)`,
    );
    lines.push(`    Data:            ${emulatorDataDir}  (pnpm start --reset starts afresh)`);
  } else {
    lines.push(`    Logto:           ${logtoEndpoint}`);
  }
  if (tenant?.demoAccounts.length) {
    lines.push('', '  Demo accounts (email / password):');
    const width = Math.max(
      ...tenant.demoAccounts.map(({ email, password }) => `${email} / ${password}`.length),
    );
    for (const { email, password, description } of tenant.demoAccounts) {
      lines.push(`    ${`${email} / ${password}`.padEnd(width)}  ${description}`);
    }
  }
  lines.push('', '  Ctrl-C stops everything.', '');
  console.log(lines.join('\n'));
}

// ── helpers ──────────────────────────────────────────────────────────────────────────────────────

function readPackage(relativeDir) {
  const file = path.join(root, relativeDir, 'package.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/** True when apps/web/dist is missing or older than a source it is built from. */
function webBuildIsStale() {
  const built = path.join(root, 'apps/web/dist/index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const sources = [
    'apps/web/src',
    'apps/web/public',
    'apps/web/index.html',
    'apps/web/vite.config.ts',
    'apps/web/package.json',
    'packages/shared/src',
  ];
  return sources.some((source) => newestChange(path.join(root, source)) > builtAt);
}

function newestChange(file) {
  if (!existsSync(file)) return 0;
  const stats = statSync(file);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(
    stats.mtimeMs,
    ...readdirSync(file).map((entry) => newestChange(path.join(file, entry))),
  );
}

/** The demo seed's record (.data/tenant.json), if it describes the Logto in use. */
function readTenant() {
  if (!existsSync(tenantFile)) return undefined;
  try {
    const tenant = JSON.parse(readFileSync(tenantFile, 'utf8'));
    const sameLogto = useEmulator
      ? isEmulatorUrl(tenant.logtoEndpoint)
      : tenant.logtoEndpoint === logtoEndpoint;
    return sameLogto ? tenant : undefined;
  } catch {
    return undefined;
  }
}

function isEmulatorUrl(url) {
  try {
    const { hostname, port, protocol } = new URL(url);
    return (
      protocol === 'http:' &&
      ['localhost', '127.0.0.1', '[::1]'].includes(hostname) &&
      Number(port) === emulatorPort
    );
  } catch {
    return false;
  }
}

function step(message) {
  console.log(`\n▸ ${message}`);
}

/** Runs a command to completion with inherited output; rejects when it fails. */
function runToCompletion(command, commandArgs) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(
            new Error(`${command} ${commandArgs.join(' ')} failed (${signal ?? `exit ${code}`})`),
          ),
    );
  });
}

/**
 * Starts a long-running child in its own process group (so that stopping it also stops what it spawned:
 * pnpm → tsx → node), prefixing its output with its name. If it exits while we are not stopping, the
 * whole stack stops: a portal without its Logto is no use.
 */
function startChild(name, command, commandArgs, options) {
  const child = spawn(command, commandArgs, {
    ...options,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const prefix = `[${name}] `;
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      // Once stopping, children's complaints about being stopped are noise.
      if (stopping) return;
      for (const line of lines)
        (stream === child.stderr ? process.stderr : process.stdout).write(`${prefix}${line}\n`);
    });
  }
  child.on('error', (error) => {
    console.error(`${prefix}cannot start ${command}: ${error.message}`);
    void stopAll(1);
  });
  child.on('exit', (code, signal) => {
    const index = running.findIndex((entry) => entry.child === child);
    if (index !== -1) running.splice(index, 1);
    if (!stopping) {
      console.error(`\n✗ ${name} stopped (${signal ?? `exit code ${code}`}); stopping the rest.`);
      void stopAll(1);
    }
  });
  running.push({ name, child });
  return child;
}

/** Stops every child's process group (TERM, then KILL after 5 s) and exits. */
async function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  const signalGroup = (child, signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  for (const { child } of running) signalGroup(child, 'SIGTERM');
  const deadline = Date.now() + 5000;
  while (
    running.some(({ child }) => child.exitCode === null && child.signalCode === null) &&
    Date.now() < deadline
  ) {
    await sleep(100);
  }
  for (const { child } of running) signalGroup(child, 'SIGKILL');
  process.exit(exitCode);
}

async function waitForHttp(url, child, timeoutMs, isReady) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${url} never answered: the process exited`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (isReady(response.status)) return;
    } catch {
      // Not listening yet.
    }
    await sleep(300);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** Resolves when the child prints a line matching `pattern`; rejects if it exits first or time runs out. */
function waitForOutput(child, pattern, timeoutMs) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => finish(new Error(`no "${pattern.source}" after ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    const onData = (chunk) => {
      seen = (seen + chunk).slice(-10_000);
      if (pattern.test(seen)) finish();
    };
    const onExit = () => finish(new Error('the process exited before it was ready'));
    function finish(error) {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    }
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });
}

async function requireFreePort(port, what, variable) {
  const inUse = await new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
  if (inUse) {
    throw new Error(
      `Port ${port} is already in use, so ${what} cannot start there. Is the portal already running? Stop it, or set ${variable}.`,
    );
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

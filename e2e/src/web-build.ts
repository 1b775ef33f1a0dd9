import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

import { productionBuildEnvironment, repoRoot } from './env.js';

export const webDistDir = path.join(repoRoot, 'apps/web/dist');

/** Everything `vite build` reads: a newer file than dist/index.html means the build is stale. */
const webSources = [
  'apps/web/src',
  'apps/web/public',
  'apps/web/index.html',
  'apps/web/vite.config.ts',
  'packages/shared/src',
];

async function newestModification(target: string): Promise<number> {
  const info = await stat(target).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(target);
  const times = await Promise.all(
    entries.map((entry) => newestModification(path.join(target, entry))),
  );
  return Math.max(info.mtimeMs, ...times);
}

export async function webBuildIsStale(): Promise<boolean> {
  const built = await stat(path.join(webDistDir, 'index.html')).catch(() => undefined);
  if (!built) return true;
  const sources = await Promise.all(
    webSources.map((source) => newestModification(path.join(repoRoot, source))),
  );
  return Math.max(...sources) > built.mtimeMs;
}

/** `pnpm --filter @portal/web build`, with its output shown only when it fails. */
export async function buildWeb(): Promise<void> {
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('pnpm', ['--filter', '@portal/web', 'build'], {
      cwd: repoRoot,
      env: productionBuildEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0)
    throw new Error(`Building the web app failed (exit ${code}):\n${output.join('')}`);
}

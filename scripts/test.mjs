#!/usr/bin/env node
// `pnpm test`: everything CI runs, in order, stopping at the first failure, then a summary table.
// Plain Node, no dependencies: it must work right after `pnpm install`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const steps = [
  { name: 'lint', script: 'lint' },
  { name: 'typecheck', script: 'typecheck' },
  { name: 'unit + integration', script: 'test:unit' },
  { name: 'conformance', script: 'test:conformance' },
  { name: 'e2e', script: 'test:e2e' },
];

let current;
// Ctrl-C reaches the running step through the terminal's process group; a SIGTERM (CI timeout) only us.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => current?.kill('SIGTERM'));

/** Runs `pnpm <script>` with inherited output; resolves to its exit code (a signal counts as failure). */
function runScript(script) {
  return new Promise((resolve) => {
    current = spawn('pnpm', ['run', script], { cwd: root, stdio: 'inherit' });
    current.on('error', (error) => {
      console.error(`Cannot run pnpm: ${error.message}`);
      resolve(1);
    });
    current.on('exit', (code, signal) => {
      current = undefined;
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

const formatDuration = (ms) =>
  ms < 60_000
    ? `${(ms / 1000).toFixed(1)} s`
    : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;

const results = [];
let failed = false;
for (const step of steps) {
  if (failed) {
    results.push({ ...step, outcome: 'skipped', duration: '' });
    continue;
  }
  console.log(`\n━━ ${step.name}: pnpm ${step.script}\n`);
  const started = performance.now();
  const code = await runScript(step.script);
  const duration = formatDuration(performance.now() - started);
  failed = code !== 0;
  results.push({ ...step, outcome: failed ? `FAILED (exit ${code})` : 'passed', duration });
}

const nameWidth = Math.max(...results.map(({ name, script }) => `${name} (pnpm ${script})`.length));
const outcomeWidth = Math.max(...results.map(({ outcome }) => outcome.length));
console.log('\n━━ Summary\n');
for (const { name, script, outcome, duration } of results) {
  console.log(
    `  ${`${name} (pnpm ${script})`.padEnd(nameWidth)}  ${outcome.padEnd(outcomeWidth)}  ${duration}`,
  );
}
const passedCount = results.filter(({ outcome }) => outcome === 'passed').length;
const failedCount = results.filter(({ outcome }) => outcome.startsWith('FAILED')).length;
const skippedCount = results.length - passedCount - failedCount;
if (skippedCount > 0) console.log(`\n  ${skippedCount} skipped after the first failure`);
console.log(`\n${passedCount} passed, ${failedCount} failed`);
process.exitCode = failedCount > 0 ? 1 : 0;

import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

// Configuration comes from conformance/env.ts, read once by the global setup: nothing here reads the environment.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['conformance/**/*.test.ts'],
    globalSetup: ['conformance/global-setup.ts'],
    // The in-process emulator is the bottleneck on 2 cores: one worker is faster than several (the files
    // are parallel-safe, so `--maxWorkers` may be raised against a real Logto).
    maxWorkers: 1,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

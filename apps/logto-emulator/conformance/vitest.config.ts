import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

// Configuration comes from conformance/env.ts, read once by the global setup: nothing here reads the environment.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['conformance/**/*.test.ts'],
    globalSetup: ['conformance/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

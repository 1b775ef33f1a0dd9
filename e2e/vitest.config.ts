import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.e2e.ts'],
    globalSetup: ['src/global-setup.ts'],
    // One browser, one stack: files run one after another.
    fileParallelism: false,
    testTimeout: 60_000,
    // Building the SPA and seeding the tenant happen in the global setup.
    hookTimeout: 240_000,
  },
});

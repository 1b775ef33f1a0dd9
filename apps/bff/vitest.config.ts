import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Most files drive a real emulator, PGlite and the BFF over HTTP in one worker: a test of a dozen
    // round trips takes ~1 s here and several times that on a loaded 2-core CI machine, so vitest's
    // 5 s default would fail tests that are merely slow. Timing-sensitive tests set their own bounds.
    testTimeout: 30_000,
    // Starting an emulator and seeding the demo tenant (files pass 120 s to their own `beforeAll`).
    hookTimeout: 60_000,
  },
});

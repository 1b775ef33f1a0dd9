import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The emulator depends on this package (its first start runs the seed), so this package cannot depend on
    // it back without a cycle; its tests reach the emulator's source directly (see tsconfig.json `paths`).
    alias: {
      '@portal/logto-emulator': fileURLToPath(
        new URL('../../apps/logto-emulator/src/index.ts', import.meta.url),
      ),
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    // The demo seed (a thousand users) runs in `beforeAll`.
    hookTimeout: 120_000,
  },
});

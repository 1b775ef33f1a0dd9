import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

// Logto's own organization API integration tests, rewritten against our fetch client. Same target
// resolution as the conformance suite (conformance/target.ts): a fresh emulator, or a real Logto when
// LOGTO_ENDPOINT and the M2M credentials are set.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['logto-integration/**/*.test.ts'],
    globalSetup: ['logto-integration/global-setup.ts'],
    // One worker: the invitation files list every invitation of the tenant (as Logto's do), so no other
    // file may create invitations at the same time; and the in-process emulator is faster on one.
    maxWorkers: 1,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

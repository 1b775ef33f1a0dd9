import { createConfig } from '@portal/eslint-config';

export default createConfig({
  tsconfigRootDir: import.meta.dirname,
  envFiles: ['src/env.ts', 'conformance/env.ts'],
});

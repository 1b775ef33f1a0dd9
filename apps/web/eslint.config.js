import { createConfig } from '@portal/eslint-config';

export default createConfig({ tsconfigRootDir: import.meta.dirname });

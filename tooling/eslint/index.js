// Shared flat config: type-checked typescript-eslint, `any` banned, process.env only in env modules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * @param {{ tsconfigRootDir: string, envFiles?: string[], ignores?: string[] }} options
 */
export function createConfig({ tsconfigRootDir, envFiles = ['src/env.ts'], ignores = [] }) {
  return tseslint.config(
    { ignores: ['dist/**', 'coverage/**', '**/*.config.*', ...ignores] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir },
      },
      rules: {
        '@typescript-eslint/no-explicit-any': 'error',
        '@typescript-eslint/consistent-type-imports': 'error',
        '@typescript-eslint/no-unused-vars': [
          'error',
          { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
        ],
        '@typescript-eslint/only-throw-error': 'error',
        'no-restricted-properties': [
          'error',
          {
            object: 'process',
            property: 'env',
            message: 'Read configuration through the app env module (src/env.ts) only.',
          },
        ],
      },
    },
    {
      files: envFiles,
      rules: { 'no-restricted-properties': 'off' },
    },
    {
      files: ['**/*.test.ts', '**/*.test.tsx', '**/test/**'],
      rules: {
        '@typescript-eslint/no-non-null-assertion': 'off',
        '@typescript-eslint/no-unsafe-member-access': 'off',
        '@typescript-eslint/no-unsafe-assignment': 'off',
      },
    },
  );
}

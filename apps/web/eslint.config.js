import { createConfig } from '@portal/eslint-config';

/**
 * Code flows one way (bulletproof-react): shared (components, lib) → features → app. A feature may
 * use another feature's query key factory (to invalidate its data after a change), nothing else of it.
 */
const crossFeature = {
  regex: String.raw`^\.\./\.\./(?!\.\.)[^/]+/(?!api/[\w-]+-keys\.js$)`,
  message:
    'Features do not import each other (only another feature’s api/*-keys.js); compose them in src/app.',
};

export default [
  ...createConfig({ tsconfigRootDir: import.meta.dirname }),
  {
    files: ['src/components/**', 'src/lib/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: String.raw`/features/`, message: 'Shared code does not depend on features.' },
            { regex: String.raw`/app/`, message: 'Shared code does not depend on the app.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/features/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            crossFeature,
            { regex: String.raw`/app/`, message: 'Features do not depend on the app.' },
          ],
        },
      ],
    },
  },
];

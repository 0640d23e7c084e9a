// One lint setup for the workspace: typescript-eslint's recommended rules, file-size limits,
// and the package boundaries from DESIGN.md (the engine stays pure; nobody deep-imports).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const deepImports = {
  group: ['@flowline/*/src/*', '@flowline/*/src/**'],
  message: 'Import a package through its public entry point (src/index.ts), not its internals.',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      '**/data/**',
      'runtime/src/http/api.generated.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-restricted-imports': ['error', { patterns: [deepImports] }],
      'max-lines': ['error', { max: 500, skipBlankLines: true, skipComments: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The engine is pure: no I/O, no clock, no randomness (DESIGN.md).
    files: ['engine/src/**/*.ts'],
    ignores: ['engine/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            deepImports,
            {
              group: ['node:*', 'fs', 'path', 'http', 'https', 'crypto', 'child_process'],
              message: 'engine/ does no I/O.',
            },
            {
              group: ['@flowline/runtime', '@flowline/connector-sdk', '@flowline/connectors'],
              message: 'engine/ depends on nothing of ours.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'engine/ does no I/O.' },
        { name: 'setTimeout', message: 'engine/ has no clock: time arrives in events.' },
        { name: 'setInterval', message: 'engine/ has no clock: time arrives in events.' },
        { name: 'process', message: 'engine/ reads no environment.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'engine/ has no clock: time arrives in events.' },
        { object: 'Math', property: 'random', message: 'engine/ is deterministic.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'engine/ has no clock.',
        },
        { selector: "CallExpression[callee.name='eval']", message: 'No eval, ever.' },
        { selector: "NewExpression[callee.name='Function']", message: 'No Function constructor, ever.' },
      ],
    },
  },
  {
    // The designer: the rules of hooks (order, dependencies) for its React components.
    files: ['designer/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['**/*.test.ts', '**/*.bench.ts', 'tests/**/*.ts', '**/bench/**/*.ts'],
    rules: { 'max-lines': 'off' },
  },
);

import { defineConfig } from 'vitest/config';

// One vitest project per package; cross-package scenarios live in tests/.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'engine', root: './engine', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } },
      { test: { name: 'runtime', root: './runtime', include: ['src/**/*.test.ts'] } },
      { test: { name: 'connector-sdk', root: './connectors/sdk', include: ['src/**/*.test.ts'] } },
      { test: { name: 'connectors', root: './connectors/builtin', include: ['src/**/*.test.ts'] } },
      {
        test: {
          name: 'examples',
          root: './examples',
          include: ['**/*.test.ts'],
          exclude: ['**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'e2e',
          root: './tests',
          include: ['**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

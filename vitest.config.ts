import { existsSync, readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// The built-ins and every connector made with `pnpm create-connector` (connectors/<name>/src).
const connectorDirs = readdirSync('connectors', { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'sdk' && existsSync(`connectors/${d.name}/src`))
  .map((d) => d.name);

// Generous timeouts: CI runs on a loaded 2-core machine, and tests check behaviour, never speed.
const shared = { testTimeout: 30_000, hookTimeout: 60_000 };

// One vitest project per package; cross-package scenarios live in tests/.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'engine',
          root: './engine',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        },
      },
      { test: { ...shared, name: 'runtime', root: './runtime', include: ['src/**/*.test.ts'] } },
      { test: { ...shared, name: 'connector-sdk', root: './connectors/sdk', include: ['src/**/*.test.ts'] } },
      {
        test: {
          ...shared,
          name: 'connectors',
          root: './connectors',
          include: connectorDirs.map((dir) => `${dir}/src/**/*.test.ts`),
          exclude: ['**/node_modules/**'],
        },
      },
      {
        test: {
          ...shared,
          name: 'examples',
          root: './examples',
          include: ['**/*.test.ts'],
          exclude: ['**/node_modules/**'],
        },
      },
      // The designer's headless model (designer/src/model): plain modules, no DOM.
      {
        test: {
          ...shared,
          name: 'designer',
          root: './designer',
          include: ['src/**/*.test.ts'],
          environment: 'node',
          // Edits that rewrite expressions need the parser the browser loads on first use.
          setupFiles: ['./src/model/testing/loadExpressionParser.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          root: './tests',
          include: ['**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          // Real runtime processes: one file at a time keeps the 2 cores for the system under test.
          fileParallelism: false,
        },
      },
    ],
  },
});

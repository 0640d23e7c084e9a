import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RUNTIME_NODE_FLAGS } from './processFlags';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('the runtime process heap settings', () => {
  it('are what `pnpm start` and the container command pass to node, which both run the bundle', () => {
    const start = (JSON.parse(read('../../package.json')) as { scripts: Record<string, string> }).scripts[
      'start'
    ];
    const command = /^CMD \[(.*)\]$/m.exec(read('../../Dockerfile'))?.[1] ?? '';
    for (const flag of RUNTIME_NODE_FLAGS) {
      expect(start).toContain(
        `node --enable-source-maps ${RUNTIME_NODE_FLAGS.join(' ')} runtime/dist/main.mjs`,
      );
      expect(command).toContain(`"${flag}"`);
    }
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mongoDriver } from './driver';

const SRC = fileURLToPath(new URL('..', import.meta.url));

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });

describe('the MongoDB driver', () => {
  it('is loaded only by driver.ts, on first use: loading the built-in connectors does not load it', () => {
    // A value import anywhere here would load the driver (about 20 MB) into every runtime.
    const eager = sources(SRC).filter((path) =>
      /^import\s+(?!type\b)[^;]*from\s+'mongodb'/m.test(readFileSync(path, 'utf8')),
    );
    expect(eager.map((path) => path.slice(SRC.length))).toEqual([]);
  });

  it('loads once', async () => {
    const first = mongoDriver();
    expect(mongoDriver()).toBe(first);
    expect(typeof (await first).MongoClient).toBe('function');
  });
});

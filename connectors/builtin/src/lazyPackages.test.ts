import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('.', import.meta.url));

/** Packages each connector loads on first use: importing them cost every runtime process RSS. */
const LAZY = ['mongodb', 'nodemailer'];

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });

describe('heavy client packages of the built-in connectors', () => {
  it.each(LAZY)('%s is only imported on first use, never by loading the connectors', (name) => {
    const eager = new RegExp(`^import\\s+(?!type\\b)[^;]*from\\s+'${name}'`, 'm');
    const found = sources(SRC).filter((path) => eager.test(readFileSync(path, 'utf8')));
    expect(found.map((path) => path.slice(SRC.length))).toEqual([]);
  });
});

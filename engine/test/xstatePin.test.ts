import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** Every package.json of the workspace (the packages listed in pnpm-workspace.yaml, one level of globs). */
function workspaceManifests(): string[] {
  const listed = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')
    .split('\n')
    .map((line) => /^\s+-\s+(\S+)\s*$/.exec(line)?.[1])
    .filter((entry): entry is string => entry !== undefined);
  const dirs = listed.flatMap((entry) =>
    entry.endsWith('/*')
      ? readdirSync(join(root, entry.slice(0, -2)), { withFileTypes: true })
          .filter((d) => d.isDirectory() && d.name !== 'node_modules')
          .map((d) => join(entry.slice(0, -2), d.name))
      : [entry],
  );
  return [join(root, 'package.json'), ...dirs.map((dir) => join(root, dir, 'package.json'))];
}

describe('xstate version', () => {
  // compile/step.ts drives XState through its own actor scope (semi-internal API): an upgrade
  // must be a deliberate change, checked by test/properties/fastPath.prop.test.ts.
  it('is pinned exactly wherever a package names it', () => {
    const named: [string, string][] = [];
    for (const file of workspaceManifests()) {
      let manifest: Record<string, Record<string, string> | undefined>;
      try {
        manifest = JSON.parse(readFileSync(file, 'utf8')) as typeof manifest;
      } catch {
        continue;
      }
      for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
        const version = manifest[field]?.['xstate'];
        if (version !== undefined) named.push([file.slice(root.length + 1), version]);
      }
    }
    expect(named.length).toBeGreaterThan(0);
    for (const [file, version] of named) expect(version, file).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

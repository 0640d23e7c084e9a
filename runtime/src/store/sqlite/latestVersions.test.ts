import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../port';
import { createSqliteStore } from './sqliteStore';

const version = (workflowId: string, n: number) => ({
  workflowId,
  version: n,
  definition: { id: workflowId },
  publishedAt: n,
  publishedBy: 'test',
});

describe('the latest version number, remembered per connection', () => {
  const opened: Store[] = [];
  let directory: string | undefined;
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    if (directory) rmSync(directory, { recursive: true, force: true });
  });
  const open = async (path: string) => {
    const store = await createSqliteStore({ path });
    opened.push(store);
    return store;
  };

  it('follows this store’s own publishes', async () => {
    directory = mkdtempSync(join(tmpdir(), 'flowline-latest-'));
    const store = await open(join(directory, 'one.db'));
    expect(await store.getLatestVersionNumber('w')).toBeNull();
    await store.publishVersion(version('w', 1));
    expect(await store.getLatestVersionNumber('w')).toBe(1);
    await store.publishVersion(version('w', 2));
    expect(await store.getLatestVersionNumber('w')).toBe(2);
    expect(await store.getLatestVersionNumber('other')).toBeNull();
  });

  it('sees a version another connection to the same file published (another process, another replica)', async () => {
    directory = mkdtempSync(join(tmpdir(), 'flowline-latest-'));
    const path = join(directory, 'shared.db');
    const here = await open(path);
    const there = await open(path);
    await here.publishVersion(version('w', 1));
    expect(await here.getLatestVersionNumber('w')).toBe(1);
    expect(await there.getLatestVersionNumber('w')).toBe(1);
    await there.publishVersion(version('w', 2));
    expect(await here.getLatestVersionNumber('w')).toBe(2);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore, type InstanceStatus, type Store } from '../store';
import { anInstance } from '../store/testing';

/** Test aid: a fresh SQLite store in a temporary directory, and ended instances to prune. */
export async function openTestStore(): Promise<{
  store: Store;
  directory: string;
  cleanup: () => Promise<void>;
}> {
  const directory = await mkdtemp(join(tmpdir(), 'flowline-retention-'));
  const store = await createSqliteStore({ path: join(directory, 'flowline.db') });
  return {
    store,
    directory,
    async cleanup() {
      await store.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** Stores an instance that ended (or not: 'running') at `at`, with `entries` history entries. */
export async function storeInstance(
  store: Store,
  id: string,
  at: number,
  options: { workflowId?: string; status?: InstanceStatus; entries?: number } = {},
): Promise<void> {
  const status = options.status ?? 'completed';
  await store.createInstance(
    anInstance({
      id,
      workflowId: options.workflowId ?? 'access-request',
      status,
      currentNodes: status === 'running' ? ['approve'] : [],
      createdAt: at,
      updatedAt: at,
    }),
    {
      history: Array.from({ length: options.entries ?? 3 }, (_, n) => ({
        at,
        type: 'step',
        nodeId: `node-${n}`,
        data: { n },
      })),
    },
  );
}

import { z } from 'zod';
import { HistoryEntrySchema, InstanceSchema, TaskSchema, type Store } from '../store';

/**
 * One line of an archive file (JSON Lines): an instance as it was when removed, with its whole
 * history (hash-chained, verifiable offline) and its tasks (who decided what, when).
 */
export const ArchiveRecordSchema = z.object({
  kind: z.literal('flowline.instance'),
  formatVersion: z.literal(1),
  archivedAt: z.number().int(),
  /** The policy that removed it: 'global' or the workflow id. */
  policy: z.string(),
  instance: InstanceSchema,
  history: z.array(HistoryEntrySchema),
  tasks: z.array(TaskSchema),
});
export type ArchiveRecord = z.infer<typeof ArchiveRecordSchema>;

const TASK_PAGE = 500;
const READ_CHUNK = 25;

/** The records of these instances, read now (an id already gone is left out). */
export async function readArchiveRecords(
  store: Store,
  ids: readonly string[],
  meta: { policy: string; archivedAt: number },
): Promise<ArchiveRecord[]> {
  const records: ArchiveRecord[] = [];
  for (let from = 0; from < ids.length; from += READ_CHUNK) {
    // An embedded store reads synchronously: a turn of the event loop between chunks keeps a batch
    // of reads from holding it.
    if (from > 0) await new Promise((resolve) => setImmediate(resolve));
    const chunk = await Promise.all(
      ids.slice(from, from + READ_CHUNK).map(async (id): Promise<ArchiveRecord | undefined> => {
        const instance = await store.getInstance(id);
        if (!instance) return undefined;
        const [history, tasks] = await Promise.all([store.readHistory(id), tasksOf(store, id)]);
        return { kind: 'flowline.instance', formatVersion: 1, ...meta, instance, history, tasks };
      }),
    );
    records.push(...chunk.filter((record): record is ArchiveRecord => record !== undefined));
  }
  return records;
}

async function tasksOf(store: Store, instanceId: string) {
  const tasks = [];
  let cursor: string | undefined;
  do {
    const page = await store.listTasks({ instanceId }, { limit: TASK_PAGE, ...(cursor ? { cursor } : {}) });
    tasks.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return tasks;
}

import type { ChangeFeedStore } from '../port';
import type { Assignee } from '../schemas/task';
import type { Change, InstanceChangeKind, TaskChangeKind } from '../schemas/change';
import type { InstanceStatus } from '../schemas/instance';
import type { SqlDatabase } from './database';
import { int, json, text, toJsonText } from './rows';
import type { Writes } from './writeQueue';

type NewChange = Change extends infer C ? (C extends Change ? Omit<C, 'seq'> : never) : never;

// Row operations inside an open write transaction: each change is recorded with the write it tells of.

export function recordChange(db: SqlDatabase, change: NewChange): void {
  db.run('INSERT INTO changes (data) VALUES (:data)', { data: toJsonText(change) });
}

export function recordInstanceChange(
  db: SqlDatabase,
  kind: InstanceChangeKind,
  instance: { id: string; workflowId: string; status: InstanceStatus; startedBy?: string | undefined },
): void {
  recordChange(db, {
    type: 'instance',
    kind,
    instanceId: instance.id,
    workflowId: instance.workflowId,
    status: instance.status,
    ...(instance.startedBy !== undefined ? { startedBy: instance.startedBy } : {}),
  });
}

/** Records a change of the task as it is stored now (its workflow read from its instance). */
export function recordTaskChange(
  db: SqlDatabase,
  kind: TaskChangeKind,
  taskId: string,
  also: readonly Assignee[] = [],
): void {
  const row = db.get(
    `SELECT t.instance_id, t.title, t.assignee_type, t.assignee_id, coalesce(i.workflow_id, '') AS workflow_id
     FROM tasks t LEFT JOIN instances i ON i.id = t.instance_id WHERE t.id = :taskId`,
    { taskId },
  );
  if (!row) return;
  const assignee = { type: text(row, 'assignee_type') as Assignee['type'], id: text(row, 'assignee_id') };
  recordChange(db, {
    type: 'task',
    kind,
    taskId,
    instanceId: text(row, 'instance_id'),
    workflowId: text(row, 'workflow_id'),
    title: text(row, 'title'),
    assignees: [assignee, ...also],
  });
}

export function sqliteChanges(db: SqlDatabase, writes: Writes): ChangeFeedStore {
  return {
    async readChanges(afterSeq, limit) {
      return db
        .all('SELECT seq, data FROM changes WHERE seq > :afterSeq ORDER BY seq LIMIT :limit', {
          afterSeq,
          limit,
        })
        .map((row) => ({ ...json<NewChange>(row, 'data'), seq: int(row, 'seq') }) as Change);
    },

    async changeFeedBounds() {
      const row = db.get(
        `SELECT coalesce(min(seq), 0) AS oldest,
           max(coalesce(max(seq), 0), coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0)) AS latest
         FROM changes`,
      );
      return { oldest: row ? int(row, 'oldest') : 0, latest: row ? int(row, 'latest') : 0 };
    },

    async pruneChanges(keep) {
      return writes.run(() =>
        db.run(`DELETE FROM changes WHERE seq <= (SELECT coalesce(max(seq), 0) FROM changes) - :keep`, {
          keep: Math.max(0, keep),
        }),
      );
    },
  };
}

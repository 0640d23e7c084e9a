import { decodeCursor, toPage } from '../pageCursor';
import type { TaskStore } from '../port';
import type { Json } from '../schemas/common';
import type {
  Assignee,
  Delegation,
  NewTask,
  Task,
  TaskChangeResult,
  TaskDecision,
  TaskFilter,
  TaskStatus,
} from '../schemas/task';
import type { Row, SqlDatabase, SqlValue } from './database';
import { recordTaskChange } from './changes';
import { bool, int, json, optional, text, toJsonText } from './rows';
import type { Writes } from './writeQueue';

const toTask = (row: Row): Task => ({
  id: text(row, 'id'),
  instanceId: text(row, 'instance_id'),
  nodeId: text(row, 'node_id'),
  slot: text(row, 'slot'),
  assignee: { type: text(row, 'assignee_type') as Assignee['type'], id: text(row, 'assignee_id') },
  title: text(row, 'title'),
  form: json<Json>(row, 'form'),
  outcomes: json<string[]>(row, 'outcomes'),
  allowDelegation: bool(row, 'allow_delegation'),
  ...optional('dueAt', row, 'due_at', int),
  status: text(row, 'status') as TaskStatus,
  ...optional('decision', row, 'decision', json<TaskDecision>),
  ...optional('delegatedFrom', row, 'delegated_from', json<Assignee>),
  createdAt: int(row, 'created_at'),
});

function filterClause(filter: TaskFilter): { where: string[]; params: Record<string, SqlValue> } {
  const where: string[] = [];
  const params: Record<string, SqlValue> = {};
  const mine: string[] = [];
  if (filter.assigneeUserId !== undefined) {
    mine.push(`(assignee_type = 'user' AND assignee_id = :userId)`);
    params['userId'] = filter.assigneeUserId;
  }
  if (filter.groups !== undefined) {
    mine.push(`(assignee_type = 'group' AND assignee_id IN (SELECT value FROM json_each(:groups)))`);
    params['groups'] = toJsonText(filter.groups);
  }
  if (mine.length > 0) where.push(`(${mine.join(' OR ')})`);
  if (filter.status !== undefined) {
    where.push('status = :status');
    params['status'] = filter.status;
  }
  if (filter.instanceId !== undefined) {
    where.push('instance_id = :instanceId');
    params['instanceId'] = filter.instanceId;
  }
  return { where, params };
}

/** Why a compare-and-set on an open task lost, read after the failed update. */
function refusal(db: SqlDatabase, id: string, assignee?: Assignee): TaskChangeResult {
  const row = db.get('SELECT status FROM tasks WHERE id = :id', { id });
  if (!row) return { ok: false, reason: 'not_found' };
  const status = text(row, 'status');
  if (status === 'decided') return { ok: false, reason: 'already_decided' };
  if (status === 'cancelled') return { ok: false, reason: 'cancelled' };
  return { ok: false, reason: assignee ? 'assignee_changed' : 'already_decided' };
}

function changed(db: SqlDatabase, id: string): TaskChangeResult {
  const row = db.get('SELECT * FROM tasks WHERE id = :id', { id });
  return row ? { ok: true, task: toTask(row) } : { ok: false, reason: 'not_found' };
}

// Row operations inside an open write transaction, shared with step effects (effects.ts).

/** Idempotent by id; a new task is open. */
export function insertTask(db: SqlDatabase, task: NewTask): boolean {
  const inserted =
    db.run(
      `INSERT INTO tasks (id, instance_id, node_id, slot, assignee_type, assignee_id, title, form, outcomes,
           allow_delegation, due_at, status, created_at, workflow_id, version)
         SELECT :id, :instanceId, :nodeId, :slot, :assigneeType, :assigneeId, :title, :form, :outcomes,
           :allowDelegation, :dueAt, 'open', :createdAt, i.workflow_id, i.version
         FROM (SELECT 1) LEFT JOIN instances i ON i.id = :instanceId
         WHERE true
         ON CONFLICT (id) DO NOTHING`,
      {
        id: task.id,
        instanceId: task.instanceId,
        nodeId: task.nodeId,
        slot: task.slot,
        assigneeType: task.assignee.type,
        assigneeId: task.assignee.id,
        title: task.title,
        form: toJsonText(task.form),
        outcomes: toJsonText(task.outcomes),
        allowDelegation: task.allowDelegation ? 1 : 0,
        dueAt: task.dueAt ?? null,
        createdAt: task.createdAt,
      },
    ) > 0;
  if (inserted) recordTaskChange(db, 'created', task.id);
  return inserted;
}

/** Compare-and-set on 'open'. */
export function decideTaskRow(db: SqlDatabase, id: string, decision: TaskDecision): boolean {
  const decided =
    db.run(
      `UPDATE tasks SET status = 'decided', decision = :decision, closed_at = :at WHERE id = :id AND status = 'open'`,
      { id, decision: toJsonText(decision), at: decision.at },
    ) > 0;
  if (decided) recordTaskChange(db, 'decided', id);
  return decided;
}

/** Compare-and-set on 'open' and on the assignee still being `from`. */
export function delegateTaskRow(db: SqlDatabase, id: string, { from, to }: Delegation): boolean {
  const delegated =
    db.run(
      `UPDATE tasks SET assignee_type = :toType, assignee_id = :toId, delegated_from = :from
       WHERE id = :id AND status = 'open' AND assignee_type = :fromType AND assignee_id = :fromId`,
      { id, toType: to.type, toId: to.id, fromType: from.type, fromId: from.id, from: toJsonText(from) },
    ) > 0;
  // The one it came from hears of it too: the task leaves their inbox.
  if (delegated) recordTaskChange(db, 'delegated', id, [from]);
  return delegated;
}

export function cancelTaskRows(db: SqlDatabase, instanceId: string, nodeId?: string, at?: number): number {
  const params = { instanceId, nodeId: nodeId ?? null };
  const open = db
    .all(
      `SELECT id FROM tasks
       WHERE instance_id = :instanceId AND (:nodeId IS NULL OR node_id = :nodeId) AND status = 'open'`,
      params,
    )
    .map((row) => text(row, 'id'));
  if (open.length === 0) return 0;
  const cancelled = db.run(
    `UPDATE tasks SET status = 'cancelled', closed_at = :at
     WHERE instance_id = :instanceId AND (:nodeId IS NULL OR node_id = :nodeId) AND status = 'open'`,
    { ...params, at: at ?? null },
  );
  for (const id of open) recordTaskChange(db, 'cancelled', id);
  return cancelled;
}

export function sqliteTasks(db: SqlDatabase, writes: Writes): TaskStore {
  return {
    async createTask(task) {
      return writes.run(() => insertTask(db, task));
    },

    async getTask(id) {
      const row = db.get('SELECT * FROM tasks WHERE id = :id', { id });
      return row ? toTask(row) : null;
    },

    async listTasks(filter, { limit, cursor }) {
      const { where, params } = filterClause(filter);
      if (cursor !== undefined) {
        const key = decodeCursor(cursor);
        where.push('(created_at, id) > (:cursorAt, :cursorId)');
        params['cursorAt'] = key.at;
        params['cursorId'] = key.id;
      }
      const rows = db.all(
        `SELECT * FROM tasks ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY created_at, id LIMIT :limit`,
        { ...params, limit: limit + 1 },
      );
      return toPage(rows.map(toTask), limit, (task) => ({ at: task.createdAt, id: task.id }));
    },

    async decideTask(id, decision) {
      return writes.run(() => (decideTaskRow(db, id, decision) ? changed(db, id) : refusal(db, id)));
    },

    async delegateTask(id, delegation) {
      return writes.run(() =>
        delegateTaskRow(db, id, delegation) ? changed(db, id) : refusal(db, id, delegation.from),
      );
    },

    async cancelTasks(instanceId, nodeId, at) {
      return writes.run(() => cancelTaskRows(db, instanceId, nodeId, at));
    },
  };
}

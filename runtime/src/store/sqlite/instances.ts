import { StoreError } from '../errors';
import { chainHistory, emptyChainHead, rememberChainHead } from '../historyChain';
import { decodeCursor, toPage } from '../pageCursor';
import { prefixRange } from '../prefixRange';
import type { InstanceStore } from '../port';
import type { Command, Instance, InstanceFilter } from '../schemas/instance';
import { recordInstanceChange } from './changes';
import { commitSteps, endColumns } from './commitSteps';
import { isUniqueViolation } from './constraint';
import type { Row, SqlDatabase, SqlValue } from './database';
import { applyEffects } from './effects';
import {
  SUMMARY_COLUMNS,
  appendOutbox,
  insertHistory,
  readOutbox,
  insertCorrelationKeys,
  toSummary,
} from './instanceRows';
import { int, json, jsonOrNull, orNull, text, toJsonText } from './rows';
import { createStepHeads, stepHeadOf } from './stepHeads';
import type { Writes } from './writeQueue';
import { takeStateText } from '../stateText';

function filterClause(filter: InstanceFilter): { where: string[]; params: Record<string, SqlValue> } {
  const where: string[] = [];
  const params: Record<string, SqlValue> = {};
  if (filter.workflowId !== undefined) {
    where.push('workflow_id = :workflowId');
    params['workflowId'] = filter.workflowId;
  }
  if (filter.status !== undefined) {
    where.push('status = :status');
    params['status'] = filter.status;
  }
  if (filter.startedBy !== undefined) {
    where.push('started_by = :startedBy');
    params['startedBy'] = filter.startedBy;
  }
  if (filter.version !== undefined) {
    where.push('version = :version');
    params['version'] = filter.version;
  }
  if (filter.createdFrom !== undefined) {
    where.push('created_at >= :createdFrom');
    params['createdFrom'] = filter.createdFrom;
  }
  if (filter.createdTo !== undefined) {
    where.push('created_at < :createdTo');
    params['createdTo'] = filter.createdTo;
  }
  if (filter.hasIncident !== undefined) {
    where.push(filter.hasIncident ? 'open_incidents > 0' : 'open_incidents = 0');
  }
  if (filter.businessKey !== undefined) {
    where.push('business_key = :businessKey');
    params['businessKey'] = filter.businessKey;
  }
  if (filter.businessKeyPrefix !== undefined) {
    // A range on the column, which its index serves (LIKE would not: it ignores case).
    const range = prefixRange(filter.businessKeyPrefix);
    where.push('business_key >= :businessKeyFrom AND business_key < :businessKeyBelow');
    params['businessKeyFrom'] = range.from;
    params['businessKeyBelow'] = range.below;
  }
  if (filter.involving !== undefined) {
    // The same rule as taskInvolves (auth/instanceScope.ts); the subquery is computed once.
    where.push(`(started_by = :involvedUser OR id IN (
      SELECT instance_id FROM tasks
      WHERE (assignee_type = 'user' AND assignee_id = :involvedUser)
        OR (assignee_type = 'group' AND assignee_id IN (SELECT value FROM json_each(:involvedGroups)))
        OR (delegated_from IS NOT NULL AND json_extract(delegated_from, '$.type') = 'user'
            AND json_extract(delegated_from, '$.id') = :involvedUser)
        OR (decision IS NOT NULL AND json_extract(decision, '$.by') = :involvedUser)))`);
    params['involvedUser'] = filter.involving.userId;
    params['involvedGroups'] = toJsonText(filter.involving.groups);
  }
  return { where, params };
}

/** countInstances' statement (exported for its query-plan test). */
export function instanceCountQuery(filter: InstanceFilter): {
  sql: string;
  params: Record<string, SqlValue>;
} {
  const { where, params } = filterClause(filter);
  return {
    sql: `SELECT count(*) AS n FROM instances ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
    params,
  };
}

/** The summary, the snapshot, and what a step reads of the row (kept as the instance's step head). */
const INSTANCE_COLUMNS = `${SUMMARY_COLUMNS}, snapshot, history_seq, history_hash`;

export function sqliteInstances(db: SqlDatabase, writes: Writes, heads = createStepHeads()): InstanceStore {
  /** An instance as read, its step head remembered: its next step then needs no read of the row. */
  const instanceOf = (row: Row, outbox: Command[]): Instance => {
    const head = stepHeadOf(row);
    heads.set(text(row, 'id'), head);
    const instance: Instance = { ...toSummary(row), snapshot: json<unknown>(row, 'snapshot'), outbox };
    rememberChainHead(instance, { seq: head.historySeq, hash: head.historyHash });
    return instance;
  };
  return {
    async createInstance(instance, { history, effects }) {
      const chained = chainHistory(instance.id, emptyChainHead(), history);
      await writes.run(() => {
        try {
          db.run(
            `INSERT INTO instances (id, workflow_id, version, status, rev, snapshot, input, outcome, output, error,
               current_nodes, correlation_keys, parent, started_by, created_at, updated_at, history_seq, history_hash, root_id,
               open_incidents, end_status, ended_at, business_key)
             VALUES (:id, :workflowId, :version, :status, :rev, :snapshot, :input, :outcome, :output, :error,
               :currentNodes, :correlationKeys, :parent, :startedBy, :createdAt, :updatedAt, :historySeq, :historyHash,
               :rootId, :openIncidents, :endStatus, :endedAt, :businessKey)`,
            {
              id: instance.id,
              workflowId: instance.workflowId,
              version: instance.version,
              status: instance.status,
              rev: instance.rev,
              snapshot: takeStateText(instance.snapshot),
              input: toJsonText(instance.input),
              outcome: orNull(instance.outcome),
              output: jsonOrNull(instance.output),
              error: jsonOrNull(instance.error),
              currentNodes: toJsonText(instance.currentNodes),
              correlationKeys: toJsonText(instance.correlationKeys),
              parent: jsonOrNull(instance.parent),
              startedBy: orNull(instance.startedBy),
              createdAt: instance.createdAt,
              updatedAt: instance.updatedAt,
              historySeq: chained.head.seq,
              historyHash: chained.head.hash,
              rootId: orNull(instance.parent?.rootId),
              openIncidents: instance.openIncidents ?? 0,
              businessKey: orNull(instance.businessKey),
              ...endColumns(instance.status, instance.updatedAt),
            },
          );
          recordInstanceChange(db, 'started', instance);
          insertCorrelationKeys(db, instance.id, instance.correlationKeys);
          appendOutbox(db, instance.id, instance.outbox);
          insertHistory(db, chained.entries);
          applyEffects(db, effects);
          heads.set(instance.id, {
            rev: instance.rev,
            historySeq: chained.head.seq,
            historyHash: chained.head.hash,
            status: instance.status,
            currentNodes: toJsonText(instance.currentNodes),
            correlationKeys: toJsonText(instance.correlationKeys),
            workflowId: instance.workflowId,
            startedBy: instance.startedBy ?? null,
          });
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          throw new StoreError('CONFLICT', `Instance ${instance.id} already exists.`, { cause: error });
        }
      });
    },

    async getInstance(id) {
      return db.snapshot(() => {
        const row = db.get(`SELECT ${INSTANCE_COLUMNS} FROM instances WHERE id = :id`, { id });
        if (!row) return null;
        return instanceOf(row, readOutbox(db, id));
      });
    },

    async getInstances(ids) {
      if (ids.length === 0) return [];
      return db.snapshot(() => {
        const wanted = { ids: toJsonText(ids) };
        const outboxes = new Map<string, Command[]>();
        for (const row of db.all(
          `SELECT instance_id, command FROM outbox
           WHERE instance_id IN (SELECT value FROM json_each(:ids)) ORDER BY position`,
          wanted,
        )) {
          const id = text(row, 'instance_id');
          outboxes.set(id, [...(outboxes.get(id) ?? []), json<Command>(row, 'command')]);
        }
        return db
          .all(
            `SELECT ${INSTANCE_COLUMNS} FROM instances WHERE id IN (SELECT value FROM json_each(:ids))`,
            wanted,
          )
          .map((row) => instanceOf(row, outboxes.get(text(row, 'id')) ?? []));
      });
    },

    async commitSteps(steps) {
      if (steps.length === 0) return [];
      return writes.run(() => commitSteps(db, steps, heads));
    },

    async listInstances(filter, { limit, cursor }) {
      const { where, params } = filterClause(filter);
      if (cursor !== undefined) {
        const key = decodeCursor(cursor);
        where.push('(created_at, id) < (:cursorAt, :cursorId)');
        params['cursorAt'] = key.at;
        params['cursorId'] = key.id;
      }
      const rows = db.all(
        `SELECT ${SUMMARY_COLUMNS} FROM instances ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY created_at DESC, id DESC LIMIT :limit`,
        { ...params, limit: limit + 1 },
      );
      return toPage(rows.map(toSummary), limit, (instance) => ({ at: instance.createdAt, id: instance.id }));
    },

    async countInstances(filter) {
      const query = instanceCountQuery(filter);
      return int(db.get(query.sql, query.params) ?? { n: 0 }, 'n');
    },

    async findInstancesByCorrelation(key) {
      return db
        .all(
          `SELECT ${SUMMARY_COLUMNS} FROM instances
           WHERE id IN (SELECT instance_id FROM instance_correlation_keys WHERE key = :key)
           ORDER BY created_at, id`,
          { key },
        )
        .map(toSummary);
    },

    async countInstancesInTree(rootId) {
      return int(
        db.get('SELECT count(*) AS n FROM instances WHERE root_id = :rootId', { rootId }) ?? { n: 0 },
        'n',
      );
    },

    async listUndispatched({ limit, updatedBefore }) {
      const ids = db
        .all(
          `SELECT o.instance_id FROM outbox o JOIN instances i ON i.id = o.instance_id
           WHERE :updatedBefore IS NULL OR i.updated_at < :updatedBefore
           GROUP BY o.instance_id ORDER BY min(o.position) LIMIT :limit`,
          { limit, updatedBefore: updatedBefore ?? null },
        )
        .map((row) => text(row, 'instance_id'));
      return ids.map((instanceId) => ({ instanceId, commands: readOutbox(db, instanceId) }));
    },

    async markDispatched(instanceId, commandIds) {
      await writes.run(() =>
        db.run(
          `DELETE FROM outbox WHERE instance_id = :instanceId
             AND command_id IN (SELECT value FROM json_each(:commandIds))`,
          { instanceId, commandIds: toJsonText(commandIds) },
        ),
      );
    },
  };
}

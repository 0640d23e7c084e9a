import type { HistoryEntry } from '../schemas/history';
import type { Command, Instance, InstanceError, InstanceStatus, InstanceSummary } from '../schemas/instance';
import type { Json } from '../schemas/common';
import type { Row, SqlDatabase } from './database';
import { int, json, optional, text, toJsonText } from './rows';

/** Every instance column except the snapshot, which listings never need. */
export const SUMMARY_COLUMNS = `id, workflow_id, version, status, rev, input, outcome, output, error,
  current_nodes, correlation_keys, parent, started_by, created_at, updated_at, open_incidents, business_key`;

export const toSummary = (row: Row): InstanceSummary => ({
  id: text(row, 'id'),
  workflowId: text(row, 'workflow_id'),
  version: int(row, 'version'),
  status: text(row, 'status') as InstanceStatus,
  rev: int(row, 'rev'),
  input: json<Json>(row, 'input'),
  ...optional('outcome', row, 'outcome', text),
  ...optional('output', row, 'output', json<Json>),
  ...optional('error', row, 'error', json<InstanceError>),
  currentNodes: json<string[]>(row, 'current_nodes'),
  correlationKeys: json<string[]>(row, 'correlation_keys'),
  ...(int(row, 'open_incidents') > 0 ? { openIncidents: int(row, 'open_incidents') } : {}),
  ...optional('parent', row, 'parent', json<NonNullable<Instance['parent']>>),
  ...optional('startedBy', row, 'started_by', text),
  ...optional('businessKey', row, 'business_key', text),
  createdAt: int(row, 'created_at'),
  updatedAt: int(row, 'updated_at'),
});

export function readOutbox(db: SqlDatabase, instanceId: string): Command[] {
  return db
    .all('SELECT command FROM outbox WHERE instance_id = :instanceId ORDER BY position', { instanceId })
    .map((row) => json<Command>(row, 'command'));
}

/** Idempotent by command id: a command already waiting is not queued twice. */
export function appendOutbox(db: SqlDatabase, instanceId: string, commands: readonly Command[]): void {
  for (const command of commands) {
    db.run(
      `INSERT INTO outbox (instance_id, command_id, command) VALUES (:instanceId, :commandId, :command)
       ON CONFLICT DO NOTHING`,
      { instanceId, commandId: command.id, command: toJsonText(command) },
    );
  }
}

export function insertHistory(db: SqlDatabase, entries: readonly HistoryEntry[]): void {
  for (const entry of entries) {
    db.run(
      `INSERT INTO history (instance_id, seq, at, type, node_id, actor, data, step, prev_hash, hash)
       VALUES (:instanceId, :seq, :at, :type, :nodeId, :actor, :data, :step, :prevHash, :hash)`,
      {
        instanceId: entry.instanceId,
        seq: entry.seq,
        at: entry.at,
        type: entry.type,
        nodeId: entry.nodeId ?? null,
        actor: entry.actor ?? null,
        data: toJsonText(entry.data),
        step: entry.step ? toJsonText(entry.step) : null,
        prevHash: entry.prevHash,
        hash: entry.hash,
      },
    );
  }
}

export function replaceCorrelationKeys(db: SqlDatabase, instanceId: string, keys: readonly string[]): void {
  db.run('DELETE FROM instance_correlation_keys WHERE instance_id = :instanceId', { instanceId });
  insertCorrelationKeys(db, instanceId, keys);
}

/** For a new instance, which has no key rows yet. */
export function insertCorrelationKeys(db: SqlDatabase, instanceId: string, keys: readonly string[]): void {
  for (const key of new Set(keys)) {
    db.run('INSERT INTO instance_correlation_keys (key, instance_id) VALUES (:key, :instanceId)', {
      key,
      instanceId,
    });
  }
}

import { chainHistory } from '../historyChain';
import type { CommitResult, CommitStep } from '../schemas/instance';
import type { SqlDatabase } from './database';
import type { InstanceChangeKind } from '../schemas/change';
import { recordInstanceChange } from './changes';
import { applyEffects } from './effects';
import { appendOutbox, insertHistory, replaceCorrelationKeys } from './instanceRows';
import { int, jsonOrNull, orNull, text, toJsonText } from './rows';

/**
 * Group commit: every step of the call shares the caller's write transaction, hence one fsync,
 * while each step keeps its own rev check. A losing step changes nothing and does not abort the
 * others. Runs inside an open transaction (see writeQueue.ts).
 */
export function commitSteps(db: SqlDatabase, steps: readonly CommitStep[]): CommitResult[] {
  return steps.map((step) => applyStep(db, step));
}

function applyStep(db: SqlDatabase, step: CommitStep): CommitResult {
  const { instanceId, expectedRev, set } = step;
  const head = db.get(
    `SELECT rev, history_seq, history_hash, correlation_keys, status, current_nodes, workflow_id, started_by
     FROM instances WHERE id = :instanceId`,
    {
      instanceId,
    },
  );
  if (!head) return { ok: false, reason: 'not_found' };
  if (int(head, 'rev') !== expectedRev) return { ok: false, reason: 'conflict' };

  const chained = chainHistory(
    instanceId,
    { seq: int(head, 'history_seq'), hash: text(head, 'history_hash') },
    step.history,
  );
  const rev = expectedRev + 1;
  const correlationKeys = toJsonText(set.correlationKeys);
  // Optional fields keep their stored value when the step does not set them (coalesce).
  db.run(
    `UPDATE instances SET rev = :rev, snapshot = :snapshot, status = :status, current_nodes = :currentNodes,
       correlation_keys = :correlationKeys, updated_at = :updatedAt, outcome = coalesce(:outcome, outcome),
       output = coalesce(:output, output), error = coalesce(:error, error),
       history_seq = :historySeq, history_hash = :historyHash,
       open_incidents = coalesce(:openIncidents, open_incidents)
     WHERE id = :instanceId AND rev = :expectedRev`,
    {
      instanceId,
      expectedRev,
      rev,
      snapshot: toJsonText(set.snapshot),
      status: set.status,
      currentNodes: toJsonText(set.currentNodes),
      correlationKeys,
      updatedAt: set.updatedAt,
      outcome: orNull(set.outcome),
      output: jsonOrNull(set.output),
      error: jsonOrNull(set.error),
      historySeq: chained.head.seq,
      historyHash: chained.head.hash,
      openIncidents: set.openIncidents ?? null,
    },
  );
  // Statistics read the end (status and time) from their own columns, written only when the status
  // changes: an index over the columns every step rewrites (status, updated_at) would slow every commit.
  if (set.status !== text(head, 'status')) recordEnd(db, instanceId, set.status, set.updatedAt);
  // Most steps leave the keys alone; rewriting the key rows only when they change saves writes.
  if (correlationKeys !== text(head, 'correlation_keys')) {
    replaceCorrelationKeys(db, instanceId, set.correlationKeys);
  }
  appendOutbox(db, instanceId, step.commands);
  insertHistory(db, chained.entries);
  applyEffects(db, step.effects);
  const kind = changeKind(step, text(head, 'status'), text(head, 'current_nodes'));
  if (kind) {
    const startedBy = head['started_by'];
    recordInstanceChange(db, kind, {
      id: instanceId,
      workflowId: text(head, 'workflow_id'),
      status: set.status,
      ...(typeof startedBy === 'string' ? { startedBy } : {}),
    });
  }
  return { ok: true, rev };
}

/** Sets or clears (back to running, after a retry) the instance's end for statistics. */
export function recordEnd(db: SqlDatabase, instanceId: string, status: string, at: number): void {
  const ended = status !== 'running';
  db.run('UPDATE instances SET end_status = :endStatus, ended_at = :endedAt WHERE id = :instanceId', {
    instanceId,
    endStatus: ended ? status : null,
    endedAt: ended ? at : null,
  });
}

/** What the change feed tells of a step: a new status, an incident, other nodes; nothing else. */
function changeKind(step: CommitStep, status: string, currentNodes: string): InstanceChangeKind | undefined {
  if (step.set.status !== status && step.set.status !== 'running') return step.set.status;
  if (step.incident) return 'incident';
  if (toJsonText(step.set.currentNodes) !== currentNodes) return 'moved';
  return undefined;
}

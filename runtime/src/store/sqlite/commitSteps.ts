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

/**
 * The step's UPDATE, naming only the columns the step changes among those that indexes cover:
 * SQLite rewrites the entries of every index over a column an UPDATE assigns (and checks every
 * partial index whose condition reads one), whether or not the value changed. The status (and the
 * end columns that statistics read, by four indexes) are named only when the status changes, the
 * open incidents only when the step sets them. One statement text per combination, prepared once.
 * Optional fields keep their stored value when the step does not set them (coalesce).
 */
const STEP_UPDATES = [false, true].flatMap((incidents) =>
  [false, true].map(
    (ending) => `UPDATE instances SET rev = :rev, snapshot = :snapshot, current_nodes = :currentNodes,
       correlation_keys = :correlationKeys, updated_at = :updatedAt, outcome = coalesce(:outcome, outcome),
       output = coalesce(:output, output), error = coalesce(:error, error),
       history_seq = :historySeq, history_hash = :historyHash
       ${ending ? ', status = :status, end_status = :endStatus, ended_at = :endedAt' : ''}
       ${incidents ? ', open_incidents = :openIncidents' : ''}
     WHERE id = :instanceId AND rev = :expectedRev`,
  ),
);

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
  const statusChanged = set.status !== text(head, 'status');
  const { openIncidents } = set;
  db.run(STEP_UPDATES[(openIncidents === undefined ? 0 : 2) + (statusChanged ? 1 : 0)]!, {
    instanceId,
    expectedRev,
    rev,
    snapshot: toJsonText(set.snapshot),
    currentNodes: toJsonText(set.currentNodes),
    correlationKeys,
    updatedAt: set.updatedAt,
    outcome: orNull(set.outcome),
    output: jsonOrNull(set.output),
    error: jsonOrNull(set.error),
    historySeq: chained.head.seq,
    historyHash: chained.head.hash,
    ...(openIncidents === undefined ? {} : { openIncidents }),
    ...(statusChanged ? { status: set.status, ...endColumns(set.status, set.updatedAt) } : {}),
  });
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

/** The instance's end for statistics: set when it ended, cleared (back to running, after a retry). */
export function endColumns(status: string, at: number): { endStatus: string | null; endedAt: number | null } {
  const ended = status !== 'running';
  return { endStatus: ended ? status : null, endedAt: ended ? at : null };
}

/** What the change feed tells of a step: a new status, an incident, other nodes; nothing else. */
function changeKind(step: CommitStep, status: string, currentNodes: string): InstanceChangeKind | undefined {
  if (step.set.status !== status && step.set.status !== 'running') return step.set.status;
  if (step.incident) return 'incident';
  if (toJsonText(step.set.currentNodes) !== currentNodes) return 'moved';
  return undefined;
}

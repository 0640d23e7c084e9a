import { chainStep } from '../historyChain';
import type { CommitResult, CommitStep } from '../schemas/instance';
import type { SqlDatabase } from './database';
import type { InstanceChangeKind } from '../schemas/change';
import { recordInstanceChange } from './changes';
import { applyEffects } from './effects';
import { takesCurrent } from './messages';
import { appendOutbox, insertHistory, replaceCorrelationKeys } from './instanceRows';
import { jsonOrNull, orNull, toJsonText } from './rows';
import {
  STEP_HEAD_COLUMNS,
  UNCHANGED_HEAD,
  stepHeadOf,
  unchangedHeadParams,
  type StepHead,
  type StepHeads,
} from './stepHeads';
import { takeStateText } from '../stateText';

/**
 * Group commit: every step of the call shares the caller's write transaction, hence one fsync,
 * while each step keeps its own rev check. A losing step changes nothing and does not abort the
 * others. Runs inside an open transaction (see writeQueue.ts). With `heads`, a step whose
 * instance's head is remembered is written without reading the row first (stepHeads.ts).
 */
export function commitSteps(
  db: SqlDatabase,
  steps: readonly CommitStep[],
  heads?: StepHeads,
): CommitResult[] {
  return steps.map((step) => applyStep(db, step, heads));
}

/**
 * The step's UPDATE, naming only the columns the step changes among those that indexes cover:
 * SQLite rewrites the entries of every index over a column an UPDATE assigns (and checks every
 * partial index whose condition reads one), whether or not the value changed. The status (and the
 * end columns that statistics read, by four indexes) are named only when the status changes, the
 * open incidents only when the step sets them. One statement text per combination, prepared once;
 * the `guarded` ones also require the row to be the remembered head. Optional fields keep their
 * stored value when the step does not set them (coalesce).
 */
const STEP_UPDATES = [false, true].flatMap((guarded) =>
  [false, true].flatMap((incidents) =>
    [false, true].map(
      (ending) => `UPDATE instances SET rev = :rev, snapshot = :snapshot, current_nodes = :currentNodes,
       correlation_keys = :correlationKeys, updated_at = :updatedAt, outcome = coalesce(:outcome, outcome),
       output = coalesce(:output, output), error = coalesce(:error, error),
       history_seq = :historySeq, history_hash = :historyHash
       ${ending ? ', status = :status, end_status = :endStatus, ended_at = :endedAt' : ''}
       ${incidents ? ', open_incidents = :openIncidents' : ''}
     WHERE id = :instanceId AND rev = :expectedRev ${guarded ? UNCHANGED_HEAD : ''}`,
    ),
  ),
);

function applyStep(db: SqlDatabase, step: CommitStep, heads: StepHeads | undefined): CommitResult {
  const { instanceId, expectedRev } = step;
  // Fencing: a step that takes a message under a reservation no longer current writes nothing.
  if (!takesCurrent(db, step.effects)) return { ok: false, reason: 'reservation_lost' };
  const remembered = heads?.get(instanceId);
  if (remembered && remembered.rev === expectedRev) {
    const written = writeStep(db, step, remembered, true);
    if (written) {
      heads!.set(instanceId, written);
      return { ok: true, rev: written.rev };
    }
    // The row is not as remembered: read it, as without a remembered head.
    heads!.delete(instanceId);
  }
  const row = db.get(`SELECT ${STEP_HEAD_COLUMNS} FROM instances WHERE id = :instanceId`, { instanceId });
  if (!row) return { ok: false, reason: 'not_found' };
  const head = stepHeadOf(row);
  heads?.set(instanceId, head);
  if (head.rev !== expectedRev) return { ok: false, reason: 'conflict' };
  const written = writeStep(db, step, head, false);
  if (!written) return { ok: false, reason: 'conflict' };
  heads?.set(instanceId, written);
  return { ok: true, rev: written.rev };
}

/**
 * Writes a step over `head` (the row at the step's expected rev); nothing when the UPDATE found
 * no such row (only possible when `guarded`). Returns the head the row has now.
 */
function writeStep(
  db: SqlDatabase,
  step: CommitStep,
  head: StepHead,
  guarded: boolean,
): StepHead | undefined {
  const { instanceId, expectedRev, set } = step;
  const chained = chainStep(instanceId, { seq: head.historySeq, hash: head.historyHash }, step.history);
  const rev = expectedRev + 1;
  const correlationKeys = toJsonText(set.correlationKeys);
  const currentNodes = toJsonText(set.currentNodes);
  const statusChanged = set.status !== head.status;
  const { openIncidents } = set;
  const variant = (guarded ? 4 : 0) + (openIncidents === undefined ? 0 : 2) + (statusChanged ? 1 : 0);
  const changed = db.run(STEP_UPDATES[variant]!, {
    instanceId,
    expectedRev,
    rev,
    snapshot: takeStateText(set.snapshot),
    currentNodes,
    correlationKeys,
    updatedAt: set.updatedAt,
    outcome: orNull(set.outcome),
    output: jsonOrNull(set.output),
    error: jsonOrNull(set.error),
    historySeq: chained.head.seq,
    historyHash: chained.head.hash,
    ...(openIncidents === undefined ? {} : { openIncidents }),
    ...(statusChanged ? { status: set.status, ...endColumns(set.status, set.updatedAt) } : {}),
    ...(guarded ? unchangedHeadParams(head) : {}),
  });
  if (changed === 0) return undefined;
  // Most steps leave the keys alone; rewriting the key rows only when they change saves writes.
  if (correlationKeys !== head.correlationKeys) {
    replaceCorrelationKeys(db, instanceId, set.correlationKeys);
  }
  appendOutbox(db, instanceId, step.commands);
  insertHistory(db, chained.entries);
  applyEffects(db, step.effects);
  const kind = changeKind(step, head.status, head.currentNodes, currentNodes);
  if (kind) {
    recordInstanceChange(db, kind, {
      id: instanceId,
      workflowId: head.workflowId,
      status: set.status,
      ...(head.startedBy !== null ? { startedBy: head.startedBy } : {}),
    });
  }
  return {
    ...head,
    rev,
    historySeq: chained.head.seq,
    historyHash: chained.head.hash,
    status: set.status,
    currentNodes,
    correlationKeys,
  };
}

/** The instance's end for statistics: set when it ended, cleared (back to running, after a retry). */
export function endColumns(status: string, at: number): { endStatus: string | null; endedAt: number | null } {
  const ended = status !== 'running';
  return { endStatus: ended ? status : null, endedAt: ended ? at : null };
}

/** What the change feed tells of a step: a new status, an incident, other nodes; nothing else. */
function changeKind(
  step: CommitStep,
  status: string,
  nodesBefore: string,
  nodesAfter: string,
): InstanceChangeKind | undefined {
  if (step.set.status !== status && step.set.status !== 'running') return step.set.status;
  if (step.incident) return 'incident';
  if (nodesAfter !== nodesBefore) return 'moved';
  return undefined;
}

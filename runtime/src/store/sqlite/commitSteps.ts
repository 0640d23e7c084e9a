import { chainHistory } from '../historyChain';
import type { CommitResult, CommitStep } from '../schemas/instance';
import type { SqlDatabase } from './database';
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
    'SELECT rev, history_seq, history_hash, correlation_keys FROM instances WHERE id = :instanceId',
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
       history_seq = :historySeq, history_hash = :historyHash
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
    },
  );
  // Most steps leave the keys alone; rewriting the key rows only when they change saves writes.
  if (correlationKeys !== text(head, 'correlation_keys')) {
    replaceCorrelationKeys(db, instanceId, set.correlationKeys);
  }
  appendOutbox(db, instanceId, step.commands);
  insertHistory(db, chained.entries);
  applyEffects(db, step.effects);
  return { ok: true, rev };
}

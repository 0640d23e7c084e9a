import type { Row } from './database';
import { int, text } from './rows';
import { boundSize } from '../../collections/trimOldest';

/**
 * What a step reads of its instance's row before writing it: the rev it checks, the history head
 * it chains after, and the columns that decide what else it writes (status, nodes, keys).
 * Texts are kept exactly as stored, so they compare with the columns as they are.
 */
export interface StepHead {
  readonly rev: number;
  readonly historySeq: number;
  readonly historyHash: string;
  readonly status: string;
  readonly currentNodes: string;
  readonly correlationKeys: string;
  readonly workflowId: string;
  readonly startedBy: string | null;
}

/** The instance columns a StepHead is read from. */
export const STEP_HEAD_COLUMNS =
  'rev, history_seq, history_hash, status, current_nodes, correlation_keys, workflow_id, started_by';

export function stepHeadOf(row: Row): StepHead {
  const startedBy = row['started_by'];
  return {
    rev: int(row, 'rev'),
    historySeq: int(row, 'history_seq'),
    historyHash: text(row, 'history_hash'),
    status: text(row, 'status'),
    currentNodes: text(row, 'current_nodes'),
    correlationKeys: text(row, 'correlation_keys'),
    workflowId: text(row, 'workflow_id'),
    startedBy: typeof startedBy === 'string' ? startedBy : null,
  };
}

/** The UPDATE's extra condition when a step is written from a remembered head: the row must be it. */
export const UNCHANGED_HEAD = `AND history_seq = :headSeq AND history_hash = :headHash AND status = :headStatus
  AND current_nodes = :headNodes AND correlation_keys = :headKeys AND workflow_id = :headWorkflow
  AND started_by IS :headStartedBy`;

export const unchangedHeadParams = (head: StepHead) => ({
  headSeq: head.historySeq,
  headHash: head.historyHash,
  headStatus: head.status,
  headNodes: head.currentNodes,
  headKeys: head.correlationKeys,
  headWorkflow: head.workflowId,
  headStartedBy: head.startedBy,
});

/**
 * The heads of instances this connection last wrote or read, so a step need not read its row
 * again before writing it (a timer's step comes right after its instance was read in a batch).
 * Only a hint: a step written from a remembered head names every column of it in its UPDATE's
 * condition, so a head gone stale (another process, a rolled-back batch, a deleted instance)
 * changes nothing and the step reads the row as before. Bounded; the oldest entries go first.
 * The bound holds every timer the timer service prepares ahead (10,000 by default), so a burst of
 * them written once due reads none of their rows again (~350 bytes an entry).
 */
export function createStepHeads(capacity = 16_384) {
  const heads = new Map<string, StepHead>();
  return {
    get: (id: string): StepHead | undefined => heads.get(id),
    set(id: string, head: StepHead): void {
      heads.delete(id);
      heads.set(id, head);
      boundSize(heads, capacity);
    },
    delete: (id: string): void => void heads.delete(id),
    size: (): number => heads.size,
  };
}

export type StepHeads = ReturnType<typeof createStepHeads>;

import type { ResolvedAssignee, StepError } from './commands';

export interface Decision {
  readonly outcome: string;
  readonly by: string;
  readonly at: number;
  readonly comment?: string;
  readonly form?: Record<string, unknown>;
}

export interface ApprovalSlot {
  readonly slot: number;
  readonly assignee: ResolvedAssignee;
  readonly taskKey: string;
  readonly status: 'waiting' | 'open' | 'decided';
  readonly decision?: Decision;
}

export interface ApprovalState {
  readonly slots: readonly ApprovalSlot[];
  readonly reminders: number;
  /** When the tasks fall due, so a sequence's later tasks carry the same due date. */
  readonly dueAt?: number;
  /** The reminder interval in ms, computed on entry (absent in states stored before it was kept). */
  readonly remindEvery?: number;
  /** The node's details as evaluated on entry, so a sequence's later tasks show the same. */
  readonly details?: Record<string, unknown>;
  /** Tasks the runtime could not give to their assignee: the node waits for an operator. */
  readonly incident?: ApprovalIncident;
}

export interface ApprovalIncident {
  readonly code: string;
  readonly message: string;
  readonly taskKeys: readonly string[];
}

/** One item of a for-each that is running: its key, and the attempt and input of its current call. */
export interface ForEachRun {
  readonly key: string;
  readonly attempt: number;
  readonly input: Record<string, unknown>;
}

/** What one item gave: its result, or why it failed for good. */
export interface ForEachItemResult {
  readonly index: number;
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: { readonly code: string; readonly message: string };
}

/** A for-each in progress: the list, the next item to start, those running, and results by index. */
export interface ForEachState {
  readonly items: readonly unknown[];
  readonly next: number;
  /** By item index (as a string key: it is JSON). */
  readonly running: Readonly<Record<string, ForEachRun>>;
  readonly results: readonly (ForEachItemResult | null)[];
  /** Why the node fails (the list was unusable, or an item failed under onItemError 'fail'). */
  readonly failure?: { readonly code: string; readonly message: string };
}

/**
 * Everything an instance knows, as plain JSON (it is stored in the snapshot). The `active`
 * fields name the one job, timers, tasks, subscription and child each node is waiting on, so a
 * result that does not match them is stale and ignored.
 */
export interface MachineContext {
  /** Set at start by runtimes that pass it; qualifies idempotency keys (`job.idempotencyKey`). */
  readonly instanceId?: string;
  readonly input: Record<string, unknown>;
  readonly vars: Record<string, unknown>;
  /** Results by node id, readable in expressions as `nodes.<id>`. */
  readonly nodes: Record<string, unknown>;
  /** Time of the event being processed (ms since epoch). */
  readonly now: number;
  readonly visits: Record<string, number>;
  /** The current job of each task node; `incident` when it failed for good with no error edge. */
  readonly jobs: Record<
    string,
    { readonly jobKey: string; readonly attempt: number; readonly incident?: boolean }
  >;
  /** `${nodeId}:${purpose}` → timer key. */
  readonly timers: Record<string, string>;
  readonly approvals: Record<string, ApprovalState>;
  readonly waits: Record<string, { readonly event: string; readonly key: string }>;
  readonly children: Record<string, string>;
  /**
   * Subworkflow nodes whose child the runtime refused to start and that have no error edge: they
   * wait for an operator to retry or cancel (an incident). Absent in snapshots stored before it.
   */
  readonly refused?: Record<string, { readonly code: string; readonly message: string }>;
  /** Waiting nodes' boundary-style cancel events (`key`: only an event carrying it). Absent in older snapshots. */
  readonly cancels?: Record<string, { readonly event: string; readonly key?: string }>;
  /** For-each nodes in progress. Absent in snapshots stored before the kind existed. */
  readonly forEach?: Record<string, ForEachState>;
  /** Children each for-each node has asked for in all its visits (the runtime's fan-out limit counts them). */
  readonly itemChildren?: Record<string, number>;
  /**
   * Messages (signed webhook calls) whose event this instance took, newest last, at most
   * MESSAGES_KEPT. Absent until one is taken.
   */
  readonly messages?: readonly string[];
  readonly joins: Record<string, number>;
  readonly outcome: 'completed' | 'rejected' | 'failed' | 'cancelled' | null;
  readonly output: unknown;
  readonly error: StepError | null;
}

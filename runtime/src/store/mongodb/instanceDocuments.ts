import type { Document } from 'mongodb';
import type { ChainHead } from '../historyChain';
import type { Json } from '../schemas/common';
import type { StoreEffect } from '../schemas/effect';
import type { Command, Instance, InstanceError, InstanceStatus, InstanceSummary } from '../schemas/instance';
import type { KeyedChange } from './changes';
import type { HistoryDocument } from './history';
import { fromText, present, toText } from './json';

/**
 * What one committed step still has to finish outside the instance document: copy its history
 * entries to `history`, apply its effects to jobs/timers/tasks, append its change to the feed.
 * It is written in the step's compare-and-set (so it commits with the state or not at all) and
 * pulled out once finished; recovery.ts finishes the ones a crash left.
 */
export interface StepRecord {
  rev: number;
  /** The step's entries as stored in `history` (history.ts). */
  history: HistoryDocument[];
  /** JSON text of StoreEffect[] (payloads are user data). */
  effects: string;
  change?: KeyedChange;
}

/**
 * The instance document (collection `instances`). Fields named as in Instance; `_id` is the id.
 * - snapshot, input, output: JSON text (json.ts); outbox: `{id, command: JSON text}[]`.
 * - outboxAt: when the oldest waiting command was queued; present only while the outbox holds
 *   commands (a partial index on it lists undispatched instances).
 * - historyHead: `{seq, hash}` of the last history entry (the chain head verifyHistory checks).
 * - pending: StepRecords not yet finished; pendingAt: set while there are some (partial index).
 * - endStatus/endedAt: set when the status changes to an end, cleared back to running (statistics).
 * - stepToken: the token of the last step, to recognise our own write after a lost reply.
 * - reservationTokens: tokens of buffered messages reserved for the run and not yet taken or
 *   released; a step takes a message only under a token still here (the fence, messages.ts).
 */
export interface InstanceDocument extends Document {
  _id: string;
  workflowId: string;
  version: number;
  status: InstanceStatus;
  rev: number;
  snapshot: string;
  input: string;
  outcome?: string;
  output?: string;
  error?: InstanceError;
  currentNodes: string[];
  correlationKeys: string[];
  /** Nodes waiting for an operator; absent when none (so a partial index holds only these). */
  openIncidents?: number;
  parent?: NonNullable<Instance['parent']>;
  startedBy?: string;
  /** Absent when the run has none (so the key's partial index holds only runs with one). */
  businessKey?: string;
  createdAt: number;
  updatedAt: number;
  outbox: { id: string; command: string }[];
  outboxAt?: number;
  historyHead: ChainHead;
  pending: StepRecord[];
  pendingAt?: number;
  endStatus?: InstanceStatus;
  endedAt?: number;
  stepToken?: string;
  reservationTokens?: string[];
}

export const storedCommand = (command: Command): { id: string; command: string } => ({
  id: command.id,
  command: toText(command),
});

export function stepRecord(
  rev: number,
  history: HistoryDocument[],
  effects: readonly StoreEffect[] | undefined,
  change: KeyedChange | undefined,
): StepRecord | undefined {
  if (history.length === 0 && (effects?.length ?? 0) === 0 && !change) return undefined;
  return { rev, history, effects: toText(effects ?? []), ...(change ? { change } : {}) };
}

export const recordEffects = (record: StepRecord): StoreEffect[] =>
  fromText<StoreEffect[]>(record.effects, 'effects');

export function toInstanceDocument(
  instance: Instance,
  historyHead: ChainHead,
  record: StepRecord | undefined,
): InstanceDocument {
  const ended = instance.status !== 'running';
  return present<InstanceDocument>({
    _id: instance.id,
    workflowId: instance.workflowId,
    version: instance.version,
    status: instance.status,
    rev: instance.rev,
    snapshot: toText(instance.snapshot),
    input: toText(instance.input),
    outcome: instance.outcome,
    output: instance.output === undefined ? undefined : toText(instance.output),
    error: instance.error === undefined ? undefined : present<InstanceError>(instance.error),
    currentNodes: instance.currentNodes,
    correlationKeys: instance.correlationKeys,
    openIncidents:
      instance.openIncidents !== undefined && instance.openIncidents > 0 ? instance.openIncidents : undefined,
    parent:
      instance.parent === undefined ? undefined : present<NonNullable<Instance['parent']>>(instance.parent),
    startedBy: instance.startedBy,
    businessKey: instance.businessKey,
    createdAt: instance.createdAt,
    updatedAt: instance.updatedAt,
    outbox: instance.outbox.map(storedCommand),
    outboxAt: instance.outbox.length > 0 ? instance.updatedAt : undefined,
    historyHead,
    pending: record ? [record] : [],
    pendingAt: record ? instance.updatedAt : undefined,
    endStatus: ended ? instance.status : undefined,
    endedAt: ended ? instance.updatedAt : undefined,
  });
}

/** The fields of a summary: listings never read snapshots, outboxes or pending records. */
export const SUMMARY_PROJECTION = {
  _id: 1,
  workflowId: 1,
  version: 1,
  status: 1,
  rev: 1,
  input: 1,
  outcome: 1,
  output: 1,
  error: 1,
  currentNodes: 1,
  correlationKeys: 1,
  openIncidents: 1,
  parent: 1,
  startedBy: 1,
  businessKey: 1,
  createdAt: 1,
  updatedAt: 1,
} as const;

export function fromSummaryDocument(doc: Document): InstanceSummary {
  const summary: InstanceSummary = {
    id: doc['_id'] as string,
    workflowId: doc['workflowId'] as string,
    version: doc['version'] as number,
    status: doc['status'] as InstanceStatus,
    rev: doc['rev'] as number,
    input: fromText<Json>(doc['input'], 'input'),
    currentNodes: doc['currentNodes'] as string[],
    correlationKeys: doc['correlationKeys'] as string[],
    createdAt: doc['createdAt'] as number,
    updatedAt: doc['updatedAt'] as number,
  };
  if (typeof doc['outcome'] === 'string') summary.outcome = doc['outcome'];
  if (doc['output'] !== undefined && doc['output'] !== null)
    summary.output = fromText<Json>(doc['output'], 'output');
  if (doc['error']) summary.error = doc['error'] as InstanceError;
  if (typeof doc['openIncidents'] === 'number' && doc['openIncidents'] > 0)
    summary.openIncidents = doc['openIncidents'];
  if (doc['parent']) summary.parent = doc['parent'] as NonNullable<Instance['parent']>;
  if (typeof doc['startedBy'] === 'string') summary.startedBy = doc['startedBy'];
  if (typeof doc['businessKey'] === 'string') summary.businessKey = doc['businessKey'];
  return summary;
}

export function fromInstanceDocument(doc: Document): Instance {
  const outbox = (doc['outbox'] as { command: string }[] | undefined) ?? [];
  return {
    ...fromSummaryDocument(doc),
    snapshot: fromText<unknown>(doc['snapshot'], 'snapshot'),
    outbox: outbox.map((entry) => fromText<Command>(entry.command, 'command')),
  };
}

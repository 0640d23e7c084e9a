/**
 * Retry or cancel many runs at once, done by the runtime (POST /api/instances/retry, /cancel): the
 * runs selected in the list, or every running run matching its filters, one bounded batch per
 * call until the runtime says there is no more. This file drives the calls and words the result;
 * no React here.
 */
import { ApiError } from '../app/apiErrors';
import { instanceQuery, type RunFilters } from './runFilters';

export type BulkKind = 'retry' | 'cancel';

/** The list's filters as the batch endpoints take them (JSON, not query text). */
export interface BatchFilter {
  workflowId?: string;
  version?: number;
  status?: 'running';
  startedBy?: string;
  createdFrom?: number;
  createdTo?: number;
  hasIncident?: boolean;
  businessKeyPrefix?: string;
}

export type BulkTarget = { readonly ids: readonly string[] } | { readonly filter: BatchFilter };

export interface BatchAnswer {
  readonly done: number;
  readonly skipped: readonly { readonly id: string; readonly code: string; readonly message: string }[];
  readonly nextCursor: string | null;
}

export interface BatchRequest {
  ids?: string[];
  filter?: BatchFilter;
  cursor?: string;
  limit?: number;
  reason?: string;
}

export interface BulkPorts {
  call(kind: BulkKind, request: BatchRequest): Promise<BatchAnswer>;
  /** Waits out a busy runtime's Retry-After. */
  wait(seconds: number): Promise<void>;
}

export interface BulkResult {
  readonly done: number;
  readonly skipped: BatchAnswer['skipped'];
  /** Why it stopped before the end (a refusal, or the person stopped it); absent when it finished. */
  readonly stopped?: { readonly reason: 'error'; readonly error: unknown } | { readonly reason: 'asked' };
}

/** Runs per call: what the API takes at most. */
export const BATCH_SIZE = 100;
/** Times a busy runtime (503 OVERLOADED) is waited out before giving up. */
const BUSY_WAITS = 10;

/**
 * The running runs of the list's filters that the action applies to: running ones only, and for
 * retry those with an incident (what the confirmation counts, and what the runtime narrows to).
 */
export function bulkFilter(kind: BulkKind, filters: RunFilters): BatchFilter {
  const { hasIncident: _text, status: _status, ...query } = instanceQuery(filters);
  return {
    ...query,
    status: 'running',
    ...(kind === 'retry' || filters.incident ? { hasIncident: true } : {}),
  };
}

/** The count query (GET /api/instances/count) for the same runs as bulkFilter. */
export function bulkCountQuery(kind: BulkKind, filters: RunFilters) {
  const filter = bulkFilter(kind, filters);
  const { hasIncident, ...rest } = filter;
  return { ...rest, ...(hasIncident ? { hasIncident: 'true' as const } : {}) };
}

/**
 * Runs the action over the target a batch at a time, telling progress (runs looked at so far)
 * after each. A busy runtime is waited out; any other refusal stops it with what was done so far.
 */
export async function runBulk(
  kind: BulkKind,
  target: BulkTarget,
  ports: BulkPorts,
  options: { reason?: string; onProgress?: (looked: number) => void; stop?: () => boolean } = {},
): Promise<BulkResult> {
  let done = 0;
  const skipped: BatchAnswer['skipped'][number][] = [];
  let looked = 0;
  const reason = kind === 'cancel' ? { reason: options.reason ?? '' } : {};
  const requests: (() => BatchRequest)[] = [];
  let cursor: string | null | undefined;
  if ('ids' in target)
    for (let at = 0; at < target.ids.length; at += BATCH_SIZE) {
      const ids = target.ids.slice(at, at + BATCH_SIZE);
      requests.push(() => ({ ids, ...reason }));
    }
  const next = (): BatchRequest | undefined => {
    if ('ids' in target) return requests.shift()?.();
    if (cursor === null) return undefined;
    return { filter: target.filter, limit: BATCH_SIZE, ...(cursor ? { cursor } : {}), ...reason };
  };
  let busy = 0;
  for (let request = next(); request; request = next()) {
    if (options.stop?.()) return { done, skipped, stopped: { reason: 'asked' } };
    let answer: BatchAnswer;
    try {
      answer = await ports.call(kind, request);
    } catch (error) {
      const wait = error instanceof ApiError && error.problem.code === 'OVERLOADED' && busy < BUSY_WAITS;
      if (!wait) return { done, skipped, stopped: { reason: 'error', error } };
      busy += 1;
      await ports.wait(error.problem.retryAfterSeconds ?? 1);
      // The same batch again: nothing of it was done.
      if ('ids' in target) requests.unshift(() => request);
      continue;
    }
    done += answer.done;
    skipped.push(...answer.skipped);
    looked += answer.done + answer.skipped.length;
    cursor = answer.nextCursor;
    options.onProgress?.(looked);
  }
  return { done, skipped };
}

/** Why runs were left, in a person's words, by the API's code. */
const REASONS: Readonly<Record<string, string>> = {
  INSTANCE_ENDED: 'had already ended',
  NO_INCIDENT: 'had no incident left to retry',
  NOT_FOUND: 'could not be found (removed, or not yours to see)',
};

const runs = (n: number) => `${n} ${n === 1 ? 'run' : 'runs'}`;

/** What the list says once the action is through (or stopped). */
export function bulkSummary(
  kind: BulkKind,
  result: BulkResult,
  describe: (error: unknown) => string,
): string {
  const verb = kind === 'retry' ? 'Retried' : 'Cancelled';
  const parts = [
    result.done === 0
      ? `Nothing was ${kind === 'retry' ? 'retried' : 'cancelled'}.`
      : kind === 'retry'
        ? `${verb} ${runs(result.done)}: each stopped step runs once more.`
        : `${verb} ${runs(result.done)}.`,
  ];
  if (result.skipped.length > 0) {
    const byCode = new Map<string, { count: number; message: string }>();
    for (const skip of result.skipped) {
      const known = byCode.get(skip.code);
      if (known) known.count += 1;
      else byCode.set(skip.code, { count: 1, message: skip.message });
    }
    const why = [...byCode].map(([code, { count, message }]) => {
      const said = REASONS[code] ?? `${count === 1 ? 'was' : 'were'} refused (${message.replace(/\.$/, '')})`;
      return `${count} ${said}`;
    });
    parts.push(`${runs(result.skipped.length)} left as they were: ${why.join('; ')}.`);
  }
  if (result.stopped?.reason === 'asked') parts.push('Stopped before the end: the rest were not touched.');
  if (result.stopped?.reason === 'error')
    parts.push(`Stopped before the end: ${describe(result.stopped.error)}`);
  return parts.join(' ');
}

import type { HistoryLike } from './runView';
import type { RunStatus } from './runFilters';

/** Why a run stopped before its end, as its page says it at the top: who ended it and why. */
export type EndNote =
  | {
      readonly kind: 'cancelled' | 'withdrawn';
      readonly actor?: string;
      readonly at: number;
      readonly reason?: string;
    }
  | {
      readonly kind: 'failed';
      readonly nodeId?: string;
      readonly code: string;
      readonly message: string;
    };

/**
 * The note of a cancelled or failed run (undefined for the others): the cancel's or withdrawal's
 * history entry (who, when, with which reason) or the run's error. Before, the header said only
 * "Cancelled", and who and why were at the end of the History tab.
 */
export function endNote(run: {
  readonly status: RunStatus;
  readonly history: readonly HistoryLike[];
  readonly error?: { readonly code: string; readonly message: string; readonly nodeId?: string };
}): EndNote | undefined {
  if (run.status === 'failed' && run.error)
    return {
      kind: 'failed',
      code: run.error.code,
      message: run.error.message,
      ...(run.error.nodeId ? { nodeId: run.error.nodeId } : {}),
    };
  if (run.status !== 'cancelled') return undefined;
  const entry = run.history.findLast((e) => e.type === 'instance.cancel' || e.type === 'instance.withdraw');
  if (!entry) return undefined;
  const data = (entry.data ?? {}) as { by?: unknown; reason?: unknown };
  const actor = entry.actor ?? (typeof data.by === 'string' ? data.by : undefined);
  const reason =
    typeof data.reason === 'string' && data.reason.trim() !== '' ? data.reason.trim() : undefined;
  return {
    kind: entry.type === 'instance.withdraw' ? 'withdrawn' : 'cancelled',
    at: entry.at,
    ...(actor ? { actor } : {}),
    ...(reason ? { reason } : {}),
  };
}

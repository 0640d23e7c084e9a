import type { EngineEvent } from '@flowline/engine';
import type { NewHistoryEntry } from '../store';
import { LIMIT_EXCEEDED, type LimitBreach } from './stepLimits';

/** What fails an instance whose next step would break a limit; the engine withdraws its work. */
export function failureEvent(
  breach: LimitBreach,
  at: number,
): Extract<EngineEvent, { type: 'instance.fail' }> {
  return {
    type: 'instance.fail',
    code: LIMIT_EXCEEDED,
    message: breach.message,
    ...(breach.nodeId !== undefined ? { nodeId: breach.nodeId } : {}),
    at,
  };
}

/** The failure's history entry, naming the limit and the kind of event whose step was refused. */
export const withBreach = (
  entry: NewHistoryEntry,
  breach: LimitBreach,
  refused: string,
): NewHistoryEntry => ({
  ...entry,
  data: { ...(entry.data as object), limit: `limits.${breach.limit}`, refused },
});

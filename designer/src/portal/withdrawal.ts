import { ApiError, sentenceOf } from '../app/apiErrors';
import type { Permission } from '../app/apiClient';

export interface WithdrawableLike {
  readonly status: 'running' | 'completed' | 'rejected' | 'failed' | 'cancelled';
  readonly startedBy?: string | undefined;
}

export interface ReaderLike {
  readonly id: string;
  readonly permissions: readonly Permission[];
}

/**
 * Whether the reader may withdraw the request: it still runs, and they started it or may cancel
 * instances. The same rule as the API's (runtime/src/workflows/withdrawPolicy.ts and the
 * withdraw route's status check), so the action is offered exactly when the API would take it.
 */
export function mayWithdraw(request: WithdrawableLike, reader: ReaderLike): boolean {
  if (request.status !== 'running') return false;
  if (request.startedBy !== undefined && request.startedBy === reader.id) return true;
  return reader.permissions.includes('instances:cancel');
}

/** Why a withdrawal did not go through, in the requester's words (the API says "instance"). */
export function withdrawProblem(error: unknown): string {
  if (error instanceof ApiError && error.problem.code === 'INSTANCE_ENDED')
    return 'This request has already ended, so it can no longer be withdrawn. Nothing was changed.';
  return sentenceOf(error);
}

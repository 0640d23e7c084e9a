import type { RunStatus } from './runFilters';

/**
 * What the Steps tab says when it lists no connector call. "Yet" only while the run can still
 * make one: an ended run never will, and saying "yet" of it reads as if something were pending.
 */
export function noCallsNote(status: RunStatus, stepSelected: boolean): string {
  if (stepSelected) return 'This step calls no connector: its decisions and changes are in the history.';
  return status === 'running'
    ? 'This run has made no connector calls yet. Approvals, decisions and waits are in the history.'
    : 'This run made no connector calls. Its approvals, decisions and waits are in the history.';
}

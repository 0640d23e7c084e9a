import { formatDuration, type NodeFigures } from './dashboardModel';

/** What the dashboard says about a workflow's slowest step, or that none can be named yet. */
export type SlowestStepNote =
  | { readonly kind: 'slowest'; readonly step: string; readonly detail: string }
  | { readonly kind: 'undecided'; readonly detail: string };

/** "within a second" rather than "within 0 s": a turnaround under a second rounds to nothing. */
const within = (ms: number) => `within ${ms < 1000 ? 'a second' : formatDuration(ms)}`;
const took = (ms: number) => `took ${ms < 1000 ? 'under a second' : formatDuration(ms)}`;

/**
 * The sentence under the slowest step's name: how long its tasks wait for a decision (p50 and p90
 * of their turnaround, from creation to decision). Undefined when the workflow has no task to
 * decide in the period; when it has some but none is decided yet, that is said instead.
 */
export function slowestStepNote(
  nodes: readonly NodeFigures[],
  slowestNodeId: string | null,
): SlowestStepNote | undefined {
  const slowest = nodes.find((n) => n.nodeId === slowestNodeId);
  const p50 = slowest?.turnaroundMs.p50 ?? null;
  if (!slowest || p50 === null) {
    const open = nodes.reduce((sum, n) => sum + n.tasks.open, 0);
    if (!nodes.some((n) => n.tasks.created > 0)) return undefined;
    return {
      kind: 'undecided',
      detail: `No task has been decided in this period yet${
        open > 0 ? ` (${open} waiting)` : ''
      }, so no step can be named the slowest.`,
    };
  }
  const p90 = slowest.turnaroundMs.p90;
  if (slowest.tasks.decided === 1)
    return {
      kind: 'slowest',
      step: slowest.name,
      detail: `Its only decided task ${took(p50)}.`,
    };
  const half = within(p50);
  const most = p90 === null ? undefined : within(p90);
  return {
    kind: 'slowest',
    step: slowest.name,
    detail:
      most === undefined
        ? `Half of its tasks are decided ${half}.`
        : most === half
          ? `Nine in ten of its tasks are decided ${most}.`
          : `Half of its tasks are decided ${half}; nine in ten ${most}.`,
  };
}

/**
 * Retrying every incident of several runs at once (after an outage, dozens of runs stopped at
 * the same step): one run at a time, each open incident of it once, so the runtime is never asked
 * for more than one retry at a time. A refusal (the run ended, the incident was retried meanwhile)
 * is reported and the others go on. No React here.
 */
export interface BulkRetryPorts {
  /** The nodes of the run with an open incident now. */
  incidentsOf(runId: string): Promise<readonly string[]>;
  retry(runId: string, nodeId: string): Promise<void>;
}

export interface BulkRetryResult {
  readonly retried: number;
  readonly runs: number;
  readonly refused: readonly { readonly runId: string; readonly nodeId?: string; readonly reason: string }[];
}

export async function retryIncidents(
  runIds: readonly string[],
  ports: BulkRetryPorts,
  describe: (error: unknown) => string,
  onProgress: (done: number) => void = () => undefined,
): Promise<BulkRetryResult> {
  let retried = 0;
  let runs = 0;
  const refused: { runId: string; nodeId?: string; reason: string }[] = [];
  for (const [index, runId] of runIds.entries()) {
    let nodes: readonly string[] = [];
    try {
      nodes = await ports.incidentsOf(runId);
    } catch (error) {
      refused.push({ runId, reason: describe(error) });
    }
    let any = false;
    for (const nodeId of nodes) {
      try {
        await ports.retry(runId, nodeId);
        retried += 1;
        any = true;
      } catch (error) {
        refused.push({ runId, nodeId, reason: describe(error) });
      }
    }
    if (any) runs += 1;
    onProgress(index + 1);
  }
  return { retried, runs, refused };
}

/** What the list says once a bulk retry is through. */
export function bulkRetrySummary(result: BulkRetryResult): string {
  const steps = `${result.retried} ${result.retried === 1 ? 'step' : 'steps'}`;
  const runs = `${result.runs} ${result.runs === 1 ? 'run' : 'runs'}`;
  const done =
    result.retried === 0 ? 'Nothing was retried.' : `Retried ${steps} in ${runs}: each runs once more.`;
  if (result.refused.length === 0) return done;
  const first = result.refused[0]!;
  return `${done} ${result.refused.length} could not be retried (first: ${first.reason}).`;
}

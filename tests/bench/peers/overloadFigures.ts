import { startFlowline, type RunningFlowline } from './flowlinePeer';
import { runOverload } from './overload';

// Flowline under overload, before and after bounded admission, in one run: the same build started
// twice, once with limits.backlog.maxQueuedJobs out of reach (the unbounded backlog of before) and
// once with its default. Runs alternate (A, B, A, B) and each prints the load average.

const UNBOUNDED = 10_000_000;
export const OVERLOAD_CONCURRENCY = [50, 100, 200];

export async function overloadFigures(options: {
  peerUrl: string;
  seconds: number;
  rounds: number;
  log: (line: string) => void;
  load: () => string;
  /** limits.backlog.maxQueuedJobs of the bounded runtime; its default when not given. */
  maxQueuedJobs?: number;
}): Promise<void> {
  const { log } = options;
  const variants: { name: string; flowline: RunningFlowline }[] = [];
  try {
    variants.push({
      name: 'unbounded (before)',
      flowline: await startFlowline(options.peerUrl, { limits: { backlog: { maxQueuedJobs: UNBOUNDED } } }),
    });
    const bound = options.maxQueuedJobs;
    variants.push({
      name: bound === undefined ? 'bounded (default)' : `bounded (${bound})`,
      flowline: await startFlowline(
        options.peerUrl,
        bound === undefined ? {} : { limits: { backlog: { maxQueuedJobs: bound } } },
      ),
    });
    log(
      '\nFlowline under overload: webhook starts without ?wait, clients honour Retry-After; send-to-finish from the first attempt',
    );
    log(
      '| clients | backlog | accepted/s | completed/s | refused/s | backlog growth/s | queued at end | send-to-finish p50 / p99 ms | load average |',
    );
    log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const connections of OVERLOAD_CONCURRENCY) {
      for (let round = 0; round < options.rounds; round += 1) {
        for (const { name, flowline } of variants) {
          const before = options.load();
          const r = await runOverload({
            admin: flowline.admin,
            baseUrl: flowline.url,
            workflowId: 'peer-five-steps',
            connections,
            seconds: options.seconds,
          });
          const problems = [
            r.failed > 0 ? `${r.failed} failed` : '',
            r.unfinished > 0 ? `${r.unfinished} unfinished` : '',
          ].filter(Boolean);
          log(
            `| ${connections} | ${name} | ${r.acceptedPerSecond.toFixed(0)} | ${r.completedPerSecond.toFixed(0)} | ${r.refusedPerSecond.toFixed(0)} | ${r.backlogGrowthPerSecond.toFixed(0)} | ${r.backlogAtEnd} | ${r.sendToFinishP50Ms} / ${r.sendToFinishP99Ms} | ${before}${problems.length ? `; ${problems.join(', ')}` : ''} |`,
          );
        }
      }
    }
  } finally {
    for (const { flowline } of variants.reverse()) await flowline.stop().catch(() => undefined);
  }
}

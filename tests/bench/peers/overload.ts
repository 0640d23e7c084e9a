import { Agent, request } from 'node:http';
import type { ApiClient } from '../../support/apiClient';

// Overload: clients start instances through the webhook WITHOUT waiting for their end, as fast as
// the runtime answers, so starts can be accepted faster than they finish. What counts is whether
// completions keep up with accepted starts (the backlog stays bounded) and how long a start takes
// from being sent to its instance's end.

export interface OverloadResult {
  readonly acceptedPerSecond: number;
  readonly refusedPerSecond: number;
  /** Instances of this workflow that ended during the run, per second. */
  readonly completedPerSecond: number;
  /** Change of the store's queued jobs over the run, per second (growth of the backlog). */
  readonly backlogGrowthPerSecond: number;
  /** Queued jobs at the end of the run (the store's count). */
  readonly backlogAtEnd: number;
  /** First send (a refused start is sent again) to the instance's end, once every accepted start ended. */
  readonly sendToFinishP50Ms: number;
  readonly sendToFinishP99Ms: number;
  /** Other answers (neither 2xx nor 503), transport errors included. */
  readonly failed: number;
  /** Accepted starts whose instance had not ended when the drain deadline passed. */
  readonly unfinished: number;
}

const DRAIN_DEADLINE_MS = 180_000;

/** One POST on a kept-alive socket: status, body and the Retry-After header. */
function post(agent: Agent, url: URL, body: string) {
  return new Promise<{ status: number; body: string; retryAfter: number | undefined }>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const header = res.headers['retry-after'];
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            retryAfter: header === undefined ? undefined : Number(header),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A metric's value from the Prometheus text (the first line that starts with `series`). */
export function metricValue(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/**
 * `connections` clients each send the next start when the last is answered; a 503 is honoured as
 * a well-behaved client would (it waits Retry-After seconds). Completed and backlog figures come
 * from the runtime's own /metrics (the store's count of queued jobs), send-to-finish from each
 * accepted instance's end time once every accepted start has ended.
 */
export async function runOverload(options: {
  admin: ApiClient;
  baseUrl: string;
  workflowId: string;
  connections: number;
  seconds: number;
}): Promise<OverloadResult> {
  const { admin, workflowId } = options;
  const url = new URL(`${options.baseUrl}/api/webhooks/${workflowId}`);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const metrics = async () => (await admin.get<string>('/metrics')).body;
  const ended = (text: string) =>
    metricValue(text, `flowline_instances_ended_total{workflow="${workflowId}",outcome="completed"}`);
  const queued = (text: string) => metricValue(text, 'flowline_queue_depth{queue="jobs_queued"}');

  const sentAt = new Map<string, number>();
  let refused = 0;
  let failed = 0;
  const before = await metrics();
  const started = Date.now();
  const until = started + options.seconds * 1000;
  const body = JSON.stringify({ n: 7 });
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      // A refused start is the same start sent again later: its send time is the first attempt's.
      let firstSent: number | undefined;
      while (Date.now() < until) {
        const sent = Date.now();
        const answer = await post(agent, url, body).catch(() => undefined);
        if (answer && answer.status >= 200 && answer.status < 300) {
          sentAt.set((JSON.parse(answer.body) as { instanceId: string }).instanceId, firstSent ?? sent);
          firstSent = undefined;
        } else if (answer?.status === 503) {
          refused += 1;
          firstSent ??= sent;
          const wait = Math.min((answer.retryAfter ?? 1) * 1000, until - Date.now());
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        } else {
          failed += 1;
        }
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  const after = await metrics();
  agent.destroy();

  // Every accepted start must end before its send-to-finish is known: wait (bounded) for the drain.
  const target = ended(before) + sentAt.size;
  const drainUntil = Date.now() + DRAIN_DEADLINE_MS;
  while (ended(await metrics()) < target && Date.now() < drainUntil)
    await new Promise((r) => setTimeout(r, 250));

  const durations: number[] = [];
  let cursor: string | null = null;
  do {
    const page: {
      status: number;
      body: { items: { id: string; status: string; updatedAt: number }[]; nextCursor: string | null };
    } = await admin.get(
      `/api/instances?workflowId=${workflowId}&createdFrom=${started - 1000}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    for (const item of page.body.items) {
      const sent = sentAt.get(item.id);
      if (sent !== undefined && item.status === 'completed') durations.push(item.updatedAt - sent);
    }
    cursor = page.body.nextCursor;
  } while (cursor);
  durations.sort((a, b) => a - b);
  return {
    acceptedPerSecond: sentAt.size / elapsed,
    refusedPerSecond: refused / elapsed,
    completedPerSecond: (ended(after) - ended(before)) / elapsed,
    backlogGrowthPerSecond: (queued(after) - queued(before)) / elapsed,
    backlogAtEnd: queued(after),
    sendToFinishP50Ms: percentile(durations, 50),
    sendToFinishP99Ms: percentile(durations, 99),
    failed,
    unfinished: sentAt.size - durations.length,
  };
}

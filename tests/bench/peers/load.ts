import autocannon from 'autocannon';

export interface LoadResult {
  /** Answered requests that carried a finished execution's result, per second. */
  readonly completedPerSecond: number;
  readonly completed: number;
  /** Answers that were not a finished execution (non-2xx, or a body without the result). */
  readonly failed: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** The first answer that was not a finished execution, to say why. */
  readonly firstFailure?: string;
}

/**
 * One load run with autocannon against a webhook: `connections` clients each sending the next
 * request when the last is answered, or `rate` requests per second in all (latency at a fixed load).
 */
export async function runLoad(options: {
  url: string;
  connections: number;
  seconds: number;
  rate?: number;
  /** True when the body is a finished execution's result. */
  finished: (body: string) => boolean;
}): Promise<LoadResult> {
  let completed = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    ...(options.rate ? { overallRate: options.rate } : {}),
    timeout: 60,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ n: 7 }),
        onResponse: (status: number, body: string) => {
          if (status >= 200 && status < 300 && options.finished(body)) completed += 1;
          else {
            failed += 1;
            firstFailure ??= `${status} ${body.slice(0, 300)}`;
          }
        },
      },
    ],
  });
  return {
    completedPerSecond: completed / options.seconds,
    completed,
    failed: failed + result.errors + result.timeouts,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ...(firstFailure !== undefined ? { firstFailure } : {}),
  };
}

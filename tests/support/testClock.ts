import type { ApiClient } from './apiClient';

/**
 * Moves a runtime's clock forward (it must run with `testClock: true`; `client` an admin) and
 * resolves after its timers and cron have looked at the new time. Returns the new time.
 *
 * Sessions keep real time (a jump of days signs no one out); approval links, due dates, timers,
 * cron and job retries follow the moved clock. Advance at a quiet point: a job running across the
 * jump sees its lease expire.
 */
export async function advanceClock(client: ApiClient, ms: number): Promise<number> {
  const moved = await client.post<{ now: number }>('/api/test/clock', { advanceMs: ms });
  if (moved.status !== 200)
    throw new Error(`the test clock did not move (${moved.status}): ${JSON.stringify(moved.body)}`);
  return moved.body.now;
}

/** The runtime's clock now. */
export async function readClock(client: ApiClient): Promise<number> {
  const read = await client.get<{ now: number }>('/api/test/clock');
  if (read.status !== 200) throw new Error(`cannot read the test clock (${read.status})`);
  return read.body.now;
}

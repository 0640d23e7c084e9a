import { incidentsOf } from '@flowline/engine';
import { z } from '@hono/zod-openapi';
import { AppError } from '../errors';
import { JsonValue } from './schemas';
import { wholeNumber } from './queryValues';
import { storedState } from '../executor/storedState';
import type { RuntimeCore } from '../runtimeCore';
import type { Instance } from '../store';
import { newInstanceId } from '../instanceIds';

export const IncidentSchema = z
  .object({
    nodeId: z.string(),
    kind: z.enum(['task', 'approval', 'subworkflow']),
    attempts: z.number().int().describe('Attempts of a task; visits of the node for the other kinds'),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    tasks: z.number().int().optional().describe('For an approval: its tasks that could not be given'),
  })
  .openapi('Incident')
  .describe(
    'A node waiting for an operator (retry or cancel): a task failed for good with no error edge, an approval whose tasks could not be given, a child the runtime refused to start',
  );

export const InstanceErrorSchema = z
  .object({ code: z.string(), message: z.string(), nodeId: z.string().optional() })
  .openapi('InstanceError');

/** What a start that waited adds to its answer. */
export const SettledFields = z.object({
  settled: z
    .enum(['ended', 'waiting', 'working'])
    .describe(
      'Only with ?wait: ended; waiting for a person, a time, an event or an operator (see incidents); or still working when the wait ran out',
    ),
  output: JsonValue.optional().describe('Once the instance ended: what its end node returned'),
  error: InstanceErrorSchema.optional(),
  incidents: z.array(IncidentSchema).describe('Nodes waiting for an operator'),
});

/** `?wait=ms` on a start (the API's and a webhook's): answer once the instance settles. */
export const WaitQuery = z.object({
  wait: wholeNumber({ min: 0, unit: 'milliseconds', example: 5000 }).optional().openapi({
    description:
      'Answer only once the instance ended or waits on something outside the runtime (a person, a time, an event, an operator), or after this many ms (at most limits.syncStartWaitMs, 60 s by default). The start itself is never undone by the wait running out.',
    example: 10000,
  }),
});

/** Checked before the start, so a refused wait starts nothing. */
export function assertWaitAllowed(core: RuntimeCore, wait: number | undefined): void {
  if (wait === undefined) return;
  if (wait > core.limits.syncStartWaitMs)
    throw new AppError('INVALID_INPUT', 'The wait is too long', {
      issues: [{ path: 'wait', message: `Wait at most ${core.limits.syncStartWaitMs} ms` }],
    });
  if (wait > 0 && core.settle.size() >= core.limits.syncStartsWaiting)
    // A waiting start ends within its wait (the answer frees its place); a second is a fair guess.
    throw new AppError('RATE_LIMITED', 'Too many starts are waiting for their instances; try again soon', {
      retryAfterSeconds: 1,
      limit: 'limits.syncStartsWaiting',
    });
}

/**
 * Starts an instance and, with `wait`, answers once it settles. The waiter listens before the
 * start commits, so a workflow that runs to its end at once is seen by this process's commits
 * alone, with no read of the store.
 */
export async function startAndWait(
  core: RuntimeCore,
  wait: number,
  signal: AbortSignal,
  start: (id: string) => Promise<Instance>,
  /** A start idempotent by its id (a signed webhook message's) names it; a new one otherwise. */
  id: string = newInstanceId(),
) {
  const { instance, state } = await core.settle.waitUntilSettled(id, {
    timeoutMs: wait,
    signal,
    first: () => start(id),
  });
  return {
    instance,
    settled: {
      settled: state,
      ...(instance.output !== undefined ? { output: instance.output } : {}),
      ...(instance.error ? { error: instance.error } : {}),
      incidents: incidentsOf(storedState(instance).context),
    },
  };
}

import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { incidentsOf } from '@flowline/engine';
import { inInstanceScope, scopedInstanceFilter } from '../../auth';
import { isAppError } from '../../errors';
import { storedState } from '../../executor/storedState';
import { isStoreError, type InstanceFilter } from '../../store';
import type { AppDeps, AppEnv } from '../appEnv';
import { callerInstanceScope, currentUser } from '../currentUser';
import { refuseControlCharacters } from '../displayText';
import { OVERLOADED_DESCRIPTION } from '../overloaded';
import { ErrorSchema, body, errors, json } from '../schemas';
import { businessKeyField } from './businessKeyField';
import { instanceFilterOf, refuseEmptyRange } from './instanceFilters';

/** Most runs one call acts on: a call's work stays bounded, and the caller pages for the rest. */
export const MAX_BATCH = 100;
/** Runs acted on at once within a call: the runtime keeps serving everyone else meanwhile. */
const CONCURRENCY = 4;
const DEFAULT_BATCH = 50;

/** The list's filters, as JSON; only running runs can be retried or cancelled. */
const BatchFilter = z
  .object({
    workflowId: z.string().min(1).max(64).optional(),
    version: z.number().int().min(1).optional().describe('Only this version (with workflowId)'),
    status: z
      .literal('running')
      .optional()
      .describe('Only running runs are acted on, whether or not this is given'),
    startedBy: z.string().min(1).max(200).optional(),
    createdFrom: z.number().int().min(0).optional().describe('Started at or after (ms since epoch)'),
    createdTo: z.number().int().min(0).optional().describe('Started before (ms since epoch)'),
    hasIncident: z.boolean().optional().describe('Only runs with (true) or without (false) an open incident'),
    businessKey: businessKeyField().optional().describe('Only runs with exactly this business key'),
    businessKeyPrefix: businessKeyField()
      .optional()
      .describe('Only runs whose business key starts with this text'),
  })
  .strict()
  .superRefine(refuseEmptyRange)
  .openapi('InstanceBatchFilter');

const targetFields = {
  ids: z
    .array(z.string().min(1).max(200))
    .min(1)
    .max(MAX_BATCH)
    .optional()
    .describe(`The runs to act on (selected in the list), at most ${MAX_BATCH} a call`),
  filter: BatchFilter.optional().describe(
    "Instead of ids: every running run matching the runs list's filters, a batch at a time (newest first)",
  ),
  cursor: z
    .string()
    .max(500)
    .optional()
    .describe("With filter: the previous answer's nextCursor, to go on with the next batch"),
  limit: z
    .number()
    .int()
    .min(1)
    .max(MAX_BATCH)
    .optional()
    .describe(`With filter: how many matching runs this call looks at (${DEFAULT_BATCH} unless given)`),
};

type Target = {
  ids?: string[] | undefined;
  filter?: z.infer<typeof BatchFilter> | undefined;
  cursor?: string | undefined;
};

/** Exactly one of ids and filter; a cursor only goes on from a filter. */
function refuseMixedTargets(target: Target, ctx: z.RefinementCtx): void {
  if ((target.ids === undefined) === (target.filter === undefined))
    ctx.addIssue({ code: 'custom', path: ['ids'], message: 'Give either ids or filter (one of them)' });
  if (target.cursor !== undefined && target.filter === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['cursor'],
      message: 'A cursor goes on from a filter: give the filter too',
    });
  if (target.ids && new Set(target.ids).size !== target.ids.length)
    ctx.addIssue({ code: 'custom', path: ['ids'], message: 'Each id once' });
}

const RetryBody = z
  .object(targetFields)
  .superRefine((target, ctx) => {
    refuseMixedTargets(target, ctx);
    if (target.filter?.hasIncident === false)
      ctx.addIssue({
        code: 'custom',
        path: ['filter', 'hasIncident'],
        message: 'Runs without an incident have nothing to retry',
      });
  })
  .openapi('InstanceBatchRetry');

const CancelBody = z
  .object({
    ...targetFields,
    reason: z
      .string()
      .trim()
      .min(1, 'Say why these runs are cancelled: each run records it in its history')
      .max(2000)
      .superRefine(refuseControlCharacters)
      .describe("Why: kept in each run's history and output, with who cancelled it"),
  })
  .superRefine(refuseMixedTargets)
  .openapi('InstanceBatchCancel');

const BatchResult = z
  .object({
    done: z.number().int().describe('Runs retried (each open incident once) or cancelled by this call'),
    skipped: z
      .array(
        z.object({
          id: z.string(),
          code: z
            .string()
            .describe('INSTANCE_ENDED, NO_INCIDENT, NOT_FOUND, or the error a single action would answer'),
          message: z.string(),
        }),
      )
      .describe('Runs this call looked at and left as they are, each with why'),
    nextCursor: z
      .string()
      .nullable()
      .describe('With filter: more runs match; send it back with the same filter for the next batch'),
  })
  .openapi('InstanceBatchResult');

type Skip = { id: string; code: string; message: string };
type Outcome = { done: true } | ({ done: false } & Omit<Skip, 'id'>);

const skippedFor = (error: unknown): Omit<Skip, 'id'> => {
  if (isAppError(error)) return { code: error.code, message: error.message };
  if (isStoreError(error)) return { code: `STORE_${error.code}`, message: error.message };
  throw error;
};

/**
 * Retry and cancel for many runs at once (after an outage, hundreds stopped at the same step):
 * the runs selected in the list, or every running run matching its filters. Each run goes through
 * the executor as the single actions do (its history names who did it); a call acts on a bounded
 * batch, a few runs at a time, and answers what it did and what it left, with why.
 */
export function instanceBatchRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const { core, clock } = deps;

  /** The runs of this call: the visible ones among the ids, or the next page of the filter. */
  async function runsOf(
    c: Context<AppEnv>,
    target: z.infer<typeof RetryBody>,
    narrow: InstanceFilter,
  ): Promise<{ asked: string[]; ids: string[]; skipped: Skip[]; nextCursor: string | null }> {
    const scope = callerInstanceScope(c);
    if (target.ids) {
      const skipped: Skip[] = [];
      const found = new Map((await core.store.getInstances(target.ids)).map((i) => [i.id, i]));
      const ids: string[] = [];
      for (const id of target.ids) {
        const instance = found.get(id);
        // Outside the caller's view reads as missing, as for one run.
        if (!instance || !(await inInstanceScope(core.store, scope, instance)))
          skipped.push({ id, code: 'NOT_FOUND', message: `There is no instance ${id}` });
        else ids.push(id);
      }
      return { asked: target.ids, ids, skipped, nextCursor: null };
    }
    const filter = scopedInstanceFilter(scope, { ...instanceFilterOf(target.filter ?? {}), ...narrow });
    if (!filter) return { asked: [], ids: [], skipped: [], nextCursor: null };
    const page = await core.store.listInstances(filter, {
      limit: target.limit ?? DEFAULT_BATCH,
      ...(target.cursor ? { cursor: target.cursor } : {}),
    });
    const ids = page.items.map((i) => i.id);
    return { asked: ids, ids, skipped: [], nextCursor: page.nextCursor };
  }

  async function actOnEach(ids: readonly string[], act: (id: string) => Promise<Outcome>) {
    let done = 0;
    const skipped: Skip[] = [];
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        let outcome: Outcome;
        try {
          outcome = await act(id);
        } catch (error) {
          outcome = { done: false, ...skippedFor(error) };
        }
        if (outcome.done) done += 1;
        else skipped.push({ id, code: outcome.code, message: outcome.message });
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
    return { done, skipped };
  }

  /** The answer, its skipped runs in the order they were asked for (or listed), whichever finished first. */
  const answer = (
    ids: readonly string[],
    { done, skipped }: { done: number; skipped: Skip[] },
    nextCursor: string | null,
  ) => {
    const order = new Map(ids.map((id, index) => [id, index]));
    return { done, skipped: skipped.sort((a, b) => order.get(a.id)! - order.get(b.id)!), nextCursor };
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/instances/retry',
      tags: ['instances'],
      summary: 'Retry the incidents of many runs: those selected, or every one matching filters',
      request: body(RetryBody),
      responses: {
        200: json(BatchResult, 'What this call retried and what it left, with why'),
        ...errors,
        503: json(ErrorSchema, `${OVERLOADED_DESCRIPTION}; nothing of this call was retried`),
      },
    }),
    async (c) => {
      const target = c.req.valid('json');
      const user = currentUser(c);
      // Every retry queues a job: past the backlog limit the caller waits (Retry-After) and goes on.
      core.backlog.assertRoom();
      const { asked, ids, skipped, nextCursor } = await runsOf(c, target, {
        status: 'running',
        hasIncident: true,
      });
      const result = await actOnEach(ids, async (id) => {
        const instance = await core.store.getInstance(id);
        if (!instance) return { done: false, code: 'NOT_FOUND', message: `There is no instance ${id}` };
        if (instance.status !== 'running')
          return { done: false, code: 'INSTANCE_ENDED', message: 'The instance has already ended' };
        const nodes = incidentsOf(storedState(instance).context).map((incident) => incident.nodeId);
        let retried = 0;
        let last: Outcome | undefined;
        for (const nodeId of nodes) {
          const sent = await core.executor.send(
            id,
            { type: 'job.retry', nodeId, by: user.id, at: clock.now() },
            { actor: user.id },
          );
          if (sent.changed) retried += 1;
          else
            last = sent.ended
              ? { done: false, code: 'INSTANCE_ENDED', message: 'The instance has already ended' }
              : { done: false, code: 'NO_INCIDENT', message: `"${nodeId}" has no incident to retry` };
        }
        if (retried > 0) return { done: true };
        return last ?? { done: false, code: 'NO_INCIDENT', message: 'No step of it waits for an operator' };
      });
      return c.json(
        answer(asked, { done: result.done, skipped: [...skipped, ...result.skipped] }, nextCursor),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/instances/cancel',
      tags: ['instances'],
      summary: 'Cancel many runs, with a reason: those selected, or every one matching filters',
      request: body(CancelBody),
      responses: { 200: json(BatchResult, 'What this call cancelled and what it left, with why'), ...errors },
    }),
    async (c) => {
      const { reason, ...target } = c.req.valid('json');
      const user = currentUser(c);
      const { asked, ids, skipped, nextCursor } = await runsOf(c, target, { status: 'running' });
      const result = await actOnEach(ids, async (id) => {
        const sent = await core.executor.send(
          id,
          { type: 'instance.cancel', by: user.id, reason, at: clock.now() },
          { actor: user.id },
        );
        return sent.changed
          ? { done: true }
          : { done: false, code: 'INSTANCE_ENDED', message: 'The instance has already ended' };
      });
      return c.json(
        answer(asked, { done: result.done, skipped: [...skipped, ...result.skipped] }, nextCursor),
        200,
      );
    },
  );
}

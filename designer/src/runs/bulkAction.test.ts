import { describe, expect, it } from 'vitest';
import { ApiError } from '../app/apiErrors';
import {
  bulkCountQuery,
  bulkFilter,
  bulkSummary,
  runBulk,
  type BatchAnswer,
  type BatchRequest,
} from './bulkAction';

const problem = (code: string, status: number, sentence: string, retryAfterSeconds?: number) =>
  new ApiError({
    status,
    code,
    sentence,
    fields: [],
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  });

describe('bulk actions over the runs list', () => {
  it('acts on the running runs of the filters; a retry only on those with an incident', () => {
    const filters = { workflowId: 'onboarding', startedBy: 'ada', incident: true as const };
    expect(bulkFilter('retry', { workflowId: 'onboarding' })).toEqual({
      workflowId: 'onboarding',
      status: 'running',
      hasIncident: true,
    });
    expect(bulkFilter('cancel', { workflowId: 'onboarding' })).toEqual({
      workflowId: 'onboarding',
      status: 'running',
    });
    expect(bulkFilter('cancel', filters)).toEqual({
      workflowId: 'onboarding',
      startedBy: 'ada',
      status: 'running',
      hasIncident: true,
    });
    // The count the confirmation shows asks for exactly the same runs.
    expect(bulkCountQuery('retry', filters)).toEqual({
      workflowId: 'onboarding',
      startedBy: 'ada',
      status: 'running',
      hasIncident: 'true',
    });
    // The business key search narrows a bulk action as it narrows the list.
    expect(bulkFilter('cancel', { key: 'INC00123' })).toEqual({
      businessKeyPrefix: 'INC00123',
      status: 'running',
    });
  });

  it('goes through every batch of a filter with the cursor the runtime gives, telling progress', async () => {
    const calls: BatchRequest[] = [];
    const answers: BatchAnswer[] = [
      { done: 100, skipped: [], nextCursor: 'c1' },
      {
        done: 99,
        skipped: [{ id: 'r7', code: 'INSTANCE_ENDED', message: 'The instance has already ended' }],
        nextCursor: 'c2',
      },
      { done: 12, skipped: [], nextCursor: null },
    ];
    const progress: number[] = [];
    const result = await runBulk(
      'cancel',
      { filter: { status: 'running' } },
      {
        call: async (_kind, request) => (calls.push(request), answers.shift()!),
        wait: async () => undefined,
      },
      { reason: 'Outage over', onProgress: (n) => progress.push(n) },
    );
    expect(calls.map((c) => c.cursor)).toEqual([undefined, 'c1', 'c2']);
    expect(calls.every((c) => c.reason === 'Outage over' && c.limit === 100)).toBe(true);
    expect(progress).toEqual([100, 200, 212]);
    expect(result).toEqual({ done: 211, skipped: [expect.objectContaining({ id: 'r7' })] });
  });

  it('sends selected runs in chunks the API takes, and waits out a busy runtime on the same chunk', async () => {
    const ids = Array.from({ length: 230 }, (_, i) => `r${i}`);
    const sent: string[][] = [];
    const waits: number[] = [];
    let refuseOnce = true;
    const result = await runBulk(
      'retry',
      { ids },
      {
        call: async (kind, request) => {
          expect(kind).toBe('retry');
          expect(request).not.toHaveProperty('reason');
          if (sent.length === 1 && refuseOnce) {
            refuseOnce = false;
            throw problem('OVERLOADED', 503, 'The runtime is busy.', 3);
          }
          sent.push(request.ids!);
          return { done: request.ids!.length, skipped: [], nextCursor: null };
        },
        wait: async (seconds) => void waits.push(seconds),
      },
    );
    expect(sent.map((chunk) => chunk.length)).toEqual([100, 100, 30]);
    expect(sent.flat()).toEqual(ids);
    expect(waits).toEqual([3]);
    expect(result.done).toBe(230);
  });

  it('stops at a refusal or when asked, keeping what was done', async () => {
    let calls = 0;
    const failing = await runBulk(
      'retry',
      { filter: {} },
      {
        call: async () => {
          calls += 1;
          if (calls === 2) throw problem('FORBIDDEN', 403, 'You do not have permission to do this.');
          return { done: 5, skipped: [], nextCursor: 'more' };
        },
        wait: async () => undefined,
      },
    );
    expect(failing).toMatchObject({ done: 5, stopped: { reason: 'error' } });
    let stop = false;
    const asked = await runBulk(
      'retry',
      { filter: {} },
      {
        call: async () => ((stop = true), { done: 5, skipped: [], nextCursor: 'more' }),
        wait: async () => undefined,
      },
      { stop: () => stop },
    );
    expect(asked).toEqual({ done: 5, skipped: [], stopped: { reason: 'asked' } });
  });

  it('says what was done and, by reason, what was left', () => {
    const describe = (error: unknown) => (error as Error).message;
    expect(bulkSummary('retry', { done: 1, skipped: [] }, describe)).toBe(
      'Retried 1 run: each stopped step runs once more.',
    );
    expect(
      bulkSummary(
        'cancel',
        {
          done: 40,
          skipped: [
            { id: 'a', code: 'INSTANCE_ENDED', message: 'The instance has already ended' },
            { id: 'b', code: 'INSTANCE_ENDED', message: 'The instance has already ended' },
            { id: 'c', code: 'LIMIT_EXCEEDED', message: 'The history is full.' },
          ],
        },
        describe,
      ),
    ).toBe(
      'Cancelled 40 runs. 3 runs left as they were: 2 had already ended; 1 was refused (The history is full).',
    );
    expect(
      bulkSummary(
        'retry',
        {
          done: 0,
          skipped: [],
          stopped: { reason: 'error', error: new Error('You do not have permission to do this.') },
        },
        describe,
      ),
    ).toBe('Nothing was retried. Stopped before the end: You do not have permission to do this.');
  });
});

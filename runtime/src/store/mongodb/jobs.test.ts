import { describe, expect, it } from 'vitest';
import { T0, aJob } from '../contract/fixtures';
import { indexServing } from './indexCoverage';
import {
  CANCEL_JOB,
  RELEASE_JOB,
  cancellable,
  claimArms,
  claimUpdate,
  enqueueJobWrite,
  finishJobUpdate,
  heldBy,
  jobCollections,
  jobDocument,
  releaseFilter,
  retryJobUpdate,
  toJob,
} from './jobs';

const [spec] = jobCollections;
const lease = { leaseOwner: 'worker-a', leaseToken: 'tok', leaseExpiresAt: T0 + 30_000 };

describe('MongoDB jobs', () => {
  it('maps a job to its document and back, keeping input with $ and dotted keys as text', () => {
    const job = aJob({ input: { $ref: '#/a', 'a.b': [1, null] }, connection: 'scim', maxAttempts: 3 });
    const doc = jobDocument(job);
    expect(doc).toMatchObject({ _id: job.id, status: 'queued', input: JSON.stringify(job.input) });
    expect(doc).not.toHaveProperty('leaseOwner');
    expect(toJob(doc)).toEqual({ ...job, status: 'queued' });
    const leased = jobDocument(aJob(), lease);
    expect(toJob(leased)).toEqual({
      ...aJob(),
      status: 'running',
      leaseOwner: 'worker-a',
      leaseExpiresAt: T0 + 30_000,
    });
    expect(leased.leaseToken).toBe('tok');
  });

  it('maps a finished job with its result', () => {
    const result = { status: 'succeeded' as const, output: { $x: 1 }, finishedAt: T0 };
    const doc = { ...jobDocument(aJob()), status: 'succeeded' as const, result: JSON.stringify(result) };
    expect(toJob(doc)).toEqual({ ...aJob(), status: 'succeeded', result });
  });

  it('enqueues by an upsert keyed by id that writes only on insert', () => {
    const { filter, update } = enqueueJobWrite(aJob(), lease);
    expect(filter).toEqual({ _id: aJob().id });
    expect(update).toEqual({
      $setOnInsert: expect.objectContaining({ status: 'running', leaseToken: 'tok' }),
    });
    expect(update.$setOnInsert).not.toHaveProperty('_id');
  });

  it('claims along two arms, each walking its own index in due order', () => {
    const [expired, queued] = claimArms(T0);
    expect(expired).toEqual({
      filter: { status: 'running', leaseExpiresAt: { $lte: T0 } },
      sort: { leaseExpiresAt: 1, _id: 1 },
    });
    expect(queued).toEqual({ filter: { status: 'queued', runAt: { $lte: T0 } }, sort: { runAt: 1, _id: 1 } });
    expect(indexServing(spec!, expired!)).toBe('jobs_running_by_lease_expiry');
    expect(indexServing(spec!, queued!)).toBe('jobs_queued_by_run_at');
    expect(claimUpdate('w', 't', T0)).toEqual({
      $set: { status: 'running', leaseOwner: 'w', leaseToken: 't', leaseExpiresAt: T0 },
    });
  });

  it('fences completion, extension and retry by the lease token, and clears the lease after', () => {
    expect(heldBy('j', 'tok')).toEqual({ _id: 'j', status: 'running', leaseToken: 'tok' });
    const result = {
      status: 'failed' as const,
      error: { code: 'X', message: 'm', retryable: false },
      finishedAt: T0,
    };
    expect(finishJobUpdate(result)).toEqual({
      $set: { status: 'failed', result: JSON.stringify(result) },
      $unset: { leaseOwner: '', leaseToken: '', leaseExpiresAt: '' },
    });
    expect(retryJobUpdate(T0)).toMatchObject({ $set: { status: 'queued', runAt: T0 }, $inc: { attempt: 1 } });
    expect(CANCEL_JOB.$unset).toEqual(RELEASE_JOB.$unset);
  });

  it('serves every other query from an index', () => {
    expect(indexServing(spec!, { filter: heldBy('j', 't') })).toBe('_id_');
    expect(indexServing(spec!, { filter: cancellable('j') })).toBe('_id_');
    expect(indexServing(spec!, { filter: releaseFilter('w') })).toBe('jobs_running_by_owner');
    expect(indexServing(spec!, { filter: { status: 'succeeded' } })).toBe('jobs_by_status');
  });

  it('declares a validator requiring what jobDocument always writes', () => {
    const required = (spec!.validator as { $jsonSchema: { required: string[] } }).$jsonSchema.required;
    expect(Object.keys(jobDocument(aJob())).sort()).toEqual(expect.arrayContaining(required));
    expect(required).toContain('status');
  });
});

/**
 * Collection `jobs`, one document per job, written here and by step effects (effects.ts, which
 * must use jobDocument / the filters below so both write the same shape):
 *
 *   { _id: job id, instanceId, nodeId, action, connection?, input: JSON text, attempt,
 *     idempotencyKey, runAt: epoch ms, timeoutMs, maxAttempts?,
 *     status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled',
 *     leaseOwner?, leaseToken?, leaseExpiresAt?: epoch ms   (only while running),
 *     result?: JSON text of the JobResult                     (only once finished) }
 */
import { randomUUID } from 'node:crypto';
import type { Filter, UpdateFilter } from 'mongodb';
import type { JobStore } from '../port';
import type { ClaimedJob, JobResult, NewJob } from '../schemas/job';
import type { ClaimRequest, Lease } from '../schemas/lease';
import { consistentCollection } from './consistentCollection';
import type { CollectionSpec, MongoContext } from './context';
import { withStoreErrors } from './storeErrors';
import { toPayloadText } from './payloadText';
import { CLEAR_LEASE, fromJobDocument, jobDocument, JOBS, type JobDocument } from './recordDocuments';

// One mapping of a job to its document, shared with step effects (recordDocuments.ts).
export { JOBS, jobDocument, fromJobDocument as toJob, type JobDocument };

// Filters and updates, pure so they can be checked against the indexes below (jobs.test.ts) and
// shared with step effects. Each is keyed by _id or served by one index.

/** Idempotent enqueue: an upsert that only writes when the id is new (upsertedCount says which). */
export function enqueueJobWrite(
  job: NewJob,
  lease?: Lease,
): { filter: Filter<JobDocument>; update: UpdateFilter<JobDocument> } {
  const { _id, ...fields } = jobDocument(job, lease);
  return { filter: { _id }, update: { $setOnInsert: fields } };
}

/**
 * The two claimable kinds, as two arms each served by its own partial index (like the SQLite
 * adapter's two-arm claim): due queued jobs by run time, and running jobs whose lease expired —
 * their worker vanished — by expiry. Each claim is one findOneAndUpdate: O(log n) to the first.
 */
export function claimArms(now: number): { filter: Filter<JobDocument>; sort: { [field: string]: 1 } }[] {
  return [
    { filter: { status: 'running', leaseExpiresAt: { $lte: now } }, sort: { leaseExpiresAt: 1, _id: 1 } },
    { filter: { status: 'queued', runAt: { $lte: now } }, sort: { runAt: 1, _id: 1 } },
  ];
}

export function claimUpdate(
  owner: string,
  leaseToken: string,
  leaseExpiresAt: number,
): UpdateFilter<JobDocument> {
  return { $set: { status: 'running', leaseOwner: owner, leaseToken, leaseExpiresAt } };
}

/** Only the current lease holder: a completion, extension or retry names its token (fencing). */
export const heldBy = (id: string, leaseToken: string): Filter<JobDocument> => ({
  _id: id,
  status: 'running',
  leaseToken,
});

export function finishJobUpdate(result: JobResult): UpdateFilter<JobDocument> {
  return { $set: { status: result.status, result: toPayloadText(result) }, $unset: CLEAR_LEASE };
}

export function retryJobUpdate(runAt: number): UpdateFilter<JobDocument> {
  return { $set: { status: 'queued', runAt }, $inc: { attempt: 1 }, $unset: CLEAR_LEASE };
}

export const cancellable = (id: string): Filter<JobDocument> => ({
  _id: id,
  status: { $in: ['queued', 'running'] },
});

export const CANCEL_JOB: UpdateFilter<JobDocument> = { $set: { status: 'cancelled' }, $unset: CLEAR_LEASE };

export const releaseFilter = (owner: string): Filter<JobDocument> => ({
  leaseOwner: owner,
  status: 'running',
});

export const RELEASE_JOB: UpdateFilter<JobDocument> = { $set: { status: 'queued' }, $unset: CLEAR_LEASE };

const runningOnly = { partialFilterExpression: { status: 'running' } };

export const jobCollections: CollectionSpec[] = [
  {
    name: JOBS,
    validator: {
      $jsonSchema: {
        bsonType: 'object',
        required: [
          '_id',
          'instanceId',
          'nodeId',
          'action',
          'input',
          'attempt',
          'idempotencyKey',
          'runAt',
          'timeoutMs',
          'status',
        ],
        properties: {
          _id: { bsonType: 'string' },
          instanceId: { bsonType: 'string' },
          nodeId: { bsonType: 'string' },
          action: { bsonType: 'string' },
          connection: { bsonType: 'string' },
          input: { bsonType: 'string' },
          attempt: { bsonType: ['int', 'long', 'double'], minimum: 1 },
          idempotencyKey: { bsonType: 'string' },
          runAt: { bsonType: ['int', 'long', 'double'] },
          timeoutMs: { bsonType: ['int', 'long', 'double'] },
          maxAttempts: { bsonType: ['int', 'long', 'double'] },
          status: { enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] },
          leaseOwner: { bsonType: 'string' },
          leaseToken: { bsonType: 'string' },
          leaseExpiresAt: { bsonType: ['int', 'long', 'double'] },
          result: { bsonType: 'string' },
        },
      },
    },
    indexes: [
      // Claims: each arm walks its own partial index from the earliest entry.
      {
        key: { runAt: 1, _id: 1 },
        name: 'jobs_queued_by_run_at',
        partialFilterExpression: { status: 'queued' },
      },
      { key: { leaseExpiresAt: 1, _id: 1 }, name: 'jobs_running_by_lease_expiry', ...runningOnly },
      // Graceful shutdown hands back one owner's running jobs.
      { key: { leaseOwner: 1 }, name: 'jobs_running_by_owner', ...runningOnly },
      // countJobs(status): a count over an index range, no document read.
      { key: { status: 1 }, name: 'jobs_by_status' },
    ],
  },
];

export function mongoJobs(context: MongoContext): JobStore {
  const jobs = consistentCollection<JobDocument>(context, JOBS);

  /** One claim along one arm: the earliest claimable job, leased in the same atomic update. */
  const claimOne = async (
    arm: ReturnType<typeof claimArms>[number],
    { owner, now, leaseMs }: ClaimRequest,
  ) => {
    const leaseToken = randomUUID();
    const doc = await jobs.findOneAndUpdate(arm.filter, claimUpdate(owner, leaseToken, now + leaseMs), {
      sort: arm.sort,
      returnDocument: 'after',
    });
    return doc
      ? ({
          ...fromJobDocument(doc),
          status: 'running',
          leaseOwner: owner,
          leaseToken,
          leaseExpiresAt: now + leaseMs,
        } satisfies ClaimedJob)
      : null;
  };

  return withStoreErrors('jobs', {
    async enqueueJob(job) {
      const { filter, update } = enqueueJobWrite(job);
      return (await jobs.updateOne(filter, update, { upsert: true })).upsertedCount > 0;
    },

    async getJob(id) {
      const doc = await jobs.findOne({ _id: id });
      return doc ? fromJobDocument(doc) : null;
    },

    async claimJobs(request) {
      const claimed: ClaimedJob[] = [];
      // Jobs whose worker vanished first: they are the oldest work; then due queued jobs.
      for (const arm of claimArms(request.now)) {
        while (claimed.length < request.limit) {
          const job = await claimOne(arm, request);
          if (!job) break;
          claimed.push(job);
        }
      }
      return claimed;
    },

    async completeJob(id, leaseToken, result) {
      return (await jobs.updateOne(heldBy(id, leaseToken), finishJobUpdate(result))).modifiedCount > 0;
    },

    async extendLease(id, leaseToken, { now, leaseMs }) {
      const update = { $set: { leaseExpiresAt: now + leaseMs } };
      return (await jobs.updateOne(heldBy(id, leaseToken), update)).matchedCount > 0;
    },

    async retryJob(id, leaseToken, { runAt }) {
      return (await jobs.updateOne(heldBy(id, leaseToken), retryJobUpdate(runAt))).modifiedCount > 0;
    },

    async releaseJobs(owner) {
      return (await jobs.updateMany(releaseFilter(owner), RELEASE_JOB)).modifiedCount;
    },

    async cancelJob(id) {
      return (await jobs.updateOne(cancellable(id), CANCEL_JOB)).modifiedCount > 0;
    },

    async countJobs(status) {
      return jobs.countDocuments({ status });
    },
  });
}

import type { Document } from 'mongodb';
import type { MongoContext } from './context';
import { isStoreError } from '../errors';
import { isDuplicateKey, withRetry } from './errors';

/**
 * A numbered log that readers follow without gaps across processes (the change feed, the list of
 * publications), without multi-document transactions.
 *
 * Why not a plain counter: a writer takes seq 6 from the counter, another takes 7 and inserts
 * first; a reader that sees 7 and moves on never sees 6. Here a reader that meets a hole waits
 * briefly for it to fill, then fills it itself with a tombstone (an insert of that seq, won by
 * exactly one of writer and reader through the unique `_id`). A writer that loses its seq to a
 * tombstone takes a new one, so every entry lands exactly once (its `key` is unique too, so a
 * repeated append after a crash lands nowhere twice), and a reader that has seen seq n has seen
 * every entry before n, whichever process wrote it.
 *
 * Entry documents: `{_id: seq, key, ...fields}`; tombstones `{_id: seq, key: '~' + seq, skipped: true}`.
 * Counter document (collection `counters`): `{_id: log.counter, seq, prunedThrough?}`.
 */
export interface SequencedLog {
  readonly collection: string;
  readonly counter: string;
}

export const COUNTERS = 'counters';

export interface LogDocument extends Document {
  _id: number;
  key: string;
  skipped?: true;
}

interface CounterDocument extends Document {
  _id: string;
  seq?: number;
  prunedThrough?: number;
}

const counters = (context: MongoContext) => context.db.collection<CounterDocument>(COUNTERS);
const entries = (context: MongoContext, log: SequencedLog) =>
  context.db.collection<LogDocument>(log.collection);

export interface KeyedEntry {
  /** Unique per entry: appending the same key twice keeps the first. */
  readonly key: string;
  readonly fields: Document;
}

/**
 * Takes `count` seqs; returns the first. The first allocation ever upserts the counter: two
 * processes doing so at once may meet a duplicate key, and the loser simply increments again.
 * (A retry after a lost answer may take seqs twice: they stay holes that readers close.)
 */
export async function allocate(context: MongoContext, log: SequencedLog, count: number): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const counter = await withRetry('Numbering a log entry', () =>
        counters(context).findOneAndUpdate(
          { _id: log.counter },
          { $inc: { seq: count } },
          { upsert: true, returnDocument: 'after', writeConcern: context.consistency.writeConcern },
        ),
      );
      const last = typeof counter?.['seq'] === 'number' ? counter['seq'] : count;
      return last - count + 1;
    } catch (error) {
      if (attempt >= 3 || !isStoreError(error, 'CONFLICT')) throw error;
    }
  }
}

/** Appends entries in order (each at most once, by key). Resolves when all are durable. */
export async function append(
  context: MongoContext,
  log: SequencedLog,
  items: readonly KeyedEntry[],
): Promise<void> {
  let waiting = [...items];
  // Each round either lands an entry or finds it landed; a seq lost to a reader's tombstone is the
  // only reason to go round again, and readers tombstone only seqs left unfilled for a while.
  for (let round = 0; waiting.length > 0; round += 1) {
    if (round > 20) throw new Error(`Could not append to ${log.collection}: seqs kept being taken.`);
    const first = await allocate(context, log, waiting.length);
    const docs = waiting.map((entry, i): LogDocument => ({
      ...entry.fields,
      _id: first + i,
      key: entry.key,
    }));
    const failed = await insertIgnoringDuplicates(context, log, docs);
    const retry: KeyedEntry[] = [];
    for (const index of failed) {
      const entry = waiting[index]!;
      const seq = first + index;
      const landed = await entries(context, log).findOne({ key: entry.key }, { projection: { _id: 1 } });
      // Landed under another seq (a repeat after a crash): this seq stays empty, so close it now.
      if (landed) await tombstone(context, log, seq);
      else retry.push(entry);
    }
    waiting = retry;
  }
}

/** Inserts unordered; returns the indexes refused as duplicates (any other error throws). */
async function insertIgnoringDuplicates(
  context: MongoContext,
  log: SequencedLog,
  docs: LogDocument[],
): Promise<number[]> {
  try {
    await withRetry('Appending to a log', () =>
      entries(context, log).insertMany(docs, {
        ordered: false,
        writeConcern: context.consistency.writeConcern,
      }),
    );
    return [];
  } catch (error) {
    if (!isDuplicateKey(error) && !isDuplicateCause(error)) throw error;
    return duplicateIndexes(error);
  }
}

const isDuplicateCause = (error: unknown): boolean =>
  error instanceof Error && error.cause !== undefined && isDuplicateKey(error.cause);

function duplicateIndexes(error: unknown): number[] {
  const source = (isDuplicateCause(error) ? (error as Error).cause : error) as { writeErrors?: unknown };
  const list = Array.isArray(source.writeErrors)
    ? source.writeErrors
    : source.writeErrors
      ? [source.writeErrors]
      : [];
  return list.map((entry) => (entry as { index: number }).index);
}

/** Fills a seq nobody wrote; a duplicate means somebody did (or already closed it). */
export async function tombstone(context: MongoContext, log: SequencedLog, seq: number): Promise<void> {
  try {
    await entries(context, log).insertOne(
      { _id: seq, key: `~${seq}`, skipped: true },
      { writeConcern: context.consistency.writeConcern },
    );
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}

/**
 * The gap-free prefix of `docs` (sorted by `_id`) starting at `expected`: the entries to hand out
 * (tombstones dropped), where the walk stopped, and whether it stopped at a hole (a later seq
 * exists while `next` does not).
 */
export function walkContiguous(
  docs: readonly LogDocument[],
  expected: number,
  limit: number,
): { entries: LogDocument[]; next: number; hole: boolean } {
  const entries: LogDocument[] = [];
  let next = expected;
  for (const doc of docs) {
    if (doc['_id'] !== next) return { entries, next, hole: true };
    next += 1;
    if (doc['skipped'] !== true) entries.push(doc);
    if (entries.length >= limit) break;
  }
  return { entries, next, hole: false };
}

export interface ReadOptions {
  /** How long a reader waits for a hole to fill before closing it. Default 2 s. */
  gapWaitMs?: number;
}

/** Entries after `afterSeq`, in seq order, at most `limit`, never skipping an unfilled seq unawares. */
export async function readLog(
  context: MongoContext,
  log: SequencedLog,
  afterSeq: number,
  limit: number,
  options: ReadOptions = {},
): Promise<LogDocument[]> {
  const collection = entries(context, log);
  const counter = await counters(context).findOne({ _id: log.counter });
  const prunedThrough = typeof counter?.['prunedThrough'] === 'number' ? counter['prunedThrough'] : 0;
  let expected = Math.max(afterSeq, prunedThrough) + 1;
  const out: LogDocument[] = [];
  const batch = Math.max(limit, 16);
  for (;;) {
    const docs = await collection
      .find({ _id: { $gte: expected } }, { readConcern: context.consistency.readConcern })
      .sort({ _id: 1 })
      .limit(batch)
      .toArray();
    const walked = walkContiguous(docs, expected, limit - out.length);
    out.push(...walked.entries);
    expected = walked.next;
    if (out.length >= limit) return out;
    if (!walked.hole) {
      if (docs.length < batch) return out;
      continue;
    }
    // Hand out what is certain now; wait on the hole only when there is nothing else to give.
    if (out.length > 0) return out;
    await waitOrClose(context, log, expected, options.gapWaitMs ?? 2000);
  }
}

async function waitOrClose(
  context: MongoContext,
  log: SequencedLog,
  seq: number,
  gapWaitMs: number,
): Promise<void> {
  const collection = entries(context, log);
  const deadline = Date.now() + gapWaitMs;
  for (let pause = 5; Date.now() < deadline; pause = Math.min(pause * 2, 200)) {
    await new Promise((resolve) => setTimeout(resolve, pause));
    if (await collection.findOne({ _id: seq }, { projection: { _id: 1 } })) return;
  }
  // Its writer crashed between numbering and writing, or is very late (it will take a new seq).
  await tombstone(context, log, seq);
}

export async function logBounds(
  context: MongoContext,
  log: SequencedLog,
): Promise<{ oldest: number; latest: number }> {
  const collection = entries(context, log);
  const [first, last, counter] = await Promise.all([
    collection
      .find({}, { projection: { _id: 1 } })
      .sort({ _id: 1 })
      .limit(1)
      .next(),
    collection
      .find({}, { projection: { _id: 1 } })
      .sort({ _id: -1 })
      .limit(1)
      .next(),
    counters(context).findOne({ _id: log.counter }),
  ]);
  const pruned = typeof counter?.['prunedThrough'] === 'number' ? counter['prunedThrough'] : 0;
  const oldest = typeof first?.['_id'] === 'number' ? first['_id'] : 0;
  const newest = typeof last?.['_id'] === 'number' ? last['_id'] : 0;
  return { oldest, latest: Math.max(newest, pruned) };
}

/** Forgets all but the newest `keep` entries; the counter keeps the sequence going forward. */
export async function pruneLog(context: MongoContext, log: SequencedLog, keep: number): Promise<number> {
  const { latest } = await logBounds(context, log);
  const through = latest - Math.max(0, keep);
  if (through <= 0) return 0;
  const deleted = await withRetry('Pruning a log', () =>
    entries(context, log).deleteMany(
      { _id: { $lte: through } },
      { writeConcern: context.consistency.writeConcern },
    ),
  );
  await withRetry('Pruning a log', () =>
    counters(context).updateOne(
      { _id: log.counter },
      { $max: { prunedThrough: through } },
      { upsert: true, writeConcern: context.consistency.writeConcern },
    ),
  );
  return deleted.deletedCount;
}

import type { Document } from 'mongodb';
import { type ChainHead, verifyChain } from '../historyChain';
import type { HistoryStore } from '../port';
import type { Json } from '../schemas/common';
import type { HistoryEntry } from '../schemas/history';
import type { MongoContext } from './context';
import { isDuplicateKey, withRetry } from './errors';
import type { InstanceDocument } from './instanceDocuments';
import { fromText, present, toText } from './json';

/**
 * History entries live in their own collection, one document per entry,
 * `{_id: '<instanceId>:<seq>', instanceId, seq, at, type, nodeId?, actor?, data: text, step?, prevHash, hash}`,
 * unique by (instanceId, seq). A step writes its entries into the instance document (its
 * StepRecord) in the same compare-and-set as its state, then copies them here and drops them there:
 * the instance document stays small (history grows without bound; a document may not pass 16 MB)
 * and a step costs the same however long the history is. Readers take the instance's pending
 * entries and the collection together, so an entry is readable from the moment its step commits.
 */
export const HISTORY = 'history';

export interface HistoryDocument extends Document {
  _id: string;
  instanceId: string;
  seq: number;
  at: number;
  type: string;
  nodeId?: string;
  actor?: string;
  data: string;
  step?: NonNullable<HistoryEntry['step']>;
  prevHash: string;
  hash: string;
}

export const historyDocument = (entry: HistoryEntry): HistoryDocument =>
  present<HistoryDocument>({
    _id: `${entry.instanceId}:${entry.seq}`,
    instanceId: entry.instanceId,
    seq: entry.seq,
    at: entry.at,
    type: entry.type,
    nodeId: entry.nodeId,
    actor: entry.actor,
    data: toText(entry.data),
    step: entry.step,
    prevHash: entry.prevHash,
    hash: entry.hash,
  });

export const fromHistoryDocument = (doc: HistoryDocument): HistoryEntry =>
  present<HistoryEntry>({
    instanceId: doc.instanceId,
    seq: doc.seq,
    at: doc.at,
    type: doc.type,
    nodeId: doc.nodeId,
    actor: doc.actor,
    data: fromText<Json>(doc.data, 'history data'),
    step: doc.step,
    prevHash: doc.prevHash,
    hash: doc.hash,
  });

/** Idempotent by (instanceId, seq): entries already copied are left as they are. */
export async function insertHistory(context: MongoContext, docs: readonly HistoryDocument[]): Promise<void> {
  if (docs.length === 0) return;
  await withRetry('Writing history', async () => {
    try {
      await context.db
        .collection<HistoryDocument>(HISTORY)
        .insertMany([...docs], { ordered: false, writeConcern: context.consistency.writeConcern });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  });
}

export function mongoHistory(context: MongoContext): HistoryStore {
  /** The instance first, then the collection: an entry leaves the instance only once it is copied. */
  async function read(instanceId: string): Promise<{ entries: HistoryEntry[]; head?: ChainHead }> {
    const instance = await context.db
      .collection<InstanceDocument>('instances')
      .findOne({ _id: instanceId }, { projection: { historyHead: 1, 'pending.history': 1 } });
    const stored = await context.db
      .collection<HistoryDocument>(HISTORY)
      .find({ instanceId }, { readConcern: context.consistency.readConcern })
      .sort({ seq: 1 })
      .toArray();
    const bySeq = new Map<number, HistoryDocument>();
    for (const doc of stored) bySeq.set(doc.seq, doc);
    for (const record of instance?.pending ?? []) for (const doc of record.history) bySeq.set(doc.seq, doc);
    const head = instance?.historyHead;
    // Entries of steps committed after the instance was read belong to a later head: leave them out.
    const entries = [...bySeq.values()]
      .filter((doc) => head === undefined || doc.seq <= head.seq)
      .sort((a, b) => a.seq - b.seq)
      .map(fromHistoryDocument);
    return head ? { entries, head } : { entries };
  }

  return {
    async readHistory(instanceId) {
      return (await read(instanceId)).entries;
    },
    async verifyHistory(instanceId) {
      const { entries, head } = await read(instanceId);
      return verifyChain(entries, head);
    },
  };
}

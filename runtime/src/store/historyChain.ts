import { hash } from 'node:crypto';
import { canonicalJson } from './canonicalJson';
import type { HistoryEntry, HistoryVerdict, NewHistoryEntry } from './schemas/history';

/** The prevHash of an instance's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainHead {
  seq: number;
  hash: string;
}

export const emptyChainHead = (): ChainHead => ({ seq: 0, hash: GENESIS_HASH });

export function hashHistoryEntry(entry: Omit<HistoryEntry, 'hash'>): string {
  // One-shot hash of prevHash ‖ canonical JSON (same digest as two update() calls, less overhead).
  return hash('sha256', entry.prevHash + canonicalJson(entry), 'hex');
}

/** Numbers and links new entries after `head`; shared by every adapter so chains are comparable. */
export function chainHistory(
  instanceId: string,
  head: ChainHead,
  entries: readonly NewHistoryEntry[],
): { entries: HistoryEntry[]; head: ChainHead } {
  let { seq, hash } = head;
  const chained = entries.map((entry): HistoryEntry => {
    seq += 1;
    const unhashed = { ...entry, instanceId, seq, prevHash: hash };
    hash = hashHistoryEntry(unhashed);
    return { ...unhashed, hash };
  });
  return { entries: chained, head: { seq, hash } };
}

/**
 * A step prepared before its time (a timer's, see Executor.prepare) can have its history chained
 * then too, when the head its instance was read at is known (the SQLite adapter remembers it for
 * every instance it reads): its write then only checks that head and stores the entries, which
 * saves the hashing (about a tenth of a fired timer's work once due). Keyed by objects, so nothing
 * outlives the instance or the step.
 */
const headsRead = new WeakMap<object, ChainHead>();
const chainedAhead = new WeakMap<object, { after: ChainHead; entries: HistoryEntry[]; head: ChainHead }>();

/** The chain head `instance` (an object an adapter just read) was at. */
export function rememberChainHead(instance: object, head: ChainHead): void {
  headsRead.set(instance, head);
}

/** Chains a step's final `history` after the head `instance` was read at, when it is known. */
export function chainAhead(instance: object, instanceId: string, history: readonly NewHistoryEntry[]): void {
  const after = headsRead.get(instance);
  if (after) chainedAhead.set(history, { after, ...chainHistory(instanceId, after, history) });
}

/** `chainHistory`, or what `chainAhead` computed for the same entries after the same head. */
export function chainStep(
  instanceId: string,
  head: ChainHead,
  history: readonly NewHistoryEntry[],
): { entries: HistoryEntry[]; head: ChainHead } {
  const ahead = chainedAhead.get(history);
  if (ahead) {
    chainedAhead.delete(history);
    if (ahead.after.seq === head.seq && ahead.after.hash === head.hash) return ahead;
  }
  return chainHistory(instanceId, head, history);
}

/**
 * Entries must be in seq order, as `readHistory` returns them. With the head the instance itself
 * records, entries cut off the end are caught too.
 */
export function verifyChain(entries: readonly HistoryEntry[], recordedHead?: ChainHead): HistoryVerdict {
  let expected = emptyChainHead();
  for (const entry of entries) {
    const { hash, ...unhashed } = entry;
    const intact =
      entry.seq === expected.seq + 1 &&
      entry.prevHash === expected.hash &&
      hashHistoryEntry(unhashed) === hash;
    if (!intact) return { ok: false, brokenAtSeq: expected.seq + 1 };
    expected = { seq: entry.seq, hash };
  }
  if (recordedHead && (recordedHead.seq !== expected.seq || recordedHead.hash !== expected.hash)) {
    return { ok: false, brokenAtSeq: expected.seq + 1 };
  }
  return { ok: true, entries: entries.length };
}

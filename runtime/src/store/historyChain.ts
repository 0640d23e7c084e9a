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

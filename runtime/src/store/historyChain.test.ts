import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonicalJson';
import { GENESIS_HASH, chainHistory, emptyChainHead, hashHistoryEntry, verifyChain } from './historyChain';
import type { HistoryEntry, NewHistoryEntry } from './schemas/history';

const entries: NewHistoryEntry[] = [
  { at: 1, type: 'instance.started', actor: 'ada', data: { input: { a: 1 } } },
  { at: 2, type: 'task.decided', nodeId: 'approve', actor: 'grace', data: { outcome: 'approved' } },
  { at: 3, type: 'instance.completed', data: null },
];
const chain = (): HistoryEntry[] => chainHistory('inst-1', emptyChainHead(), entries).entries;

describe('canonicalJson', () => {
  it('writes the same text whatever the key order, dropping undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}',
    );
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
});

describe('history hash chain', () => {
  it('links each entry to the previous one, starting from the genesis hash', () => {
    const [first, second] = chain();
    expect(first?.prevHash).toBe(GENESIS_HASH);
    expect(second?.prevHash).toBe(first?.hash);
    expect(first?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('continues a chain from a recorded head', () => {
    const head = chainHistory('inst-1', emptyChainHead(), entries.slice(0, 1)).head;
    const rest = chainHistory('inst-1', head, entries.slice(1)).entries;
    expect(rest).toEqual(chain().slice(1));
  });

  it('accepts an intact chain', () => {
    const intact = chainHistory('inst-1', emptyChainHead(), entries);
    expect(verifyChain(intact.entries, intact.head)).toEqual({ ok: true, entries: 3 });
  });

  it('names the first entry whose content was changed', () => {
    const tampered = chain().map((entry) =>
      entry.seq === 2 ? { ...entry, data: { outcome: 'rejected' } } : entry,
    );
    expect(verifyChain(tampered)).toEqual({ ok: false, brokenAtSeq: 2 });
  });

  it('catches a changed entry whose hash was recomputed, at the next link', () => {
    const forged = chain().map((entry) => {
      if (entry.seq !== 2) return entry;
      const { hash: _hash, ...rest } = { ...entry, actor: 'mallory' };
      return { ...rest, hash: hashHistoryEntry(rest) };
    });
    expect(verifyChain(forged)).toEqual({ ok: false, brokenAtSeq: 3 });
  });

  it('catches a removed entry and a chain cut short of its recorded head', () => {
    const full = chainHistory('inst-1', emptyChainHead(), entries);
    expect(verifyChain(full.entries.filter((entry) => entry.seq !== 2))).toEqual({
      ok: false,
      brokenAtSeq: 2,
    });
    expect(verifyChain(full.entries.slice(0, 2), full.head)).toEqual({ ok: false, brokenAtSeq: 3 });
  });
});

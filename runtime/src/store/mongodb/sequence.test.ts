import { describe, expect, it } from 'vitest';
import { type LogDocument, walkContiguous } from './sequence';

const entry = (seq: number): LogDocument => ({ _id: seq, key: `k${seq}` });
const skipped = (seq: number): LogDocument => ({ _id: seq, key: `~${seq}`, skipped: true });

describe('reading a sequenced log without gaps', () => {
  it('hands out the gap-free prefix and stops at the first hole', () => {
    const walked = walkContiguous([entry(5), entry(6), entry(8)], 5, 10);
    expect(walked.entries.map((doc) => doc._id)).toEqual([5, 6]);
    expect(walked).toMatchObject({ next: 7, hole: true });
  });

  it('sees a hole before anything when the expected seq is missing', () => {
    expect(walkContiguous([entry(7)], 6, 10)).toEqual({ entries: [], next: 6, hole: true });
  });

  it('steps over tombstones without handing them out', () => {
    const walked = walkContiguous([entry(1), skipped(2), entry(3)], 1, 10);
    expect(walked.entries.map((doc) => doc._id)).toEqual([1, 3]);
    expect(walked).toMatchObject({ next: 4, hole: false });
  });

  it('stops at the limit, ready to go on from the next seq', () => {
    const walked = walkContiguous([entry(1), entry(2), entry(3)], 1, 2);
    expect(walked.entries.map((doc) => doc._id)).toEqual([1, 2]);
    expect(walked).toMatchObject({ next: 3, hole: false });
  });

  it('reports no hole at the end of the log', () => {
    expect(walkContiguous([], 4, 10)).toEqual({ entries: [], next: 4, hole: false });
  });
});

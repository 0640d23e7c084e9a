// A child process of idleCollector.test.ts (node --expose-gc): fragments its heap (keeps one object
// in ten of a large burst), then prints the old generation's committed size after a plain
// collection and after the compacting one, as JSON.
import { getHeapSpaceStatistics } from 'node:v8';
import { compactingCollection } from './idleCollector';

const gc = globalThis.gc!;
const heapTotal = () =>
  getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')!.space_size;
const pause = () => new Promise((resolve) => setTimeout(resolve, 200));

const burst = Array.from({ length: 300_000 }, (_, i) => ({ i, text: `${'x'.repeat(40)}${i}`, pair: [i, i] }));
const survivors = burst.filter((_, i) => i % 10 === 0);
burst.length = 0;
gc();
await pause();
gc();
const plain = heapTotal();
compactingCollection(gc)();
const compacted = heapTotal();
console.log(JSON.stringify({ plain, compacted, survivors: survivors.length }));

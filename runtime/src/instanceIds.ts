import { randomFillSync } from 'node:crypto';

// Random bytes drawn in blocks: one call to the system's generator per 256 ids instead of per id.
const POOL_IDS = 256;
const pool = Buffer.alloc(POOL_IDS * 10);
let next = POOL_IDS;
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * A new instance id: a UUID version 7 (RFC 9562), whose first 48 bits are the creation time in
 * milliseconds and the other 74 (after version and variant) random. Ids made close in time sort
 * close together, so every index keyed by the instance (the instances, history, jobs and timers
 * B-trees) grows at its right edge: a commit dirties a few pages there instead of one random page
 * per instance in each, which is most of what a version-4 id cost SQLite's COMMIT under load.
 */
export function newInstanceId(now: number = Date.now()): string {
  if (next === POOL_IDS) {
    randomFillSync(pool);
    next = 0;
  }
  const r = next * 10;
  next += 1;
  const time = Math.max(0, Math.floor(now)).toString(16).padStart(12, '0').slice(-12);
  const h = (i: number) => HEX[pool[r + i]!]!;
  return (
    `${time.slice(0, 8)}-${time.slice(8, 12)}-` +
    `7${HEX[pool[r]!]!.slice(1)}${h(1)}-` +
    `${HEX[(pool[r + 2]! & 0x3f) | 0x80]!}${h(3)}-` +
    `${h(4)}${h(5)}${h(6)}${h(7)}${h(8)}${h(9)}`
  );
}

import type { Instance } from '../store';
import { trimOldest, trimSlack } from '../collections/trimOldest';

/** Serialized state kept at most, unless configured: about 2 KiB per typical instance, so the count binds first. */
export const INSTANCE_CACHE_BYTES = 16 * 1024 * 1024;

/**
 * The last committed state of recently stepped instances, so an event that follows closely (a
 * job's result, the next decision) needs no read. Bounded by count and by the serialized size of
 * the states it holds (an instance may take up to limits.instanceBytes, 4 MiB by default, so a
 * count alone could hold gigabytes); one larger than an eighth of the budget is not kept, so it
 * cannot flush the others. Never trusted for correctness: a stale entry loses its rev check and
 * is read again, and an event a cached state ignores is retried on a fresh read (see the executor).
 */
export function createInstanceCache(maxEntries = 2_000, maxBytes = INSTANCE_CACHE_BYTES) {
  const entries = new Map<string, { instance: Instance; bytes: number }>();
  let bytes = 0;

  const drop = (id: string) => {
    const entry = entries.get(id);
    if (!entry) return;
    entries.delete(id);
    bytes -= entry.bytes;
  };

  return {
    get(id: string): Instance | undefined {
      const hit = entries.get(id);
      if (hit) {
        // Least recently used goes first: re-insert to move to the end.
        entries.delete(id);
        entries.set(id, hit);
      }
      return hit?.instance;
    },
    /** Whether it holds the instance (without making it the most recently used). */
    has(id: string): boolean {
      return entries.has(id);
    },
    /** `size`: the instance's serialized bytes (as the step's size check measured them). */
    set(instance: Instance, size: number): void {
      drop(instance.id);
      if (maxEntries === 0 || size > maxBytes / 8) return;
      entries.set(instance.id, { instance, bytes: size });
      bytes += size;
      if (entries.size > maxEntries || bytes > maxBytes) {
        // Trimmed by a slack below both bounds in one walk (see trimOldest.ts).
        const count = maxEntries - trimSlack(maxEntries);
        const budget = maxBytes - trimSlack(maxBytes);
        trimOldest(entries, () => entries.size <= count && bytes <= budget, drop);
      }
    },
    delete: drop,
    get size() {
      return entries.size;
    },
    /** Serialized bytes of the states held. */
    get bytes() {
      return bytes;
    },
  };
}

export type InstanceCache = ReturnType<typeof createInstanceCache>;

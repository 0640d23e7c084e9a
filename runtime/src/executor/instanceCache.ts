import type { Instance } from '../store';

/**
 * The last committed state of recently stepped instances, so an event that follows closely (a
 * job's result, the next decision) needs no read. Bounded, so memory stays flat however many
 * instances wait; never trusted for correctness: a stale entry loses its rev check and is read
 * again, and an event a cached state ignores is retried on a fresh read (see the executor).
 */
export function createInstanceCache(maxEntries = 2_000) {
  const entries = new Map<string, Instance>();
  return {
    get(id: string): Instance | undefined {
      const hit = entries.get(id);
      if (hit) {
        // Least recently used goes first: re-insert to move to the end.
        entries.delete(id);
        entries.set(id, hit);
      }
      return hit;
    },
    set(instance: Instance): void {
      entries.delete(instance.id);
      entries.set(instance.id, instance);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    delete(id: string): void {
      entries.delete(id);
    },
    get size() {
      return entries.size;
    },
  };
}

export type InstanceCache = ReturnType<typeof createInstanceCache>;

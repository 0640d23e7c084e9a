import type { LiveEvent } from './liveEvents';

/**
 * The TanStack Query keys of the operations screens. Live events invalidate by prefix, so every
 * screen keys its queries under one of these roots (e.g. `[...QUERY_ROOTS.instances, 'list',
 * filters]`, `[...QUERY_ROOTS.instances, id]`).
 */
export const QUERY_ROOTS = {
  instances: ['instances'],
  tasks: ['tasks'],
  statistics: ['statistics'],
} as const;

/** Which query roots (or exact keys) a live event makes stale. */
export function keysToInvalidate(event: LiveEvent): ReadonlyArray<readonly unknown[]> {
  if (event.type === 'instance') return [QUERY_ROOTS.instances, QUERY_ROOTS.statistics];
  // A task changing moves its instance too (history, current nodes), but not every instance list.
  return [QUERY_ROOTS.tasks, [...QUERY_ROOTS.instances, event.instanceId], QUERY_ROOTS.statistics];
}

/** Merges the keys of a burst of events, dropping those a broader prefix already covers. */
export function mergeKeys(keys: ReadonlyArray<readonly unknown[]>): Array<readonly unknown[]> {
  const unique = new Map(keys.map((key) => [JSON.stringify(key), key]));
  const all = [...unique.values()];
  return all.filter(
    (key) =>
      !all.some(
        (other) => other !== key && other.length < key.length && other.every((part, i) => part === key[i]),
      ),
  );
}

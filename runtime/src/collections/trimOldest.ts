/**
 * Deletes a Map's oldest entries (insertion order) until `enough` says so, in one walk.
 *
 * Why not `map.delete(map.keys().next().value)` per insert: V8 leaves a deleted entry as a hole in
 * the Map's table until the table is rebuilt, and every new iterator walks past all the holes
 * before it. Evicting one entry per insert from a full Map of 4,096 cost 2–8 µs per insert; a
 * cache that is let run over by a slack and trimmed back in one walk costs 0.1–0.4 µs.
 * `drop` deletes one key (default: `map.delete`), for callers that keep totals beside the Map.
 */
export function trimOldest<K, V>(
  map: Map<K, V>,
  enough: () => boolean,
  drop: (key: K) => void = (key) => void map.delete(key),
): void {
  for (const key of map.keys()) {
    if (enough()) return;
    drop(key);
  }
}

/** How far below its bound a bounded Map is trimmed once it goes over: an eighth (none below 8). */
export const trimSlack = (bound: number): number => Math.floor(bound / 8);

/**
 * Keeps a Map at `capacity` entries at most: once an insert takes it over, the oldest go until it
 * holds `capacity - trimSlack(capacity)`.
 */
export function boundSize<K, V>(map: Map<K, V>, capacity: number): void {
  if (map.size <= capacity) return;
  const target = capacity - trimSlack(capacity);
  trimOldest(map, () => map.size <= target);
}

/**
 * Roving tabindex (WAI-ARIA toolbar pattern): a list of controls is one Tab stop; the arrows move
 * between them, Home and End go to the ends. No React here: the palette's hook uses it.
 */

/** Where a key moves focus from `index` among `count` items (undefined: the key is not ours). */
export function rovingTarget(key: string, index: number, count: number): number | undefined {
  if (count === 0) return undefined;
  switch (key) {
    case 'ArrowDown':
    case 'ArrowRight':
      return Math.min(index + 1, count - 1);
    case 'ArrowUp':
    case 'ArrowLeft':
      return Math.max(index - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

/** The item that holds the Tab stop: the last one focused while it is still listed, else the first. */
export function tabStop(ids: readonly string[], last: string | undefined): string | undefined {
  return last !== undefined && ids.includes(last) ? last : ids[0];
}

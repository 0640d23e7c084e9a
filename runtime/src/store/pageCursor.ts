import { StoreError } from './errors';

/**
 * A keyset cursor: the sort key of the last item returned. Unlike an offset it stays correct while
 * rows are inserted or updated between pages, and every adapter can seek to it with an index.
 */
export interface CursorKey {
  at: number;
  id: string;
}

export const encodeCursor = (key: CursorKey): string =>
  Buffer.from(JSON.stringify([key.at, key.id])).toString('base64url');

export function decodeCursor(cursor: string): CursorKey {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && typeof decoded[0] === 'number' && typeof decoded[1] === 'string') {
      return { at: decoded[0], id: decoded[1] };
    }
  } catch (cause) {
    throw new StoreError('INVALID_CURSOR', 'The page cursor is not one this store issued.', { cause });
  }
  throw new StoreError('INVALID_CURSOR', 'The page cursor is not one this store issued.');
}

/** Builds a page from `limit + 1` fetched items: the extra one only says that more exist. */
export function toPage<T>(
  fetched: T[],
  limit: number,
  keyOf: (item: T) => CursorKey,
): { items: T[]; nextCursor: string | null } {
  const items = fetched.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: fetched.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

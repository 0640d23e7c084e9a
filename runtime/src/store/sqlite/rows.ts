import type { Row, SqlValue } from './database';

// Column readers: rows come from our own schema, so a wrong type is a broken invariant, not input.

export function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw new TypeError(`Column ${column} is not text`);
  return value;
}

export function int(row: Row, column: string): number {
  const value = row[column];
  if (typeof value !== 'number') throw new TypeError(`Column ${column} is not a number`);
  return value;
}

export const bool = (row: Row, column: string): boolean => int(row, column) !== 0;

export function json<T>(row: Row, column: string): T {
  return JSON.parse(text(row, column)) as T;
}

/** Present only when the column is not NULL, so optional properties stay absent (exactOptionalPropertyTypes). */
export function optional<K extends string, T>(
  key: K,
  row: Row,
  column: string,
  read: (row: Row, column: string) => T,
): { [P in K]?: T } {
  return row[column] === null || row[column] === undefined
    ? {}
    : ({ [key]: read(row, column) } as { [P in K]: T });
}

export const toJsonText = (value: unknown): string => JSON.stringify(value);

export const orNull = <T extends SqlValue>(value: T | undefined): T | null => value ?? null;

export const jsonOrNull = (value: unknown): string | null =>
  value === undefined ? null : JSON.stringify(value);

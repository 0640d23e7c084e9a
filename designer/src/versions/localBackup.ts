import type { WorkflowDefinition } from '@flowline/engine';

/**
 * A local copy of an edit the server has not confirmed yet (it could not be reached, or the page
 * went away first), kept in the browser's localStorage per workflow until a save succeeds, so a
 * reload while the server is down loses nothing: the editor offers to restore it. No React.
 */
export interface LocalBackup {
  readonly definition: WorkflowDefinition;
  /** The draft revision the edit was made on. */
  readonly draftRev: number;
  /** When it was kept (ms since 1970). */
  readonly savedAt: number;
}

/** What localStorage offers (a Map-backed fake in tests). */
export interface BackupStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const backupKey = (workflowId: string): string => `flowline.unsaved.${workflowId}`;

/** Keeps the edit; a full or refused storage keeps nothing (the server is still the place). */
export function writeBackup(
  storage: BackupStorage | undefined,
  workflowId: string,
  backup: LocalBackup,
): void {
  try {
    storage?.setItem(backupKey(workflowId), JSON.stringify(backup));
  } catch {
    // Quota exceeded or storage disabled: nothing kept.
  }
}

export function clearBackup(storage: BackupStorage | undefined, workflowId: string): void {
  try {
    storage?.removeItem(backupKey(workflowId));
  } catch {
    // Storage disabled: nothing was kept.
  }
}

/** JSON with every object's keys sorted: the same document whatever order its keys were set in. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === 'object' && inner !== null && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );

/**
 * The kept edit of a workflow when there is one that differs from each of `current` (the draft
 * as the server sent it, and as the editor read it: reading fills defaults, so either may be what
 * was kept); a backup equal to one of them, or unreadable, is dropped.
 */
export function pendingBackup(
  storage: BackupStorage | undefined,
  workflowId: string,
  ...current: readonly unknown[]
): LocalBackup | undefined {
  let text: string | null;
  try {
    text = storage?.getItem(backupKey(workflowId)) ?? null;
  } catch {
    return undefined;
  }
  if (text === null) return undefined;
  try {
    const backup = JSON.parse(text) as Partial<LocalBackup>;
    if (
      typeof backup.definition === 'object' &&
      backup.definition !== null &&
      typeof backup.draftRev === 'number' &&
      typeof backup.savedAt === 'number' &&
      !current.some((draft) => canonical(draft) === canonical(backup.definition))
    )
      return backup as LocalBackup;
  } catch {
    // Not JSON: dropped below.
  }
  clearBackup(storage, workflowId);
  return undefined;
}

/** The browser's localStorage, when there is one and it may be used. */
export function browserStorage(): BackupStorage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

import type { SaveState } from '../editor/uiStore';
import type { Timers } from './autosaver';
import { clearBackup, writeBackup, type BackupStorage, type LocalBackup } from './localBackup';

export interface BackupKeeperOptions {
  readonly storage: BackupStorage | undefined;
  readonly workflowId: string;
  /** The document now, with the revision it was edited from. */
  readonly current: () => Omit<LocalBackup, 'savedAt'>;
  /** True while the server does not have the document (the autosaver's `dirty`). */
  readonly unsaved: () => boolean;
  /** Quiet time after the last edit before the copy is written (a keystroke does not serialise). */
  readonly delayMs?: number;
  readonly timers?: Timers;
  readonly now?: () => number;
}

export interface BackupKeeper {
  /** The document changed (call after the autosaver has heard of it). */
  changed(): void;
  /** The autosaver's state changed. */
  saveState(state: SaveState): void;
  /** The page or the editor is going away: what is pending is decided now. */
  flush(): void;
}

const DEFAULT_TIMERS: Timers = {
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * When the local copy of the draft (localBackup.ts) is written and when it goes. It is written
 * only while the server lacks the document: an edit that brings the document back to what the
 * server holds (undo, redo) saves nothing, so a copy written then would outlive every save and be
 * offered on every opening as an edit the server never received. No React, so tested in Node.
 */
export function createBackupKeeper(options: BackupKeeperOptions): BackupKeeper {
  const { storage, workflowId, current, unsaved } = options;
  const delay = options.delayMs ?? 250;
  const timers = options.timers ?? DEFAULT_TIMERS;
  const now = options.now ?? Date.now;
  let timer: unknown;

  const cancel = () => {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
  };
  const keep = () => {
    timer = undefined;
    if (unsaved()) writeBackup(storage, workflowId, { ...current(), savedAt: now() });
    else clearBackup(storage, workflowId);
  };

  return {
    changed() {
      cancel();
      if (!unsaved()) clearBackup(storage, workflowId);
      else timer = timers.setTimeout(keep, delay);
    },
    saveState(state) {
      if (!unsaved()) {
        // Saved, with nothing newer waiting: the local copy has done its job.
        if (state.status === 'saved') {
          cancel();
          clearBackup(storage, workflowId);
        }
        return;
      }
      // The server lacks the document although no edit said so: an undo back to the saved draft
      // while a save of the edit was in flight, which then landed. Keep a copy of it now.
      if (timer === undefined) timer = timers.setTimeout(keep, delay);
    },
    flush() {
      if (timer === undefined) return;
      cancel();
      keep();
    },
  };
}

import { describe, expect, it } from 'vitest';
import { accessApproval } from '../model/testing/fixtures';
import type { Timers } from './autosaver';
import { createBackupKeeper } from './backupKeeper';
import { backupKey, type BackupStorage } from './localBackup';

const memory = (): BackupStorage & { items: Map<string, string> } => {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
};

/** Timers run by hand. */
const manualTimers = () => {
  const pending = new Map<number, () => void>();
  let next = 0;
  const timers: Timers = {
    setTimeout: (run) => {
      next += 1;
      pending.set(next, run);
      return next;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  const runAll = () => {
    for (const [handle, run] of [...pending]) {
      pending.delete(handle);
      run();
    }
  };
  return { timers, runAll, pending };
};

const setup = () => {
  const storage = memory();
  const clock = manualTimers();
  let definition = accessApproval();
  let dirty = false;
  const keeper = createBackupKeeper({
    storage,
    workflowId: 'w',
    current: () => ({ definition, draftRev: 4 }),
    unsaved: () => dirty,
    timers: clock.timers,
    now: () => 7,
  });
  const edit = (name: string, unsaved: boolean) => {
    definition = { ...definition, name };
    dirty = unsaved;
    keeper.changed();
  };
  const kept = () => storage.items.get(backupKey('w'));
  return {
    storage,
    clock,
    keeper,
    edit,
    kept,
    saved: () => (dirty = false),
    // The server changed under the document (a save of an older edit landed): no edit says so.
    serverMoved: () => (dirty = true),
  };
};

describe('keeping the local copy of an unsaved edit', () => {
  it('keeps an edit the server does not have a moment after it, and forgets it once saved', () => {
    const { clock, keeper, edit, kept, saved } = setup();
    edit('Offline', true);
    expect(kept()).toBeUndefined();
    clock.runAll();
    expect(JSON.parse(kept()!)).toMatchObject({ definition: { name: 'Offline' }, draftRev: 4, savedAt: 7 });
    keeper.saveState({ status: 'saving', draftRev: 4 });
    expect(kept()).toBeDefined();
    saved();
    keeper.saveState({ status: 'saved', draftRev: 5 });
    expect(kept()).toBeUndefined();
  });

  it('keeps nothing when an edit (undo, redo) brings the document back to what the server holds', () => {
    // Saved, then redo returns to it: the autosaver has nothing to save, so no later "saved"
    // would ever clear a copy written now.
    const { clock, keeper, edit, kept } = setup();
    edit('Undone', true);
    clock.runAll();
    expect(kept()).toBeDefined();
    edit('As on the server', false);
    expect(kept()).toBeUndefined();
    expect(clock.pending.size).toBe(0);
    clock.runAll();
    expect(kept()).toBeUndefined();
    keeper.flush();
    expect(kept()).toBeUndefined();
  });

  it('keeps the document when a save in flight lands after an undo made the server lack it again', () => {
    const { clock, keeper, edit, kept, serverMoved } = setup();
    edit('Edited', true);
    clock.runAll();
    keeper.saveState({ status: 'saving', draftRev: 4 });
    // Undo while that save is in flight: the document is the server's draft again, for now.
    edit('As on the server', false);
    expect(kept()).toBeUndefined();
    // The save of the edit lands: the server now holds the edit, not the document.
    serverMoved();
    keeper.saveState({ status: 'saved', draftRev: 5 });
    clock.runAll();
    expect(JSON.parse(kept()!)).toMatchObject({ definition: { name: 'As on the server' } });
  });

  it('drops a pending copy when the save lands first, and keeps it when the page goes away unsaved', () => {
    const first = setup();
    first.edit('Saved at once', true);
    first.saved();
    first.keeper.saveState({ status: 'saved', draftRev: 5 });
    first.clock.runAll();
    expect(first.kept()).toBeUndefined();

    const second = setup();
    second.edit('Leaving', true);
    second.keeper.flush();
    expect(JSON.parse(second.kept()!)).toMatchObject({ definition: { name: 'Leaving' } });
    expect(second.clock.pending.size).toBe(0);
  });
});

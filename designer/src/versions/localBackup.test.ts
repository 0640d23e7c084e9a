import { describe, expect, it } from 'vitest';
import { accessApproval } from '../model/testing/fixtures';
import { backupKey, clearBackup, pendingBackup, writeBackup, type BackupStorage } from './localBackup';

const memory = (): BackupStorage & { items: Map<string, string> } => {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
};

describe('the local backup of unsaved edits', () => {
  it('keeps an edit per workflow and offers it back while it differs from the server’s draft', () => {
    const storage = memory();
    const server = accessApproval();
    const edited = { ...server, name: 'Edited offline' };
    writeBackup(storage, 'access-approval', { definition: edited, draftRev: 3, savedAt: 1 });
    expect(pendingBackup(storage, 'other', server)).toBeUndefined();
    expect(pendingBackup(storage, 'access-approval', server)).toEqual({
      definition: edited,
      draftRev: 3,
      savedAt: 1,
    });
    // The server has it now (saved from elsewhere): nothing to offer, and the copy is dropped.
    expect(pendingBackup(storage, 'access-approval', edited)).toBeUndefined();
    expect(storage.items.size).toBe(0);
  });

  it('drops a copy equal to the server’s draft whatever order its keys are in, or equal to the draft as sent', () => {
    const storage = memory();
    const server = accessApproval();
    const reordered = Object.fromEntries(Object.entries(server).reverse()) as unknown as typeof server;
    writeBackup(storage, 'w', { definition: reordered, draftRev: 3, savedAt: 1 });
    expect(pendingBackup(storage, 'w', server)).toBeUndefined();
    expect(storage.items.size).toBe(0);
    // Equal to the draft as the server sent it, though the editor's reading of it differs.
    writeBackup(storage, 'w', { definition: server, draftRev: 3, savedAt: 1 });
    expect(
      pendingBackup(storage, 'w', JSON.parse(JSON.stringify(server)), { ...server, version: 9 }),
    ).toBeUndefined();
    expect(storage.items.size).toBe(0);
    // Different from both: offered.
    writeBackup(storage, 'w', { definition: { ...server, name: 'Mine' }, draftRev: 3, savedAt: 1 });
    expect(pendingBackup(storage, 'w', server, { ...server, version: 9 })?.definition.name).toBe('Mine');
  });

  it('drops an unreadable copy, and clears on request', () => {
    const storage = memory();
    storage.setItem(backupKey('w'), '{not json');
    expect(pendingBackup(storage, 'w', accessApproval())).toBeUndefined();
    expect(storage.items.size).toBe(0);
    writeBackup(storage, 'w', { definition: accessApproval(), draftRev: 1, savedAt: 2 });
    clearBackup(storage, 'w');
    expect(storage.items.size).toBe(0);
  });

  it('keeps nothing, and throws nothing, when storage refuses', () => {
    const refusing: BackupStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => undefined,
    };
    expect(() =>
      writeBackup(refusing, 'w', { definition: accessApproval(), draftRev: 1, savedAt: 1 }),
    ).not.toThrow();
    expect(pendingBackup(refusing, 'w', accessApproval())).toBeUndefined();
    expect(pendingBackup(undefined, 'w', accessApproval())).toBeUndefined();
  });
});

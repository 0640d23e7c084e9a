import { describe, expect, it } from 'vitest';
import { createActionQueue } from './actionQueue';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the canvas’s action queue', () => {
  it('runs an edit at once when nothing waits', () => {
    const ran: string[] = [];
    const queue = createActionQueue(() => undefined);
    queue(() => ran.push('move'));
    expect(ran).toEqual(['move']);
  });

  it('holds the edits asked for after one that waits for code, and runs them in order', async () => {
    const ran: string[] = [];
    let load: () => void = () => undefined;
    const loaded = new Promise<void>((resolve) => (load = resolve));
    const queue = createActionQueue(() => undefined);
    queue(() => ran.push('duplicate'), loaded);
    queue(() => ran.push('delete'));
    queue(() => ran.push('undo'));
    await settle();
    expect(ran).toEqual([]);
    load();
    await settle();
    expect(ran).toEqual(['duplicate', 'delete', 'undo']);
    // Nothing waits any more: the next edit runs at once again.
    queue(() => ran.push('nudge'));
    expect(ran.at(-1)).toBe('nudge');
  });

  it('says when the code could not load, skips that edit and runs the ones after it', async () => {
    const ran: string[] = [];
    const failures: unknown[] = [];
    const queue = createActionQueue((error) => failures.push(error));
    queue(() => ran.push('paste'), Promise.reject(new Error('offline')));
    queue(() => ran.push('delete'));
    await settle();
    expect(failures).toEqual([new Error('offline')]);
    expect(ran).toEqual(['delete']);
  });
});

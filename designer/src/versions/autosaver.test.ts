import type { WorkflowDefinition } from '@flowline/engine';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SaveState } from '../editor/uiStore';
import { accessApproval } from '../model/testing/fixtures';
import { createAutosaver, type SaveAnswer, type SaveTransport } from './autosaver';

/** A server holding one draft, which can be made unreachable or changed "from another tab". */
function fakeServer(initial: WorkflowDefinition) {
  let stored = { definition: initial, rev: 1 };
  const calls: { name: string; expected: number; leaving: boolean }[] = [];
  let down = false;
  let gate: Promise<void> | undefined;
  const transport: SaveTransport = {
    async save(definition, expected, leaving) {
      calls.push({ name: definition.name, expected, leaving });
      if (gate) await gate;
      if (down) throw new TypeError('fetch failed');
      if (expected !== stored.rev)
        return { ok: false, kind: 'conflict', message: 'changed since' } satisfies SaveAnswer;
      stored = { definition, rev: stored.rev + 1 };
      return { ok: true, draftRev: stored.rev };
    },
    currentRev: async () => stored.rev,
  };
  return {
    transport,
    calls,
    stored: () => stored,
    otherTabSaves: (definition: WorkflowDefinition) => (stored = { definition, rev: stored.rev + 1 }),
    setDown: (value: boolean) => (down = value),
    hold: () => {
      let release = () => {};
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

const named = (base: WorkflowDefinition, name: string): WorkflowDefinition => ({ ...base, name });

describe('autosave', () => {
  const base = accessApproval();
  let server: ReturnType<typeof fakeServer>;
  let states: SaveState[];
  const last = () => states.at(-1)!;
  const start = () =>
    createAutosaver({
      saved: base,
      draftRev: 1,
      transport: server.transport,
      onState: (s) => states.push(s),
      delayMs: 600,
      retryMs: [1000, 3000],
    });

  beforeEach(() => {
    vi.useFakeTimers();
    server = fakeServer(base);
    states = [];
  });
  afterEach(() => vi.useRealTimers());

  it('saves once after the last of a burst of edits, with the revision it was edited from', async () => {
    const saver = start();
    saver.changed(named(base, 'a'));
    await vi.advanceTimersByTimeAsync(300);
    saver.changed(named(base, 'ab'));
    await vi.advanceTimersByTimeAsync(300);
    saver.changed(named(base, 'abc'));
    expect(last().status).toBe('unsaved');
    expect(saver.dirty()).toBe(true);
    await vi.advanceTimersByTimeAsync(600);
    expect(server.calls).toEqual([{ name: 'abc', expected: 1, leaving: false }]);
    expect(last()).toEqual({ status: 'saved', draftRev: 2 });
    expect(saver.dirty()).toBe(false);
    expect(states.map((s) => s.status)).toContain('saving');
  });

  it('keeps one save in flight; the edits made meanwhile follow with the new revision', async () => {
    const saver = start();
    const release = server.hold();
    saver.changed(named(base, 'first'));
    await vi.advanceTimersByTimeAsync(600);
    saver.changed(named(base, 'second'));
    await vi.advanceTimersByTimeAsync(2000);
    expect(server.calls).toHaveLength(1);
    release();
    await vi.advanceTimersByTimeAsync(600);
    expect(server.calls.map((c) => [c.name, c.expected])).toEqual([
      ['first', 1],
      ['second', 2],
    ]);
    expect(server.stored().definition.name).toBe('second');
    expect(last()).toEqual({ status: 'saved', draftRev: 3 });
  });

  it('finds another tab’s save as a conflict and overwrites nothing until told to', async () => {
    const saver = start();
    server.otherTabSaves(named(base, 'theirs'));
    saver.changed(named(base, 'mine'));
    await vi.advanceTimersByTimeAsync(600);
    expect(last().status).toBe('conflict');
    expect(last().message).toMatch(/another tab/);
    expect(server.stored().definition.name).toBe('theirs');
    // More edits while in conflict are not saved either.
    saver.changed(named(base, 'mine, more'));
    await vi.advanceTimersByTimeAsync(5000);
    expect(server.stored().definition.name).toBe('theirs');
    expect(saver.dirty()).toBe(true);

    await saver.overwrite();
    expect(server.stored()).toMatchObject({ definition: { name: 'mine, more' }, rev: 3 });
    expect(last()).toEqual({ status: 'saved', draftRev: 3 });
  });

  it('takes theirs after a conflict and saves nothing of mine', async () => {
    const saver = start();
    const theirs = named(base, 'theirs');
    server.otherTabSaves(theirs);
    saver.changed(named(base, 'mine'));
    await vi.advanceTimersByTimeAsync(600);
    saver.acceptTheirs(theirs, 2);
    saver.changed(theirs);
    await vi.advanceTimersByTimeAsync(5000);
    expect(server.calls).toHaveLength(1);
    expect(last()).toEqual({ status: 'saved', draftRev: 2 });
    saver.changed(named(base, 'after'));
    await vi.advanceTimersByTimeAsync(600);
    expect(server.stored()).toMatchObject({ definition: { name: 'after' }, rev: 3 });
  });

  it('retries a save the server could not take, says so, and succeeds when it is back', async () => {
    const saver = start();
    server.setDown(true);
    saver.changed(named(base, 'offline edit'));
    await vi.advanceTimersByTimeAsync(600);
    expect(last().status).toBe('error');
    expect(last().message).toMatch(/Cannot reach the Flowline server\. Trying again in 1 s\./);
    await vi.advanceTimersByTimeAsync(1000);
    expect(last().message).toMatch(/Trying again in 3 s/);
    saver.changed(named(base, 'offline edit 2'));
    server.setDown(false);
    await vi.advanceTimersByTimeAsync(3000);
    expect(server.stored().definition.name).toBe('offline edit 2');
    expect(last()).toEqual({ status: 'saved', draftRev: 2 });
  });

  it('goes back to saved when an undo returns to what the server holds', async () => {
    const saver = start();
    saver.changed(named(base, 'x'));
    saver.changed(base);
    await vi.advanceTimersByTimeAsync(2000);
    expect(server.calls).toEqual([]);
    expect(last().status).toBe('saved');
  });

  it('sends what is unsaved when the page goes away, after the save in flight', async () => {
    const saver = start();
    const release = server.hold();
    saver.changed(named(base, 'one'));
    await vi.advanceTimersByTimeAsync(600);
    saver.changed(named(base, 'two'));
    saver.leaving();
    expect(server.calls.at(-1)).toEqual({ name: 'two', expected: 2, leaving: true });
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(server.stored()).toMatchObject({ definition: { name: 'two' }, rev: 3 });
    saver.dispose();
  });
});

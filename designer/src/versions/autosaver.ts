import type { WorkflowDefinition } from '@flowline/engine';
import type { SaveState } from '../editor/uiStore';

/** What the server said to one save. */
export type SaveAnswer =
  | { readonly ok: true; readonly draftRev: number }
  /** Another tab (or person) saved since the revision sent: nothing was saved. */
  | { readonly ok: false; readonly kind: 'conflict'; readonly message: string }
  /** The server could not be reached or failed (5xx, 503): worth trying again. */
  | { readonly ok: false; readonly kind: 'unavailable'; readonly message: string }
  /** The server refused this document (4xx): trying the same again will not help. */
  | { readonly ok: false; readonly kind: 'refused'; readonly message: string };

export interface SaveTransport {
  /** PUT the draft with the revision it was edited from. `leaving`: the page is going away (keepalive). */
  save(definition: WorkflowDefinition, expectedRev: number, leaving: boolean): Promise<SaveAnswer>;
  /** The stored draft's current revision (to overwrite it knowingly after a conflict). */
  currentRev(): Promise<number>;
}

export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface AutosaverOptions {
  /** The definition as the server holds it, and its revision. */
  readonly saved: WorkflowDefinition;
  readonly draftRev: number;
  readonly transport: SaveTransport;
  /** Every change of the save state (the toolbar shows it). */
  readonly onState: (state: SaveState) => void;
  /** Quiet time after the last edit before saving. */
  readonly delayMs?: number;
  /** Waits between retries of a failed save (the last one repeats). */
  readonly retryMs?: readonly number[];
  readonly timers?: Timers;
}

export interface Autosaver {
  /** The document changed (every edit, undo, redo): save it after a quiet moment. */
  changed(definition: WorkflowDefinition): void;
  /** Save now what is unsaved (the tab is hidden); resolves when the save in flight settles. */
  flush(): Promise<void>;
  /** The page is going away: send what is unsaved without waiting (keepalive). */
  leaving(): void;
  /** After a conflict: keep mine, saving it over the other tab's draft knowingly. */
  overwrite(): Promise<void>;
  /** After a conflict: take theirs (the caller loads it into the document) and saves nothing of mine. */
  acceptTheirs(definition: WorkflowDefinition, draftRev: number): void;
  /** True when something is not saved yet (the page asks before leaving). */
  dirty(): boolean;
  dispose(): void;
}

const DEFAULT_TIMERS: Timers = {
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Saves the draft as it is edited: debounced, one save in flight at a time (the next waits for
 * the revision the previous one gets), always with the revision it was edited from, so a save
 * from another tab in the meantime is found (a conflict, nothing overwritten) and the user
 * chooses. A save the server could not take is retried, saying so. No React, no fetch: the
 * transport and the timers come in, so it is tested in Node.
 */
export function createAutosaver(options: AutosaverOptions): Autosaver {
  const { transport, onState } = options;
  const delay = options.delayMs ?? 600;
  const retries = options.retryMs ?? [1000, 2000, 5000, 10_000];
  const timers = options.timers ?? DEFAULT_TIMERS;

  /** What the server holds (undefined: mine must be saved whatever it is). */
  let savedDefinition: WorkflowDefinition | undefined = options.saved;
  let draftRev = options.draftRev;
  let latest = options.saved;
  let inFlight: Promise<void> | undefined;
  /** The definition being saved right now (unsaved edits after it still count). */
  let sending: WorkflowDefinition | undefined;
  let timer: unknown;
  let failures = 0;
  let conflict: string | undefined;
  let disposed = false;
  let state: SaveState = { status: 'saved', draftRev };

  const set = (next: SaveState) => {
    state = next;
    if (!disposed) onState(next);
  };
  const isDirty = () => latest !== savedDefinition;
  const clearTimer = () => {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
  };
  const schedule = (ms: number) => {
    clearTimer();
    timer = timers.setTimeout(() => {
      timer = undefined;
      void saveNow();
    }, ms);
  };

  function saveNow(): Promise<void> {
    if (disposed || conflict !== undefined) return Promise.resolve();
    if (inFlight) return inFlight;
    if (!isDirty()) {
      if (state.status !== 'saved') set({ status: 'saved', draftRev });
      return Promise.resolve();
    }
    clearTimer();
    const definition = latest;
    sending = definition;
    set({ status: 'saving', draftRev });
    inFlight = transport
      .save(definition, draftRev, false)
      .catch((): SaveAnswer => ({
        ok: false,
        kind: 'unavailable',
        message: 'Cannot reach the Flowline server.',
      }))
      .then((answer) => {
        inFlight = undefined;
        sending = undefined;
        if (disposed) return;
        if (answer.ok) {
          failures = 0;
          draftRev = answer.draftRev;
          savedDefinition = definition;
          if (isDirty()) {
            set({ status: 'unsaved', draftRev });
            schedule(delay);
          } else set({ status: 'saved', draftRev });
          return;
        }
        if (answer.kind === 'conflict') {
          conflict = answer.message;
          set({
            status: 'conflict',
            draftRev,
            message:
              'This draft was saved from another tab or by someone else since you opened it. Your changes are not saved.',
          });
          return;
        }
        if (answer.kind === 'refused') {
          // The same document would be refused again: the next edit tries again.
          set({ status: 'error', draftRev, message: `Not saved: ${answer.message}` });
          return;
        }
        const wait = retries[Math.min(failures, retries.length - 1)] ?? 5000;
        failures += 1;
        const seconds = Math.max(1, Math.round(wait / 1000));
        set({
          status: 'error',
          draftRev,
          message: `Not saved: ${answer.message.replace(/\.$/, '')}. Trying again in ${seconds} s.`,
        });
        schedule(wait);
      });
    return inFlight;
  }

  return {
    changed(definition) {
      if (disposed || definition === latest) return;
      latest = definition;
      if (conflict !== undefined) return;
      if (!isDirty()) {
        clearTimer();
        if (!inFlight) set({ status: 'saved', draftRev });
        return;
      }
      // While the server is unreachable, keep the retry rhythm; otherwise wait for a quiet moment.
      if (inFlight || failures > 0) return;
      set({ status: 'unsaved', draftRev });
      schedule(delay);
    },
    async flush() {
      if (inFlight) await inFlight;
      await saveNow();
    },
    leaving() {
      if (disposed || conflict !== undefined || !isDirty() || latest === sending) return;
      // With a save in flight, this one follows it: the revision it will have if it succeeds
      // (when it does not, this one is refused as a conflict and nothing is overwritten).
      const expected = inFlight ? draftRev + 1 : draftRev;
      void transport.save(latest, expected, true).catch(() => undefined);
    },
    async overwrite() {
      if (conflict === undefined) return;
      set({ status: 'saving', draftRev });
      try {
        draftRev = await transport.currentRev();
      } catch {
        set({
          status: 'conflict',
          draftRev,
          message: 'Cannot reach the Flowline server to overwrite the other draft. Try again.',
        });
        return;
      }
      conflict = undefined;
      failures = 0;
      // Whatever mine is, it is saved over theirs (even when it equals what I saved last).
      savedDefinition = undefined;
      await saveNow();
    },
    acceptTheirs(definition, rev) {
      clearTimer();
      conflict = undefined;
      failures = 0;
      draftRev = rev;
      savedDefinition = definition;
      latest = definition;
      set({ status: 'saved', draftRev });
    },
    dirty: () => conflict !== undefined || isDirty(),
    dispose() {
      disposed = true;
      clearTimer();
    },
  };
}

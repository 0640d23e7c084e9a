import { useEffect, type RefObject } from 'react';
import { ACTIONS, matchShortcut, type ActionId, type CommandId, type EditorStore } from '../model';
import { isMac, isTypingTarget } from './keys';

/** Actions a read-only canvas still allows (they change only the selection). */
export const VIEW_ACTIONS: ReadonlySet<ActionId> = new Set(['selectAll', 'clearSelection', 'select']);
export const VIEW_COMMANDS: ReadonlySet<CommandId> = new Set(['copy', 'fitView', 'help']);

interface ShortcutOptions {
  readonly section: RefObject<HTMLElement | null>;
  readonly canEdit: boolean;
  /** While a dialog is open the canvas takes no keys. */
  readonly paused: boolean;
  readonly store: EditorStore;
  runCommand(id: CommandId): void;
  dispatchAction(id: ActionId, args: unknown): void;
  copy(): string | undefined;
}

/**
 * The canvas's keyboard shortcuts from the model's one list (ACTIONS, COMMANDS, matchShortcut),
 * while the focus is on the canvas (or nowhere), never while typing in a field; and the clipboard
 * through the copy, cut and paste events, as definition JSON (so it works between tabs).
 */
export function useCanvasShortcuts({
  section,
  canEdit,
  paused,
  store,
  runCommand,
  dispatchAction,
  copy,
}: ShortcutOptions): void {
  useEffect(() => {
    const mac = isMac();
    const onCanvas = (target: EventTarget | null) =>
      target === document.body ||
      (target instanceof Node && section.current?.contains(target) === true && !isTypingTarget(target));
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || paused || !onCanvas(event.target)) return;
      const match = matchShortcut(event, mac);
      if (!match) return;
      if (match.kind === 'command') {
        // The clipboard goes through the copy, cut and paste events (they carry its text).
        if (match.id === 'copy' || match.id === 'cut' || match.id === 'paste') return;
        if (!canEdit && !VIEW_COMMANDS.has(match.id)) return;
        event.preventDefault();
        event.stopPropagation();
        runCommand(match.id);
        return;
      }
      if (!canEdit && !VIEW_ACTIONS.has(match.id)) return;
      // A focused node moves with the arrows through React Flow itself (a move per press).
      if (
        match.id === 'nudge' &&
        event.target instanceof Element &&
        event.target.closest('.react-flow__node')
      )
        return;
      const action = ACTIONS[match.id];
      if (!action.enabled(store.getState().doc, match.args as never)) return;
      // Handled here (capture phase), so React Flow's own keys on a focused node do not act twice.
      event.preventDefault();
      event.stopPropagation();
      dispatchAction(match.id, match.args);
    };
    const wantsClipboard = (event: Event) =>
      onCanvas(document.activeElement) && !paused && !event.defaultPrevented;
    const before = (kind: 'copy' | 'cut' | 'paste') => (event: Event) => {
      if (!wantsClipboard(event)) return;
      if (kind === 'paste' ? canEdit : copy() !== undefined && (kind === 'copy' || canEdit))
        event.preventDefault();
    };
    const onCopy = (cut: boolean) => (event: ClipboardEvent) => {
      if (!wantsClipboard(event) || (cut && !canEdit)) return;
      const text = copy();
      if (text === undefined || !event.clipboardData) return;
      event.clipboardData.setData('text/plain', text);
      event.preventDefault();
      if (cut) dispatchAction('remove', undefined);
    };
    const onPaste = (event: ClipboardEvent) => {
      if (!wantsClipboard(event) || !canEdit) return;
      const text = event.clipboardData?.getData('text/plain');
      if (!text) return;
      event.preventDefault();
      dispatchAction('paste', { text });
    };
    const beforeCopy = before('copy');
    const beforeCut = before('cut');
    const beforePaste = before('paste');
    const copyHandler = onCopy(false);
    const cutHandler = onCopy(true);
    window.addEventListener('keydown', onKey, true);
    document.addEventListener('beforecopy', beforeCopy);
    document.addEventListener('beforecut', beforeCut);
    document.addEventListener('beforepaste', beforePaste);
    document.addEventListener('copy', copyHandler);
    document.addEventListener('cut', cutHandler);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      document.removeEventListener('beforecopy', beforeCopy);
      document.removeEventListener('beforecut', beforeCut);
      document.removeEventListener('beforepaste', beforePaste);
      document.removeEventListener('copy', copyHandler);
      document.removeEventListener('cut', cutHandler);
      document.removeEventListener('paste', onPaste);
    };
  }, [section, canEdit, paused, store, runCommand, dispatchAction, copy]);
}

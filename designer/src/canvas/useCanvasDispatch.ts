import { useCallback, useMemo } from 'react';
import { whenReady, type ActionId, type EditorStore } from '../model';
import { createActionQueue } from './actionQueue';
import { VIEW_ACTIONS } from './useCanvasShortcuts';

/**
 * The canvas's way to run an action (a viewer runs only the view's), in order: duplicate, paste
 * and the like wait for the expression parser on first use, and the edits and undos asked for
 * meanwhile wait behind them (`queue`).
 */
export function useCanvasDispatch(
  store: EditorStore,
  canEdit: boolean,
  say: (message: string | undefined) => void,
) {
  const queue = useMemo(
    () =>
      createActionQueue(() =>
        say('Part of the editor could not be loaded. Check the connection and try again.'),
      ),
    [say],
  );
  const dispatchAction = useCallback(
    (id: ActionId, args: unknown, coalesce?: string) => {
      if (!canEdit && !VIEW_ACTIONS.has(id)) return;
      say(undefined);
      queue(
        () => store.getState().dispatch(id as 'select', args as never, coalesce ? { coalesce } : {}),
        whenReady(id),
      );
    },
    [store, canEdit, say, queue],
  );
  return { dispatchAction, queue };
}

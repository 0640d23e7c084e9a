import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useEditorSession } from '../editor/editorSession';
import type { EditorStore } from '../model';
import { beforeSignOut } from '../app/beforeSignOut';
import { createAutosaver, type Autosaver } from './autosaver';
import { createBackupKeeper } from './backupKeeper';
import { browserStorage } from './localBackup';
import { fetchDraft, saveTransport } from './useVersions';

const savers = new WeakMap<EditorStore, Autosaver>();

/** The autosaver of an open document (the toolbar's conflict choice and publish use it). */
export function autosaverOf(store: EditorStore): Autosaver | undefined {
  return savers.get(store);
}

/**
 * Autosave of the draft: every change of the document is saved 600 ms after the last edit, one
 * save at a time, with the draft revision it was edited from (a save from another tab since is a
 * conflict: nothing is overwritten, the toolbar offers the choice). Hiding the tab saves at once;
 * leaving the page sends what is unsaved with keepalive. The state lands in `ui.save`. Until a
 * save succeeds, the edit is also kept in localStorage (localBackup.ts), so a reload while the
 * server is down loses nothing (LocalBackupOffer offers it back).
 */
export function useAutosave(): void {
  const { store, ui, workflowId, canEdit, draft } = useEditorSession();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!canEdit) return;
    const saver: Autosaver = createAutosaver({
      saved: store.getState().doc.definition,
      draftRev: draft.draftRev,
      transport: saveTransport(workflowId),
      onState: (save) => {
        ui.setState({ save });
        keeper.saveState(save);
      },
    });
    const keeper = createBackupKeeper({
      storage: browserStorage(),
      workflowId,
      current: () => ({ definition: store.getState().doc.definition, draftRev: ui.getState().save.draftRev }),
      unsaved: () => saver.dirty(),
    });
    savers.set(store, saver);
    const unregister = beforeSignOut(() => saver.flush());
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.doc.definition === previous.doc.definition) return;
      saver.changed(state.doc.definition);
      keeper.changed();
    });
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') void saver.flush();
    };
    const onPageHide = () => {
      keeper.flush();
      saver.leaving();
    };
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      unsubscribe();
      unregister();
      keeper.flush();
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onPageHide);
      savers.delete(store);
      // Leaving the editor inside the app: save what is left, then forget the cached draft so the
      // next visit reads the revision the server has now.
      // (Under StrictMode the effect runs again at once with the same store: then nothing is forgotten.)
      void saver.flush().finally(() => {
        saver.dispose();
        if (!savers.has(store))
          queryClient.removeQueries({ queryKey: ['workflows', workflowId], exact: true });
      });
    };
  }, [store, ui, workflowId, canEdit, draft.draftRev, queryClient]);
}

/**
 * After a conflict, the user's choice. `theirs`: the draft as the other tab saved it replaces the
 * document (one undoable edit: undo brings mine back, and saving it then is deliberate).
 * `mine`: mine is saved over theirs.
 */
export async function resolveConflict(
  store: EditorStore,
  workflowId: string,
  choice: 'theirs' | 'mine',
): Promise<string | undefined> {
  const saver = savers.get(store);
  if (!saver) return undefined;
  if (choice === 'mine') {
    await saver.overwrite();
    return undefined;
  }
  const theirs = await fetchDraft(workflowId);
  if (!theirs.definition) return 'The other draft cannot be drawn; keep yours or fix it through the API.';
  saver.acceptTheirs(theirs.definition, theirs.draftRev);
  store.getState().dispatch('replaceDefinition', { definition: theirs.definition });
  return undefined;
}

import type { Catalog } from '@flowline/engine';
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Schemas } from '../app/apiClient';
import type { EditorState, EditorStore } from '../model';
import type { EditorUiState, EditorUiStore } from './uiStore';

/**
 * One open workflow in the editor: the document store (the model's, with undo), the view state
 * beside it, the connector catalog and who may change what. Panels read it through the hooks
 * below instead of threading props through the page.
 */
export interface EditorSession {
  readonly workflowId: string;
  /** The draft as the server last answered it (name, revision, timestamps). */
  readonly draft: Schemas['Draft'];
  /** The user may edit and save (definitions:write) and this is the draft, not a version. */
  readonly canEdit: boolean;
  /** The user may publish (definitions:publish). */
  readonly canPublish: boolean;
  readonly store: EditorStore;
  readonly ui: EditorUiStore;
  readonly catalog: Catalog;
}

export const EditorSessionContext = createContext<EditorSession | undefined>(undefined);

export function useEditorSession(): EditorSession {
  const session = useContext(EditorSessionContext);
  if (!session) throw new Error('useEditorSession is used outside the editor');
  return session;
}

/** A slice of the document store; re-renders only when the slice changes. */
export function useEditor<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorSession().store, selector);
}

/** A slice of the editor's view state. */
export function useEditorUi<T>(selector: (state: EditorUiState) => T): T {
  return useStore(useEditorSession().ui, selector);
}

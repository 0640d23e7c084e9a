import { createContext } from 'react';

/** What an edge's label may do on an editable canvas (absent on a read-only one). */
export interface EdgeLabelEditing {
  /** The edge whose label is being edited, if any. */
  readonly editing: string | undefined;
  start(edgeId: string): void;
  /** The edited text, or undefined when the edit was cancelled. */
  finish(edgeId: string, text: string | undefined): void;
}

export const EdgeLabelEditingContext = createContext<EdgeLabelEditing | undefined>(undefined);

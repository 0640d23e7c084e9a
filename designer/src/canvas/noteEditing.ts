import { createContext } from 'react';
import type { NoteChanges } from '../model/document/edits';

/** What a sticky note may do on an editable canvas (absent on a read-only one). */
export interface NoteEditing {
  setText(id: string, text: string): void;
  resizeStart(id: string): void;
  resizeEnd(id: string, box: { x: number; y: number; width: number; height: number }): void;
  change(id: string, changes: NoteChanges): void;
}

export const NoteEditingContext = createContext<NoteEditing | undefined>(undefined);

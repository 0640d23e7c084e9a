import { NodeResizer, type NodeProps } from '@xyflow/react';
import { Pencil } from 'lucide-react';
import { memo, useContext, useState } from 'react';
import type { NoteFlowNode } from '../../model';
import { NoteEditingContext } from '../noteEditing';

/**
 * A sticky note: text on the canvas (kept in the definition's layout, no meaning to the engine),
 * rendered as text. On an editable canvas: double-click (or its edit button) to write, resize by
 * the handles when selected.
 */
function NoteNodeImpl({ id, data, selected }: NodeProps<NoteFlowNode>) {
  const edit = useContext(NoteEditingContext);
  const [editing, setEditing] = useState(false);
  const text = data.note.note;
  return (
    <div
      className={`fl-note${selected ? ' fl-note--selected' : ''}`}
      onDoubleClick={edit && !editing ? () => setEditing(true) : undefined}
    >
      {edit && (
        <NodeResizer
          isVisible={selected && !editing}
          minWidth={120}
          minHeight={60}
          lineClassName="fl-note__resize-line"
          handleClassName="fl-note__resize-handle"
          onResizeStart={() => edit.resizeStart(id)}
          onResizeEnd={(_, box) => edit.resizeEnd(id, box)}
        />
      )}
      {editing && edit ? (
        <textarea
          className="fl-note__text fl-note__input nodrag nowheel nopan"
          aria-label="Note text"
          defaultValue={text}
          autoFocus
          onBlur={(event) => {
            edit.setText(id, event.currentTarget.value);
            setEditing(false);
          }}
          onKeyDown={(event) => {
            event.stopPropagation();
            if (event.key === 'Escape' || (event.key === 'Enter' && (event.ctrlKey || event.metaKey)))
              event.currentTarget.blur();
          }}
        />
      ) : (
        <div className="fl-note__text" title={edit ? 'Double-click to edit' : undefined}>
          {text || (edit ? <span className="fl-note__placeholder">Double-click to write</span> : null)}
        </div>
      )}
      {edit && selected && !editing && (
        <button
          type="button"
          className="fl-note__edit nodrag"
          aria-label="Edit note text"
          title="Edit note text"
          onClick={() => setEditing(true)}
        >
          <Pencil size={12} aria-hidden="true" />
        </button>
      )}
    </div>
  );
}

export const NoteNode = memo(NoteNodeImpl);

import { useState } from 'react';
import { useEditorSession } from '../editor/editorSession';
import { Modal } from '../ui/Modal';
import { browserStorage, clearBackup, pendingBackup, type LocalBackup } from './localBackup';
import { formatTime } from '../app/formatTime';

/**
 * On opening a workflow: an edit this browser kept because the server never confirmed it (it was
 * down, or the page went away first), offered back. Restore replaces the draft with it (one
 * undoable edit, then autosaved); Discard forgets it.
 */
export function LocalBackupOffer() {
  const { store, workflowId, canEdit, draft } = useEditorSession();
  const [backup, setBackup] = useState<LocalBackup | undefined>(() =>
    canEdit
      ? pendingBackup(browserStorage(), workflowId, draft.definition, store.getState().doc.definition)
      : undefined,
  );
  if (!backup) return null;
  const discard = () => {
    clearBackup(browserStorage(), workflowId);
    setBackup(undefined);
  };
  return (
    <Modal
      title="Restore your unsaved edit?"
      intro={`This browser kept an edit of this workflow from ${formatTime(backup.savedAt)} that the server never received (it could not be reached).`}
      onClose={() => setBackup(undefined)}
    >
      <p>
        Restore it to carry on where you were (undo takes it back), or discard it to keep the draft as the
        server has it.
      </p>
      <div className="dialog__actions">
        <button type="button" className="btn" onClick={discard}>
          Discard it
        </button>
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => {
            store.getState().dispatch('replaceDefinition', { definition: backup.definition });
            setBackup(undefined);
          }}
        >
          Restore it
        </button>
      </div>
    </Modal>
  );
}

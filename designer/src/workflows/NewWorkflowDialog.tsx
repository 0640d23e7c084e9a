import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { fieldMessage, sentenceOf } from '../app/apiErrors';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { TextField } from '../ui/TextField';
import { useCreateWorkflow } from './useWorkflows';
import { idFromName } from './workflowSummary';

/** Name a new workflow (its id follows the name until edited), create it empty, open it. */
export function NewWorkflowDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const create = useCreateWorkflow();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [idEdited, setIdEdited] = useState(false);
  const effectiveId = idEdited ? id : idFromName(name);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  const close = () => {
    create.reset();
    setName('');
    setId('');
    setIdEdited(false);
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { id: effectiveId, name: name.trim() },
      { onSuccess: () => void navigate(`/workflows/${encodeURIComponent(effectiveId)}`) },
    );
  };
  const idError = fieldMessage(create.error, 'definition.id', 'id');
  const nameError = fieldMessage(create.error, 'definition.name', 'name');

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="new-workflow-title" onClose={close}>
      <form className="form" onSubmit={submit} noValidate>
        <h2 className="dialog__title" id="new-workflow-title">
          New workflow
        </h2>
        <p className="dialog__intro">It starts empty; you add its trigger and steps on the canvas.</p>
        {create.isError && !idError && !nameError && <Alert>{sentenceOf(create.error)}</Alert>}
        <TextField
          label="Name"
          name="name"
          required
          maxLength={200}
          autoFocus
          value={name}
          error={nameError}
          placeholder="Laptop request"
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          label="Id"
          name="id"
          required
          maxLength={64}
          value={effectiveId}
          error={idError}
          help="Lower-case letters, digits and dashes. Used in addresses and the API; it cannot change later."
          onChange={(e) => {
            setIdEdited(true);
            setId(e.target.value);
          }}
        />
        <div className="dialog__actions">
          <Button onClick={close}>Cancel</Button>
          <Button
            type="submit"
            variant="primary"
            busy={create.isPending}
            disabled={!name.trim() || !effectiveId}
          >
            Create workflow
          </Button>
        </div>
      </form>
    </dialog>
  );
}

import { useQuery } from '@tanstack/react-query';
import { FilePlus2, Workflow } from 'lucide-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { fieldMessage, sentenceOf } from '../app/apiErrors';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { TextField } from '../ui/TextField';
import { useCreateWorkflow } from './useWorkflows';
import { idFromName } from './workflowSummary';
import './workflows.css';

/** The examples as templates, in a chunk of their own loaded when the dialog first opens. */
function useTemplates(enabled: boolean) {
  return useQuery({
    queryKey: ['templates'],
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async () => (await import('./templates')).templates,
  });
}

/**
 * Name a new workflow (its id follows the name until edited), start it empty or from a template
 * (the examples, with their description), create it, open it in the editor.
 */
export function NewWorkflowDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const create = useCreateWorkflow();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [idEdited, setIdEdited] = useState(false);
  const [start, setStart] = useState('empty');
  const effectiveId = idEdited ? id : idFromName(name);
  const templates = useTemplates(open);

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
    setStart('empty');
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const template = templates.data?.find((t) => t.id === start);
    const definition = template
      ? (await import('./templates')).fromTemplate(template, effectiveId, name.trim())
      : undefined;
    create.mutate(
      { id: effectiveId, name: name.trim(), ...(definition ? { definition } : {}) },
      { onSuccess: () => void navigate(`/workflows/${encodeURIComponent(effectiveId)}`) },
    );
  };
  const idError = fieldMessage(create.error, 'definition.id', 'id');
  const nameError = fieldMessage(create.error, 'definition.name', 'name');

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="new-workflow-title" onClose={close}>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <h2 className="dialog__title" id="new-workflow-title">
          New workflow
        </h2>
        <p className="dialog__intro">
          Start empty and add its steps on the canvas, or start from a template.
        </p>
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
        <fieldset className="templates">
          <legend className="field__label">Start from</legend>
          <label className={start === 'empty' ? 'template template--chosen' : 'template'}>
            <input
              type="radio"
              name="start"
              value="empty"
              checked={start === 'empty'}
              onChange={() => setStart('empty')}
            />
            <FilePlus2 size={18} aria-hidden="true" className="template__icon" />
            <span className="template__text">
              <span className="template__name">Empty workflow</span>
              <span className="template__description">No steps yet: you add its trigger and steps.</span>
            </span>
          </label>
          {templates.data?.map((template) => (
            <label
              key={template.id}
              className={start === template.id ? 'template template--chosen' : 'template'}
            >
              <input
                type="radio"
                name="start"
                value={template.id}
                checked={start === template.id}
                onChange={() => {
                  setStart(template.id);
                  if (!name.trim()) setName(template.name);
                }}
              />
              <Workflow size={18} aria-hidden="true" className="template__icon" />
              <span className="template__text">
                <span className="template__name">
                  {template.name} <span className="template__steps">· {template.steps} steps</span>
                </span>
                <span className="template__description">{template.description}</span>
              </span>
            </label>
          ))}
          {templates.isError && <p className="field__help">The templates could not be loaded.</p>}
        </fieldset>
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

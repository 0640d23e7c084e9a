import { useQuery } from '@tanstack/react-query';
import { FilePlus2, Workflow } from 'lucide-react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
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
          <TemplateChoice
            value="empty"
            chosen={start === 'empty'}
            icon={<FilePlus2 size={18} aria-hidden="true" className="template__icon" />}
            name="Empty workflow"
            description="No steps yet: you add its trigger and steps."
            onChoose={() => setStart('empty')}
          />
          {templates.data?.map((template) => (
            <TemplateChoice
              key={template.id}
              value={template.id}
              chosen={start === template.id}
              icon={<Workflow size={18} aria-hidden="true" className="template__icon" />}
              name={template.name}
              detail={`${template.steps} steps`}
              description={template.description}
              onChoose={() => {
                setStart(template.id);
                if (!name.trim()) setName(template.name);
              }}
            />
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

/**
 * One way to start: a radio named by the template's name alone (its description describes it),
 * the whole card clickable through its label.
 */
function TemplateChoice({
  value,
  chosen,
  icon,
  name,
  detail,
  description,
  onChoose,
}: {
  value: string;
  chosen: boolean;
  icon: React.ReactNode;
  name: string;
  detail?: string;
  description: string;
  onChoose: () => void;
}) {
  const id = useId();
  return (
    <div className={chosen ? 'template template--chosen' : 'template'}>
      <input
        id={id}
        type="radio"
        name="start"
        value={value}
        checked={chosen}
        aria-describedby={`${id}-description`}
        onChange={onChoose}
      />
      {icon}
      <span className="template__text">
        <label className="template__name" htmlFor={id}>
          {name}
        </label>
        {detail && <span className="template__steps">{detail}</span>}
        <span className="template__description" id={`${id}-description`}>
          {description}
        </span>
      </span>
    </div>
  );
}

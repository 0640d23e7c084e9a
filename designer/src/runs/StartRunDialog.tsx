import { Play } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, sentenceOf } from '../app/apiErrors';
import { FillInFields } from '../forms/FillInForm';
import { initialDraft, messagesByField, valuesOf, type DraftValue, type FormField } from '../forms/fillIn';
import { useStartRequest } from '../portal/usePortal';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Modal } from '../ui/Modal';

/** The run's input fields (when the workflow asks for any) and Start, in a modal. */
export function StartRunDialog({
  workflowId,
  name,
  version,
  fields,
  onClose,
}: {
  workflowId: string;
  name: string;
  version: number;
  fields: readonly FormField[];
  onClose: () => void;
}) {
  const [draft, setDraft] = useState<Record<string, DraftValue>>(() => initialDraft(fields));
  const start = useStartRequest();
  const navigate = useNavigate();
  const problems = start.error instanceof ApiError ? start.error.problem.fields : [];
  const errors = messagesByField(problems, fields);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate(
      { workflowId, version, input: valuesOf(fields, draft) },
      { onSuccess: (started) => void navigate(`/runs/${encodeURIComponent(started.id)}`) },
    );
  };
  return (
    <Modal title={`Start a run of “${name}”?`} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <div className="dialog__intro">
          <p>
            It runs version {version} as published; changes in the draft are not in it.
            {fields.length === 0 ? ' The workflow asks for no input.' : ''}
          </p>
        </div>
        <FillInFields
          fields={fields}
          draft={draft}
          errors={errors}
          disabled={start.isPending}
          onChange={(key, value) => setDraft((d) => ({ ...d, [key]: value }))}
        />
        {start.isError && (
          <Alert>
            {sentenceOf(start.error)}
            {problems.length > 0 && ' Check the fields marked above.'}
          </Alert>
        )}
        <div className="dialog__actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            variant="primary"
            busy={start.isPending}
            icon={<Play size={16} aria-hidden="true" />}
          >
            Start run
          </Button>
        </div>
      </form>
    </Modal>
  );
}

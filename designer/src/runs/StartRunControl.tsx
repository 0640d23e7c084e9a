import { ClipboardList, Play } from 'lucide-react';
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, sentenceOf } from '../app/apiErrors';
import { useCan } from '../auth/session';
import { FillInFields } from '../forms/FillInForm';
import { initialDraft, messagesByField, valuesOf, type DraftValue, type FormField } from '../forms/fillIn';
import { useStartRequest } from '../portal/usePortal';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Modal } from '../ui/Modal';
import { useActivation } from '../versions/useActivation';
import { useVersion, useVersionList } from '../versions/useVersions';
import { startChoice } from './startChoice';
import './startRun.css';

/**
 * "Start run" in the editor's toolbar: starts the latest published version of an active workflow
 * with a manual trigger (asking for its input fields first, when it has any), then opens the run.
 * A form trigger links to its request form. Without it a manual workflow could only be started
 * through the API.
 */
export function StartRunControl({ workflowId }: { workflowId: string }) {
  const canStart = useCan('instances:start');
  const versions = useVersionList(workflowId, canStart);
  const latest = versions.data?.[0]?.version;
  const activation = useActivation(workflowId, latest !== undefined);
  const version = useVersion(workflowId, latest);
  const [open, setOpen] = useState(false);
  const definition = version.data?.definition;
  const choice = useMemo(() => (definition ? startChoice(definition) : undefined), [definition]);
  if (!canStart || latest === undefined || !activation.data?.active || !choice) return null;
  if (choice.kind === 'none') return null;
  if (choice.kind === 'form')
    return (
      <div className="start-run-control">
        <Link
          to={choice.href}
          className="btn btn--ghost"
          aria-label="Request form"
          title={`Request form: starts version ${latest}`}
        >
          <ClipboardList size={16} aria-hidden="true" />
          <span>Request form</span>
        </Link>
      </div>
    );
  return (
    <div className="start-run-control">
      <Button
        variant="ghost"
        aria-label="Start run"
        icon={<Play size={16} aria-hidden="true" />}
        title={`Start run: version ${latest}, as published`}
        onClick={() => setOpen(true)}
      >
        Start run
      </Button>
      {open && (
        <StartRunDialog
          workflowId={workflowId}
          name={definition?.name ?? workflowId}
          version={latest}
          fields={choice.fields}
          onClose={() => setOpen(false)}
        />
      )}
    </div>
  );
}

function StartRunDialog({
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

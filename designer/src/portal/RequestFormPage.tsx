import { ArrowLeft, Send } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, sentenceOf } from '../app/apiErrors';
import { useCan } from '../auth/session';
import { FillInFields } from '../forms/FillInForm';
import { fieldsOf, initialDraft, messagesByField, valuesOf, type DraftValue } from '../forms/fillIn';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Loading } from '../ui/Loading';
import { useRequestForm, useStartRequest } from './usePortal';
import './portal.css';

/** One request form, rendered from the workflow's input fields; the server's problems beside their fields. */
export function RequestFormPage() {
  const { workflowId } = useParams();
  const canStart = useCan('instances:start');
  const answer = useRequestForm(workflowId, canStart);
  const form = answer.data;
  // Told apart from other failures: the same words whether it does not exist or is not the user's.
  const missing = answer.error instanceof ApiError && answer.error.problem.status === 404;

  return (
    <main className="page page--narrow portal__form-page">
      <title>{`${form?.name ?? 'New request'} · Flowline`}</title>
      <Link to="/requests" className="portal__back">
        <ArrowLeft size={16} aria-hidden="true" />
        <span>All requests</span>
      </Link>
      {!canStart && <Alert>Your role cannot start requests. Ask an administrator if you need to.</Alert>}
      {answer.isPending && canStart && <Loading label="Loading the form…" />}
      {answer.isError && !missing && <Alert>{sentenceOf(answer.error)}</Alert>}
      {missing && (
        <Alert>
          There is no request form “{workflowId}” you may use. <Link to="/requests">Choose another one</Link>.
        </Alert>
      )}
      {form && !form.active && (
        <Alert>
          The request form “{form.name}” is not accepting requests: its workflow was deactivated. Ask the
          people who run it if you still need it, or <Link to="/requests">choose another one</Link>.
        </Alert>
      )}
      {form?.active && <RequestForm key={`${form.workflowId}@${form.version}`} form={form} />}
    </main>
  );
}

function RequestForm({
  form,
}: {
  form: { workflowId: string; version: number; name: string; description?: string; fields: unknown[] };
}) {
  const fields = useMemo(() => fieldsOf(form.fields), [form.fields]);
  const [draft, setDraft] = useState<Record<string, DraftValue>>(() => initialDraft(fields));
  const start = useStartRequest();
  const navigate = useNavigate();
  const problems = start.error instanceof ApiError ? start.error.problem.fields : [];
  const errors = messagesByField(problems, fields);
  // After a refusal, the first field the server named takes the focus (its message is read with it).
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (start.error) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [start.error]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate(
      { workflowId: form.workflowId, version: form.version, input: valuesOf(fields, draft) },
      { onSuccess: (started) => void navigate(`/requests/${encodeURIComponent(started.id)}?sent=1`) },
    );
  };

  return (
    <form
      ref={formRef}
      className="card portal__form"
      onSubmit={submit}
      noValidate
      aria-labelledby="request-title"
    >
      <div>
        <h1 className="page__title" id="request-title">
          {form.name}
        </h1>
        {form.description && <p className="page__subtitle">{form.description}</p>}
      </div>
      {start.isError && (
        <Alert>
          {sentenceOf(start.error)}
          {problems.length > 0 && ' Check the fields marked below.'}
        </Alert>
      )}
      {fields.length === 0 && <p className="muted">This request needs no details: send it as it is.</p>}
      <FillInFields
        fields={fields}
        draft={draft}
        errors={errors}
        disabled={start.isPending}
        onChange={(key, value) => setDraft((d) => ({ ...d, [key]: value }))}
      />
      <p className="muted portal__legend">
        <span aria-hidden="true">* </span>Required
      </p>
      <div className="portal__actions">
        <Link to="/requests" className="btn btn--ghost">
          <span>Cancel</span>
        </Link>
        <Button
          type="submit"
          variant="primary"
          busy={start.isPending}
          icon={<Send size={16} aria-hidden="true" />}
        >
          Send request
        </Button>
      </div>
    </form>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, read, type Schemas } from '../app/apiClient';
import { ApiError, fieldMessage, sentenceOf } from '../app/apiErrors';
import { useCan } from '../auth/session';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { TextField } from '../ui/TextField';
import { retentionSentence, retentionSource } from './retentionText';

type WorkflowRetention = Schemas['WorkflowRetention'];
type Mode = '' | 'delete' | 'archive';

const retentionKey = (workflowId: string) => ['retention', workflowId] as const;
const storedDays = (retention: WorkflowRetention) =>
  retention.own?.endedInstancesDays == null ? '' : String(retention.own.endedInstancesDays);

/**
 * How long the workflow's ended instances are kept (GET/PUT/DELETE /api/definitions/{id}/retention),
 * for administrators: the policy in effect and where it comes from, and a form to give the
 * workflow its own or to return it to the global one. Hidden for everyone else (the API refuses
 * them) and for a workflow the server does not know yet.
 */
export function RetentionSection({ workflowId }: { workflowId: string }) {
  const allowed = useCan('users:admin');
  const policy = useQuery({
    queryKey: retentionKey(workflowId),
    queryFn: () => read(api.GET('/api/definitions/{id}/retention', { params: { path: { id: workflowId } } })),
    enabled: allowed,
    retry: false,
  });
  if (!allowed) return null;
  if (policy.error instanceof ApiError && policy.error.problem.status === 404) return null;
  return (
    <section className="retention" aria-labelledby={`retention-${workflowId}`}>
      <h3 className="retention__title" id={`retention-${workflowId}`}>
        Data retention
      </h3>
      {policy.isPending && <p className="muted">Loading the retention policy…</p>}
      {policy.isError && <Alert>{sentenceOf(policy.error)}</Alert>}
      {policy.data && <RetentionForm workflowId={workflowId} current={policy.data} />}
    </section>
  );
}

function RetentionForm({ workflowId, current }: { workflowId: string; current: WorkflowRetention }) {
  const queryClient = useQueryClient();
  const [days, setDays] = useState(() => storedDays(current));
  const [mode, setMode] = useState<Mode>(() => current.own?.mode ?? '');
  const modeId = useId();
  // The form shows what is stored from its first paint, and again whenever the server's answer
  // changes (after a save or a reset).
  useEffect(() => {
    setDays(storedDays(current));
    setMode(current.own?.mode ?? '');
  }, [current]);

  const stored = (answer: WorkflowRetention | undefined) => {
    if (answer) queryClient.setQueryData(retentionKey(workflowId), answer);
    else void queryClient.invalidateQueries({ queryKey: retentionKey(workflowId) });
  };
  const save = useMutation({
    mutationFn: () =>
      read(
        api.PUT('/api/definitions/{id}/retention', {
          params: { path: { id: workflowId } },
          body: {
            // Empty keeps them forever; a number goes as typed (2.5, -1), and the server says what
            // is wrong with it. Not a number never gets here (it would travel as null: forever).
            endedInstancesDays: days.trim() === '' ? null : Number(days),
            ...(mode ? { mode } : {}),
          },
        }),
      ),
    onSuccess: stored,
  });
  const reset = useMutation({
    mutationFn: () =>
      read(api.DELETE('/api/definitions/{id}/retention', { params: { path: { id: workflowId } } })),
    onSuccess: () => stored(undefined),
  });
  const notANumber = days.trim() !== '' && !Number.isFinite(Number(days));
  const daysError = notANumber
    ? 'Enter a number of days, or leave it empty'
    : fieldMessage(save.error, 'endedInstancesDays');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (notANumber) return;
    reset.reset();
    save.mutate();
  };
  const modeError = fieldMessage(save.error, 'mode');
  const placed = daysError !== undefined || modeError !== undefined;

  return (
    <div className="retention__body">
      <p className="retention__effective" data-testid="retention-effective">
        {retentionSentence(current.effective)} <span className="muted">{retentionSource(current)}</span>
      </p>
      {/* A form of its own, not part of the definition: saving it changes no draft. */}
      <form
        className="retention__form"
        onSubmit={submit}
        noValidate
        aria-label="Retention of ended instances"
      >
        {save.isError && !placed && <Alert>{sentenceOf(save.error)}</Alert>}
        {reset.isError && <Alert>{sentenceOf(reset.error)}</Alert>}
        <TextField
          label="Keep ended instances for (days)"
          inputMode="numeric"
          value={days}
          placeholder="forever"
          help="Empty keeps them forever. They are removed in small batches after that many days from their end; an instance still waiting on a task, job, timer or sub-workflow is never removed."
          error={daysError}
          onChange={(e) => {
            setDays(e.target.value);
            save.reset();
          }}
        />
        <div className={['field', modeError ? 'field--invalid' : ''].filter(Boolean).join(' ')}>
          <label className="field__label" htmlFor={modeId}>
            Then
          </label>
          <select
            id={modeId}
            className="field__input"
            value={mode}
            aria-invalid={modeError ? true : undefined}
            onChange={(e) => {
              setMode(e.target.value as Mode);
              save.reset();
            }}
          >
            <option value="">
              {current.global.mode === 'archive'
                ? 'as configured (archive, then delete)'
                : 'as configured (delete)'}
            </option>
            <option value="delete">delete them</option>
            <option value="archive">archive, then delete them</option>
          </select>
          {modeError && <p className="field__error">{modeError}</p>}
        </div>
        <div className="retention__actions">
          <Button type="submit" variant="primary" disabled={save.isPending || notANumber}>
            {save.isPending ? 'Saving…' : 'Save retention'}
          </Button>
          {current.own && (
            <Button
              type="button"
              variant="ghost"
              disabled={reset.isPending}
              onClick={() => {
                save.reset();
                reset.mutate();
              }}
            >
              Use the global policy
            </Button>
          )}
        </div>
        {save.isSuccess && (
          <p className="muted" role="status">
            Saved; the next prune run applies it.
          </p>
        )}
      </form>
    </div>
  );
}

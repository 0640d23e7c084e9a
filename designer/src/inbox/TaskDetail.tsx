import { Check, Forward, X } from 'lucide-react';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError, fieldMessage, sentenceOf } from '../app/apiErrors';
import { useCan, useMe } from '../auth/session';
import { PersonField } from '../people/PersonField';
import { FillInFields } from '../forms/FillInForm';
import {
  detailRows,
  fieldsOf,
  initialDraft,
  messagesByField,
  valuesOf,
  type DraftValue,
} from '../forms/fillIn';
import { timelineNames } from '../portal/names';
import { formatTime } from '../app/formatTime';
import { Timeline } from '../portal/Timeline';
import { buildTimeline } from '../portal/timeline';
import { useInstance, useVersionDefinition } from '../portal/usePortal';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Loading } from '../ui/Loading';
import { TextField } from '../ui/TextField';
import {
  decidedMessage,
  delegatedMessage,
  keyDecisionNeeds,
  outcomeForKey,
  outcomeLabel,
} from './inboxModel';
import { useDecide, useDelegate, useTaskDetail } from './useInbox';

/** A decision asked for from the keyboard (a / r); `seq` tells one press from the next. */
export interface KeyDecision {
  readonly action: 'approve' | 'reject';
  readonly seq: number;
}

interface TaskForm {
  readonly instructions?: string | null;
  readonly requireCommentOn?: readonly string[];
  readonly outcomes?: readonly { id: string; label: string }[];
  readonly fields?: unknown;
}

/** One task: the request it is about, its history, and the decision (or why there is none). */
export function TaskDetail({
  taskId,
  keyDecision,
  canDecide,
  cannotDecideBecause,
  onDecided,
}: {
  taskId: string;
  keyDecision: KeyDecision | undefined;
  /** Told what was decided or delegated here (the inbox says it once the task has left the list). */
  onDecided?: (message: string) => void;
  /** From the inbox list: whether the decision policy lets me decide it, and if not why. */
  canDecide: boolean | undefined;
  cannotDecideBecause: string | undefined;
}) {
  const me = useMe();
  const detail = useTaskDetail(taskId);
  const instance = useInstance(detail.data?.task.instanceId);
  const version = useVersionDefinition(instance.data?.workflowId, instance.data?.version);
  const definition = version.data?.definition as { name?: string; input?: unknown } | undefined;
  const timeline = useMemo(
    () =>
      instance.data ? buildTimeline(instance.data, timelineNames(me, definition, instance.data.people)) : [],
    [instance.data, me, definition],
  );

  if (detail.isPending) return <Loading label="Loading the task…" />;
  if (detail.isError)
    return (
      <Alert>
        {detail.error instanceof ApiError && [403, 404].includes(detail.error.problem.status)
          ? 'This task is no longer yours to decide: it was handed to someone else, or the request ended.'
          : sentenceOf(detail.error)}
      </Alert>
    );
  const { task, request } = detail.data;
  const form = (task.form ?? {}) as TaskForm;
  const rows = detailRows(fieldsOf(definition?.input), request.input, instance.data?.people);

  return (
    <article className="task" aria-labelledby="task-title">
      <header className="task__header">
        <div>
          <p className="task__workflow">{definition?.name ?? request.workflowId}</p>
          <h2 className="task__title" id="task-title">
            {task.title}
          </h2>
          <p className="task__meta">
            Requested by{' '}
            {request.startedBy === undefined
              ? 'the system'
              : request.startedBy === me.id
                ? 'you'
                : (instance.data?.people[request.startedBy] ?? request.startedBy)}{' '}
            · {formatTime(task.createdAt)}
            {task.assignee.type === 'group' && <> · for the group {task.assignee.id}</>}
          </p>
        </div>
        {task.dueAt !== undefined && (
          <Badge tone={task.dueAt < Date.now() ? 'danger' : 'neutral'}>Due {formatTime(task.dueAt)}</Badge>
        )}
      </header>
      {form.instructions && <p className="task__instructions">{form.instructions}</p>}
      <section className="task__section" aria-labelledby="task-request">
        <h3 className="task__heading" id="task-request">
          The request
        </h3>
        <dl className="details">
          {rows.map((row) => (
            <div key={row.key} className="details__row">
              <dt>{row.label}</dt>
              <dd>{row.value}</dd>
            </div>
          ))}
        </dl>
      </section>
      {task.status === 'open' && (
        <DecisionForm
          task={{ ...task, ...(canDecide !== undefined ? { canDecide } : {}) }}
          form={form}
          keyDecision={keyDecision}
          cannotDecideBecause={cannotDecideBecause}
          {...(onDecided ? { onDecided } : {})}
        />
      )}
      <section className="task__section" aria-labelledby="task-history">
        <h3 className="task__heading" id="task-history">
          History
        </h3>
        {instance.isPending && <Loading label="Loading the history…" />}
        {instance.isError && <Alert>{sentenceOf(instance.error)}</Alert>}
        {instance.data && <Timeline entries={timeline} label="History of the request" />}
      </section>
    </article>
  );
}

interface DecidableTask {
  readonly id: string;
  readonly title: string;
  readonly kind: 'approval' | 'manualTask';
  readonly outcomes: readonly string[];
  readonly allowDelegation: boolean;
  readonly canDecide?: boolean;
}

function DecisionForm({
  task,
  form,
  keyDecision,
  cannotDecideBecause,
  onDecided,
}: {
  task: DecidableTask & { form: unknown };
  form: TaskForm;
  keyDecision: KeyDecision | undefined;
  cannotDecideBecause: string | undefined;
  onDecided?: (message: string) => void;
}) {
  const mayDecide = useCan('tasks:decide');
  const fields = useMemo(() => fieldsOf(form.fields), [form.fields]);
  const [draft, setDraft] = useState<Record<string, DraftValue>>(() => initialDraft(fields));
  const [comment, setComment] = useState('');
  const [note, setNote] = useState<string | undefined>();
  const [formNote, setFormNote] = useState<string | undefined>();
  const decide = useDecide(({ outcome }) => onDecided?.(decidedMessage(outcome, task.title, form.outcomes)));
  const formArea = useRef<HTMLDivElement>(null);
  const commentId = useId();
  const commentBox = useRef<HTMLTextAreaElement>(null);
  const problems = decide.error instanceof ApiError ? decide.error.problem.fields : [];
  const errors = messagesByField(problems, fields, 'form');
  const commentError = fieldMessage(decide.error, 'comment') ?? note;
  const requireComment = new Set(form.requireCommentOn ?? []);

  const send = (outcome: string) => {
    if (requireComment.has(outcome) && comment.trim() === '') {
      setNote(`Say why in the comment (needed to ${outcomeLabel(outcome, form.outcomes).toLowerCase()}).`);
      commentBox.current?.focus();
      return;
    }
    setNote(undefined);
    decide.mutate({
      id: task.id,
      outcome,
      ...(comment.trim() ? { comment } : {}),
      ...(fields.length > 0 ? { form: valuesOf(fields, draft) } : {}),
    });
  };

  // a / r from the inbox: the task's own approve/reject outcome, if it has one.
  const handled = useRef(keyDecision?.seq);
  const fieldCount = fields.length;
  const commentRef = useRef(comment);
  commentRef.current = comment;
  const requireCommentOnRef = useRef(form.requireCommentOn ?? []);
  requireCommentOnRef.current = form.requireCommentOn ?? [];
  const sendRef = useRef(send);
  sendRef.current = send;
  useEffect(() => {
    if (!keyDecision || keyDecision.seq === handled.current) return;
    handled.current = keyDecision.seq;
    const outcome = outcomeForKey(task.outcomes, keyDecision.action);
    if (!outcome) {
      setNote(`This task has no “${keyDecision.action}” outcome: choose one of the buttons.`);
      return;
    }
    // A key decides only what needs nothing more; otherwise it opens what is needed.
    const needs = keyDecisionNeeds({
      outcome,
      requireCommentOn: requireCommentOnRef.current,
      comment: commentRef.current,
      formFields: fieldCount,
    });
    if (needs === 'form') {
      setFormNote(`Fill in the form, then choose ${outcomeLabel(outcome, form.outcomes)}.`);
      formArea.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
      return;
    }
    // A missing comment is said, and the comment box focused, by send itself.
    sendRef.current(outcome);
  }, [keyDecision, task.outcomes, fieldCount, form.outcomes]);

  if (!mayDecide || task.canDecide === false)
    return (
      <Alert tone="info">
        {!mayDecide
          ? 'Your role can look at tasks but not decide them.'
          : `You cannot decide this task${cannotDecideBecause ? `: ${cannotDecideBecause.replace(/\.$/, '')}` : ''}.`}
      </Alert>
    );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.value) send(submitter.value);
  };

  return (
    <>
      <form
        className="task__section task__decision"
        onSubmit={submit}
        noValidate
        aria-labelledby="task-decide"
      >
        <h3 className="task__heading" id="task-decide">
          {task.kind === 'manualTask' ? 'When it is done' : 'Your decision'}
        </h3>
        {decide.isError && problems.length === 0 && <Alert>{sentenceOf(decide.error)}</Alert>}
        {fields.length > 0 && (
          <div ref={formArea}>
            {formNote && (
              <p className="field__help" role="status">
                {formNote}
              </p>
            )}
            <FillInFields
              fields={fields}
              draft={draft}
              errors={errors}
              disabled={decide.isPending}
              onChange={(key, value) => setDraft((d) => ({ ...d, [key]: value }))}
            />
          </div>
        )}
        <div className={`field${commentError ? ' field--invalid' : ''}`}>
          <label className="field__label" htmlFor={commentId}>
            Comment
          </label>
          <textarea
            id={commentId}
            ref={commentBox}
            className="field__input task__comment"
            dir="auto"
            rows={3}
            value={comment}
            maxLength={10_000}
            disabled={decide.isPending}
            onChange={(e) => setComment(e.target.value)}
            aria-invalid={commentError ? true : undefined}
            aria-describedby={commentError ? `${commentId}-error` : `${commentId}-help`}
          />
          {commentError ? (
            <p className="field__error" id={`${commentId}-error`}>
              {commentError}
            </p>
          ) : (
            <p className="field__help" id={`${commentId}-help`}>
              The requester sees it in their request’s progress.
              {requireComment.size > 0 &&
                ` Needed to ${[...requireComment].map((o) => outcomeLabel(o, form.outcomes).toLowerCase()).join(' or ')}.`}
            </p>
          )}
        </div>
        <div className="task__outcomes">
          {task.outcomes.map((outcome) => {
            const positive = outcomeForKey([outcome], 'approve') !== undefined;
            const negative = outcomeForKey([outcome], 'reject') !== undefined;
            return (
              <Button
                key={outcome}
                type="submit"
                value={outcome}
                variant={positive ? 'primary' : 'secondary'}
                busy={decide.isPending && decide.variables?.outcome === outcome}
                disabled={decide.isPending}
                icon={
                  positive ? (
                    <Check size={16} aria-hidden="true" />
                  ) : negative ? (
                    <X size={16} aria-hidden="true" />
                  ) : undefined
                }
              >
                {outcomeLabel(outcome, form.outcomes)}
              </Button>
            );
          })}
        </div>
      </form>
      {task.allowDelegation && (
        <DelegateForm taskId={task.id} onDelegated={() => onDecided?.(delegatedMessage(task.title))} />
      )}
    </>
  );
}

function DelegateForm({ taskId, onDelegated }: { taskId: string; onDelegated: () => void }) {
  const [open, setOpen] = useState(false);
  const [to, setTo] = useState('');
  const [comment, setComment] = useState('');
  const delegate = useDelegate(onDelegated);
  if (!open)
    return (
      <div className="task__delegate-open">
        <Button variant="ghost" icon={<Forward size={16} aria-hidden="true" />} onClick={() => setOpen(true)}>
          Delegate to a colleague
        </Button>
      </div>
    );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    delegate.mutate({ id: taskId, to: to.trim(), ...(comment.trim() ? { comment } : {}) });
  };
  const toError = fieldMessage(delegate.error, 'to');
  return (
    <form
      className="task__section task__delegate"
      onSubmit={submit}
      noValidate
      aria-labelledby="task-delegate"
    >
      <h3 className="task__heading" id="task-delegate">
        Delegate
      </h3>
      {delegate.isError && !toError && <Alert>{sentenceOf(delegate.error)}</Alert>}
      <PersonField
        label="Colleague"
        help="Type part of their name or e-mail and pick them. They must be allowed to decide this task."
        value={to}
        onChange={setTo}
        error={toError}
      />
      <TextField
        label="Note for them (optional)"
        dir="auto"
        value={comment}
        onChange={(e) => setComment(e.target.value)}
      />
      <div className="task__outcomes">
        <Button variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" busy={delegate.isPending} disabled={to.trim() === ''}>
          Delegate
        </Button>
      </div>
    </form>
  );
}

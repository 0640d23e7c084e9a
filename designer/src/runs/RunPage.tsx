import '../app/noEval';
import { ArrowLeft, Ban, RotateCcw } from 'lucide-react';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useParams } from 'react-router';
import { sentenceOf } from '../app/apiErrors';
import { useCan, useMe } from '../auth/session';
import { WorkflowView } from '../canvas';
import { useLiveStatus } from '../live';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Loading } from '../ui/Loading';
import { ReasonDialog } from '../ui/ReasonDialog';
import { useVersion } from '../versions/useVersions';
import { relativeTime } from '../workflows/workflowSummary';
import {
  actorLabel,
  entryNode,
  jsonText,
  nodeNamer,
  runMarks,
  runPath,
  shortRunId,
  STATUS_LABELS,
  STATUS_TONES,
  stepRows,
  timelineOf,
  type GraphLike,
} from './runView';
import { followRetry, type RetryNote } from './retryNote';
import { incidentHint, type IncidentHint } from './incidentHint';
import { endNote } from './endNote';
import { useCancelRun, useRetry, useRun, type RunDetail } from './useRuns';
import { noCallsNote } from './noCallsNote';
import './runs.css';
import { formatTime } from '../app/formatTime';
import { WrittenText } from '../ui/WrittenText';

/** The workflow node an event happened on, if any (undefined on the empty canvas). */
function pickedNode(target: EventTarget): string | undefined {
  if (!(target instanceof Element)) return undefined;
  if (target.closest('.react-flow__controls, .react-flow__minimap')) return undefined;
  return target.closest('.react-flow__node')?.getAttribute('data-id') ?? undefined;
}

/** One run: its version's canvas with the path taken, incidents to retry, steps, history; live. */
export function RunPage() {
  const { id = '' } = useParams();
  const run = useRun(id);
  const data = run.data;
  const version = useVersion(data?.workflowId ?? '', data?.version);
  const definition = version.data?.definition;
  const name = definition?.name ?? data?.workflowId ?? 'Run';
  const canCancel = useCan('instances:cancel');
  const [cancelling, setCancelling] = useState(false);
  const [selected, setSelected] = useState<string | undefined>();
  const live = useLiveStatus();
  const me = useMe();

  const selection = useMemo(() => ({ nodes: selected ? [selected] : [], edges: [], notes: [] }), [selected]);
  const nameOf = useMemo(() => nodeNamer(definition as GraphLike | undefined), [definition]);
  const marks = useMemo(
    () => (definition && data ? runMarks(runPath(definition as GraphLike, data), data.incidents) : undefined),
    [definition, data],
  );

  return (
    <main className="editor run-page" aria-busy={run.isPending}>
      <title>{`${name} · run · Flowline`}</title>
      <div className="editor__toolbar">
        <Link to="/runs" className="editor__back">
          <ArrowLeft size={16} aria-hidden="true" />
          Runs
        </Link>
        <h1 className="editor__title">
          {name} <span className="editor__id mono">· {shortRunId(id)}</span>
        </h1>
        {data?.businessKey && (
          <span className="run-page__key" data-testid="run-business-key">
            <span className="run-page__key-label">Business key</span>
            <span className="mono" title={data.businessKey}>
              {data.businessKey}
            </span>
          </span>
        )}
        {data && (
          <span className="run-page__status" data-testid="run-status" data-status={data.status}>
            <Badge tone={STATUS_TONES[data.status]}>{STATUS_LABELS[data.status]}</Badge>
          </span>
        )}
        {data && (
          <span className="run-page__meta">
            <Link to={`/workflows/${encodeURIComponent(data.workflowId)}/versions/${data.version}`}>
              Version {data.version}
            </Link>
            {' · started '}
            <time dateTime={new Date(data.createdAt).toISOString()} title={formatTime(data.createdAt)}>
              {relativeTime(data.createdAt, Date.now())}
            </time>
            {data.startedBy ? ` by ${actorLabel(data.startedBy, me.id, data.people)}` : ''}
          </span>
        )}
        <span className="editor__spacer" />
        <span className="run-page__meta" role="status">
          {live === 'live' ? 'Updates live' : live === 'connecting' ? 'Connecting…' : 'Live updates are off'}
        </span>
        {data?.status === 'running' && canCancel && (
          <Button
            variant="danger"
            icon={<Ban size={16} aria-hidden="true" />}
            onClick={() => setCancelling(true)}
          >
            Cancel run
          </Button>
        )}
      </div>
      {run.isPending && <Loading label="Loading the run…" />}
      {run.isError && (
        <div className="editor__message">
          <Alert>
            {sentenceOf(run.error)} <Link to="/runs">Back to the runs</Link>
          </Alert>
        </div>
      )}
      {data && (
        <>
          <Incidents run={data} nameOf={nameOf} />
          <EndedNote run={data} nameOf={nameOf} myId={me.id} />
          <div className="run-page__body">
            <section
              className="run-page__canvas"
              aria-label="The workflow with the path this run took"
              // The view is read-only (its selection is ours): a click or Enter on a step picks it.
              onClick={(event) => setSelected(pickedNode(event.target))}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') setSelected(pickedNode(event.target));
              }}
            >
              {version.isError && <Alert>{sentenceOf(version.error)}</Alert>}
              {version.isPending && <Loading label="Loading the version…" />}
              {definition && marks && (
                <WorkflowView
                  definition={definition}
                  marks={marks}
                  selection={selection}
                  label={`Version ${data.version}, read-only, with the path taken`}
                />
              )}
            </section>
            <RunDetails
              graph={definition as GraphLike | undefined}
              run={data}
              nameOf={nameOf}
              selected={selected}
              onClear={() => setSelected(undefined)}
            />
          </div>
        </>
      )}
      {cancelling && data && <CancelDialog id={id} name={name} onClose={() => setCancelling(false)} />}
    </main>
  );
}

/** Who cancelled or withdrew the run and why, or what it failed with, under the toolbar. */
function EndedNote({ run, nameOf, myId }: { run: RunDetail; nameOf: (id: string) => string; myId: string }) {
  const note = endNote(run);
  if (!note) return null;
  return (
    <section className="run-page__ended" aria-label="How the run ended" data-testid="run-ended">
      {note.kind === 'failed' ? (
        <p>
          <strong>Failed{note.nodeId ? ` at “${nameOf(note.nodeId)}”` : ''}:</strong> {note.code}:{' '}
          {note.message}
        </p>
      ) : (
        <p>
          <strong>
            {note.kind === 'withdrawn' ? 'Withdrawn' : 'Cancelled'}
            {note.actor ? ` by ${actorLabel(note.actor, myId, run.people)}` : ''}
          </strong>{' '}
          <time dateTime={new Date(note.at).toISOString()} title={formatTime(note.at)}>
            {relativeTime(note.at, Date.now())}
          </time>
          {note.reason ? (
            <>
              : <WrittenText as="q">{note.reason}</WrittenText>
            </>
          ) : (
            ', without a reason'
          )}
        </p>
      )}
    </section>
  );
}

function Incidents({ run, nameOf }: { run: RunDetail; nameOf: (id: string) => string }) {
  const canRetry = useCan('jobs:retry');
  const canAdminister = useCan('users:admin');
  const hintOf = (incident: RunDetail['incidents'][number]) =>
    incidentHint(
      incident,
      run.calls.filter((call) => call.nodeId === incident.nodeId).at(-1)?.connection,
      canAdminister,
    );
  const retry = useRetry(run.id);
  const [retried, setRetried] = useState<RetryNote | undefined>();
  // Followed as the run changes (the pattern for state from earlier renders): the note goes once
  // the retried step fails again.
  const note = followRetry(retried, run.incidents);
  if (note !== retried) setRetried(note);
  if (run.status !== 'running' || (run.incidents.length === 0 && !note)) return null;
  return (
    <section
      className={
        run.incidents.length === 0
          ? 'run-page__incidents run-page__incidents--retried'
          : 'run-page__incidents'
      }
      aria-label="Incidents"
      data-testid="incidents"
    >
      {note && retry.isSuccess && !run.incidents.some((i) => i.nodeId === note.nodeId) && (
        <p className="run-incident__note" role="status">
          Retried “{nameOf(note.nodeId)}”: the step runs again.
        </p>
      )}
      {run.incidents.map((incident) => (
        <div className="run-incident" key={incident.nodeId} data-testid="incident">
          <div className="run-incident__text">
            <p className="run-incident__title">
              “{nameOf(incident.nodeId)}” needs an operator
              {incident.kind === 'task'
                ? ` after ${incident.attempts} attempt${incident.attempts === 1 ? '' : 's'}`
                : ''}
            </p>
            <p className="run-incident__error">
              {incident.error
                ? `${incident.error.code}: ${incident.error.message}`
                : incident.kind === 'approval'
                  ? `${incident.tasks ?? 'Its'} task(s) could not be given to their assignees.`
                  : 'The step cannot go on by itself.'}
            </p>
            <IncidentHintText hint={hintOf(incident)} />
            {!canRetry && (
              <p className="run-incident__error muted">Someone with the retry permission can retry it.</p>
            )}
            {retry.isError && retry.variables === incident.nodeId && (
              <p className="field__error" role="alert">
                {sentenceOf(retry.error)}
              </p>
            )}
            {note?.nodeId === incident.nodeId && retry.isSuccess && (
              <p role="status">Retried: the step runs again.</p>
            )}
          </div>
          {canRetry && (
            <Button
              variant="primary"
              icon={<RotateCcw size={16} aria-hidden="true" />}
              busy={retry.isPending && retry.variables === incident.nodeId}
              onClick={() => {
                setRetried({ nodeId: incident.nodeId, attempts: incident.attempts, left: false });
                retry.mutate(incident.nodeId);
              }}
            >
              Retry “{nameOf(incident.nodeId)}”
            </Button>
          )}
        </div>
      ))}
    </section>
  );
}

function IncidentHintText({ hint }: { hint: IncidentHint | undefined }) {
  if (!hint) return null;
  return (
    <p className="run-incident__hint" data-testid="incident-hint">
      {hint.text}
      {hint.link && (
        <>
          {' '}
          <Link to={hint.link.to}>{hint.link.label}</Link>
        </>
      )}
    </p>
  );
}

type Tab = 'steps' | 'timeline' | 'data';
const TABS: readonly [Tab, string][] = [
  ['steps', 'Steps'],
  ['timeline', 'History'],
  ['data', 'Input and output'],
];

function RunDetails({
  run,
  nameOf,
  selected,
  onClear,
  graph,
}: {
  graph: GraphLike | undefined;
  run: RunDetail;
  nameOf: (id: string) => string;
  selected: string | undefined;
  onClear: () => void;
}) {
  const [tab, setTab] = useState<Tab>('steps');
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (event: KeyboardEvent, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = (index + step + TABS.length) % TABS.length;
    setTab(TABS[next]![0]);
    tabs.current[next]?.focus();
  };
  return (
    <section className="run-page__side" aria-label="Run details">
      <div className="run-tabs" role="tablist" aria-label="Run details">
        {TABS.map(([key, label], index) => (
          <button
            key={key}
            ref={(el) => void (tabs.current[index] = el)}
            type="button"
            role="tab"
            id={`run-tab-${key}`}
            aria-selected={tab === key}
            aria-controls={`run-panel-${key}`}
            tabIndex={tab === key ? 0 : -1}
            className="run-tabs__tab"
            onClick={() => setTab(key)}
            onKeyDown={(e) => onKey(e, index)}
          >
            {label}
          </button>
        ))}
      </div>
      <div
        className="run-tabs__panel"
        role="tabpanel"
        id={`run-panel-${tab}`}
        aria-labelledby={`run-tab-${tab}`}
      >
        {selected && tab !== 'data' && (
          <p className="run-page__meta">
            Showing “{nameOf(selected)}” only.{' '}
            <Button variant="ghost" onClick={onClear}>
              Show all steps
            </Button>
          </p>
        )}
        {tab === 'steps' && <Steps run={run} nameOf={nameOf} selected={selected} />}
        {tab === 'timeline' && <Timeline run={run} nameOf={nameOf} selected={selected} graph={graph} />}
        {tab === 'data' && <RunData run={run} nameOf={nameOf} />}
      </div>
    </section>
  );
}

function Steps({
  run,
  nameOf,
  selected,
}: {
  run: RunDetail;
  nameOf: (id: string) => string;
  selected?: string | undefined;
}) {
  const rows = stepRows(run.calls, nameOf).filter((row) => !selected || row.nodeId === selected);
  if (rows.length === 0) return <p className="muted">{noCallsNote(run.status, Boolean(selected))}</p>;
  return (
    <ol className="run-list" aria-label="Connector calls, newest first">
      {rows.map((row) => (
        <li className="run-step" key={row.key} data-testid="run-step">
          <div className="run-step__head">
            <span className="run-step__name">{row.name}</span>
            <Badge tone={row.tone}>{row.statusLabel}</Badge>
          </div>
          <span className="run-step__summary">
            {row.summary} ·{' '}
            <time dateTime={new Date(row.at).toISOString()}>
              {formatTime(row.finishedAt ?? row.at, { seconds: true })}
            </time>
          </span>
          {row.result.kind === 'error' && <p className="run-step__error">{row.result.text}</p>}
          <details>
            <summary>Input</summary>
            <pre className="run-json">{row.input}</pre>
          </details>
          {row.result.kind === 'output' && (
            <details>
              <summary>Output</summary>
              <pre className="run-json">{row.result.text}</pre>
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}

function Timeline({
  run,
  nameOf,
  selected,
  graph,
}: {
  graph: GraphLike | undefined;
  run: RunDetail;
  nameOf: (id: string) => string;
  selected?: string | undefined;
}) {
  const me = useMe();
  const entries = timelineOf(run.history, nameOf, run.people)
    .filter((_, i) => !selected || entryNode(run.history[i]!, graph) === selected)
    .reverse();
  if (entries.length === 0) return <p className="muted">Nothing has happened at this step yet.</p>;
  return (
    <ol className="run-timeline" aria-label="History, newest first" data-testid="run-timeline">
      {entries.map((entry) => (
        <li key={entry.seq} className={`run-timeline__entry run-timeline__entry--${entry.tone}`}>
          <p className="run-timeline__title">{entry.title}</p>
          <p className="run-timeline__meta">
            <time dateTime={new Date(entry.at).toISOString()}>{formatTime(entry.at, { seconds: true })}</time>
            {entry.actor ? ` · by ${actorLabel(entry.actor, me.id, run.people)}` : ''}
          </p>
          {entry.detail && <p className="run-timeline__detail">{entry.detail}</p>}
          {entry.comment && (
            <WrittenText as="blockquote" className="run-timeline__comment">
              {entry.comment}
            </WrittenText>
          )}
        </li>
      ))}
    </ol>
  );
}

function RunData({ run, nameOf }: { run: RunDetail; nameOf: (id: string) => string }) {
  return (
    <div>
      {run.openTasks.length > 0 && (
        <>
          <h2 className="run-section-title">Waiting for people</h2>
          <ul className="run-list">
            {run.openTasks.map((task) => (
              <li key={task.id} className="run-step">
                <span className="run-step__name">{task.title}</span>
                <span className="run-step__summary">
                  {nameOf(task.nodeId)} ·{' '}
                  {task.assignee.type === 'group'
                    ? `group ${task.assignee.id}`
                    : (run.people[task.assignee.id] ?? `user ${task.assignee.id}`)}
                  {task.dueAt ? ` · due ${formatTime(task.dueAt)}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {run.error && (
        <>
          <h2 className="run-section-title">Error</h2>
          <p className="run-step__error">
            {run.error.code}: {run.error.message}
            {run.error.nodeId ? ` (at “${nameOf(run.error.nodeId)}”)` : ''}
          </p>
        </>
      )}
      <h2 className="run-section-title">Input</h2>
      <pre className="run-json">{jsonText(run.input)}</pre>
      <h2 className="run-section-title">Output</h2>
      {run.output === undefined ? (
        <p className="muted">
          {run.status === 'running' ? 'The run has not ended yet.' : 'The run ended without output.'}
        </p>
      ) : (
        <pre className="run-json">{jsonText(run.output)}</pre>
      )}
    </div>
  );
}

function CancelDialog({ id, name, onClose }: { id: string; name: string; onClose: () => void }) {
  const cancel = useCancelRun(id);
  return (
    <ReasonDialog
      title="Cancel this run?"
      confirm="Cancel the run"
      dismiss="Keep it running"
      busy={cancel.isPending}
      error={cancel.error}
      onConfirm={(reason) => cancel.mutate(reason, { onSuccess: onClose })}
      onClose={onClose}
    >
      The run of “{name}” stops where it is: open tasks are withdrawn and nothing further is called. This
      cannot be undone.
    </ReasonDialog>
  );
}

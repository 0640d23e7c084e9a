import { ChartColumn, Download, Hourglass, RefreshCw, TriangleAlert } from 'lucide-react';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { sentenceOf } from '../app/apiErrors';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Loading } from '../ui/Loading';
import {
  cellText,
  DEFAULT_RANGE,
  formatDuration,
  incidentNote,
  isRangeId,
  NODE_COLUMNS,
  outcomeFigures,
  percent,
  RANGES,
  rangeFor,
  reportCsv,
  reportFileName,
  totals,
  WORKFLOW_COLUMNS,
  type NodeFigures,
  type WorkflowFigures,
} from './dashboardModel';
import { slowestStepNote } from './slowestStep';
import { useIncidentRuns, useWorkflowDetail, useWorkflowStatistics } from './useStatistics';
import './dashboard.css';

// The chart library arrives only when a chart is drawn: the figures and tables show first.
const OutcomeChart = lazy(async () => ({ default: (await import('./DashboardCharts')).OutcomeChart }));
const TurnaroundChart = lazy(async () => ({ default: (await import('./DashboardCharts')).TurnaroundChart }));

/** Process statistics per workflow and period: what a service-desk lead reports every week. */
export function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const rangeParam = params.get('range');
  const range = isRangeId(rangeParam) ? rangeParam : DEFAULT_RANGE;
  const workflowId = params.get('workflow') ?? '';
  // Fixed until the period changes or Refresh is pressed, so the figures do not shift under the reader.
  const [now, setNow] = useState(() => Date.now());
  const { from, to } = rangeFor(range, now);
  const list = useWorkflowStatistics(from, to);
  const detail = useWorkflowDetail(workflowId, from, to);

  const choose = (key: 'workflow' | 'range', value: string) => {
    const next = new URLSearchParams(params);
    if (value === '' || (key === 'range' && value === DEFAULT_RANGE)) next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: true });
    setNow(Date.now());
  };

  const workflows = list.data?.items ?? [];
  const chosen = workflowId === '' ? undefined : detail.data;
  const chosenName =
    workflows.find((w) => w.workflowId === workflowId)?.name ?? chosen?.total.name ?? workflowId;
  const rangeLabel = RANGES.find((r) => r.id === range)?.label ?? '';

  const exportCsv = () => {
    const csv = chosen
      ? reportCsv({ from, to, workflows: [chosen.total, ...chosen.versions], nodes: chosen.nodes })
      : reportCsv({ from, to, workflows });
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = reportFileName(chosen ? chosenName : 'all workflows', from, to);
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const loading = list.isPending || (workflowId !== '' && detail.isPending);
  const failure = list.error ?? (workflowId !== '' ? detail.error : null);
  const empty = !loading && !failure && workflows.length === 0 && !chosen?.total.instances.started;

  return (
    <main className="page dashboard">
      <title>Dashboard · Flowline</title>
      <div className="page__header">
        <div>
          <h1 className="page__title">Dashboard</h1>
          <p className="page__subtitle">Requests, cycle times, approval turnaround and SLA breaches.</p>
        </div>
      </div>
      <div className="dashboard__controls" role="group" aria-label="What to show">
        <div className="dashboard__control">
          <label className="field__label" htmlFor="dashboard-workflow">
            Workflow
          </label>
          <select
            id="dashboard-workflow"
            className="field__input"
            value={workflowId}
            onChange={(e) => choose('workflow', e.target.value)}
          >
            <option value="">All workflows</option>
            {workflows.map((w) => (
              <option key={w.workflowId} value={w.workflowId}>
                {w.name}
              </option>
            ))}
            {workflowId !== '' && !workflows.some((w) => w.workflowId === workflowId) && (
              <option value={workflowId}>{chosenName}</option>
            )}
          </select>
        </div>
        <div className="dashboard__control">
          <label className="field__label" htmlFor="dashboard-period">
            Period
          </label>
          <select
            id="dashboard-period"
            className="field__input"
            value={range}
            onChange={(e) => choose('range', e.target.value)}
          >
            {RANGES.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        <div className="dashboard__actions">
          <Button icon={<RefreshCw size={16} aria-hidden="true" />} onClick={() => setNow(Date.now())}>
            Refresh
          </Button>
          <Button
            icon={<Download size={16} aria-hidden="true" />}
            onClick={exportCsv}
            disabled={loading || empty || Boolean(failure)}
          >
            Export CSV
          </Button>
        </div>
      </div>

      <IncidentCallout workflow={workflowId === '' ? undefined : { id: workflowId, name: chosenName }} />
      {loading && <Loading label="Loading statistics…" />}
      {failure && <Alert>{sentenceOf(failure)}</Alert>}
      {empty && (
        <div className="empty">
          <ChartColumn size={32} aria-hidden="true" />
          <p className="empty__title">Nothing ran in this period</p>
          <p>
            Figures appear once requests are started. Publish a workflow and start a request from{' '}
            <Link to="/workflows">Workflows</Link>, or choose a longer period.
          </p>
        </div>
      )}
      {!loading && !failure && !empty && (
        <>
          {chosen ? (
            <WorkflowView
              figures={chosen.total}
              versions={chosen.versions}
              nodes={chosen.nodes}
              slowestNodeId={chosen.slowestNodeId}
              rangeLabel={rangeLabel}
            />
          ) : (
            <OverviewView workflows={workflows} rangeLabel={rangeLabel} />
          )}
        </>
      )}
    </main>
  );
}

function Headline({
  figures,
}: {
  figures: Pick<WorkflowFigures, 'instances' | 'tasks'> & { cycleTimeMs?: WorkflowFigures['cycleTimeMs'] };
}) {
  const { instances, tasks, cycleTimeMs } = figures;
  const outcomes = outcomeFigures(instances);
  return (
    <dl className="dashboard__figures" aria-label="Headline figures">
      {/* Running is the started ones' note: the cards stay few enough for one row. */}
      <Figure label="Started" value={String(instances.started)} note={`${instances.running} still running`} />
      <Figure label="Completed" value={String(instances.completed)} note={outcomes.completedNote} />
      <Figure label="Ended otherwise" value={String(outcomes.otherwise)} note={outcomes.otherwiseNote} />
      {cycleTimeMs && (
        <Figure
          label="Cycle time"
          value={formatDuration(cycleTimeMs.p50)}
          note={`median; 90 % within ${formatDuration(cycleTimeMs.p90)}`}
        />
      )}
      <Figure label="Open tasks" value={String(tasks.open)} note={`${tasks.overdue} overdue`} />
      <Figure
        label="SLA breaches"
        value={String(tasks.breaches)}
        note={`${percent(tasks.breaches, tasks.decided + tasks.timedOut)} of closed tasks`}
        tone={tasks.breaches > 0 ? 'danger' : undefined}
      />
    </dl>
  );
}

function Figure({
  label,
  value,
  note,
  tone,
}: {
  label: string;
  value: string;
  note?: string;
  tone?: 'danger' | undefined;
}) {
  return (
    <div className={`dashboard__figure${tone ? ` dashboard__figure--${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd>
        <span className="dashboard__figure-value" data-testid={`figure-${label}`}>
          {value}
        </span>
        {note && <span className="dashboard__figure-note">{note}</span>}
      </dd>
    </div>
  );
}

function Callout({
  tone,
  icon,
  children,
}: {
  tone: 'danger' | 'info';
  icon: ReactNode;
  children: ReactNode;
}) {
  return (
    <p className={`dashboard__callout dashboard__callout--${tone}`}>
      {icon}
      <span>{children}</span>
    </p>
  );
}

/** Runs waiting for an operator now, linked to the runs list filtered to them. */
function IncidentCallout({ workflow }: { workflow: { id: string; name: string } | undefined }) {
  const runs = useIncidentRuns(workflow?.id ?? '');
  const note = runs.data && incidentNote(runs.data, workflow);
  if (!note) return null;
  return (
    <Callout tone="danger" icon={<TriangleAlert size={18} aria-hidden="true" />}>
      <Link to={note.href} data-testid="incident-callout">
        <strong>{note.title}</strong>
      </Link>
      : {note.text}
    </Callout>
  );
}

function BreachCallout({ name, tasks }: { name?: string; tasks: WorkflowFigures['tasks'] }) {
  if (tasks.breaches === 0 && tasks.overdue === 0) return null;
  return (
    <Callout tone="danger" icon={<TriangleAlert size={18} aria-hidden="true" />}>
      <strong>
        {tasks.breaches} SLA {tasks.breaches === 1 ? 'breach' : 'breaches'}
        {name ? ` in ${name}` : ''}
      </strong>
      : {tasks.decidedLate} decided after the due time, {tasks.timedOut} timed out or escalated
      {tasks.overdue > 0
        ? `; ${tasks.overdue} open ${tasks.overdue === 1 ? 'task is' : 'tasks are'} overdue now`
        : ''}
      .
    </Callout>
  );
}

function OverviewView({
  workflows,
  rangeLabel,
}: {
  workflows: readonly WorkflowFigures[];
  rangeLabel: string;
}) {
  const sum = totals(workflows);
  const worst = [...workflows].sort((a, b) => b.tasks.breaches - a.tasks.breaches)[0];
  return (
    <>
      {/* Percentiles of several workflows do not add up: cycle times are in the table, per workflow. */}
      <Headline figures={sum} />
      <BreachCallout tasks={sum.tasks} />
      {worst && worst.tasks.breaches > 0 && workflows.length > 1 && (
        <Callout tone="info" icon={<Hourglass size={18} aria-hidden="true" />}>
          Most breaches: <strong>{worst.name}</strong> ({worst.tasks.breaches}). Choose a workflow to see
          which step is slowest.
        </Callout>
      )}
      <section className="card dashboard__chart" aria-labelledby="outcomes-title">
        <h2 id="outcomes-title" className="dashboard__section-title">
          Requests by outcome · {rangeLabel}
        </h2>
        <Suspense fallback={<Loading label="Loading the chart…" />}>
          <OutcomeChart workflows={workflows} />
        </Suspense>
      </section>
      <ReportTable
        title="Per workflow"
        columns={WORKFLOW_COLUMNS}
        rows={workflows}
        keyOf={(w) => w.workflowId}
        testId="workflow-report"
      />
    </>
  );
}

function WorkflowView(props: {
  figures: WorkflowFigures;
  versions: readonly WorkflowFigures[];
  nodes: readonly NodeFigures[];
  slowestNodeId: string | null;
  rangeLabel: string;
}) {
  const { figures, versions, nodes, rangeLabel } = props;
  const slowest = slowestStepNote(nodes, props.slowestNodeId);
  return (
    <>
      <Headline figures={figures} />
      <BreachCallout name={figures.name} tasks={figures.tasks} />
      {slowest && (
        <Callout tone="info" icon={<Hourglass size={18} aria-hidden="true" />}>
          {slowest.kind === 'slowest' && (
            <>
              Slowest step: <strong>{slowest.step}</strong>.{' '}
            </>
          )}
          {slowest.detail}
        </Callout>
      )}
      <div className="dashboard__charts">
        <section className="card dashboard__chart" aria-labelledby="versions-title">
          <h2 id="versions-title" className="dashboard__section-title">
            Requests by version and outcome · {rangeLabel}
          </h2>
          <Suspense fallback={<Loading label="Loading the chart…" />}>
            <OutcomeChart workflows={versions} />
          </Suspense>
        </section>
        <section className="card dashboard__chart" aria-labelledby="turnaround-title">
          <h2 id="turnaround-title" className="dashboard__section-title">
            Turnaround per step
          </h2>
          {nodes.some((n) => n.turnaroundMs.p50 !== null) ? (
            <Suspense fallback={<Loading label="Loading the chart…" />}>
              <TurnaroundChart nodes={nodes} />
            </Suspense>
          ) : (
            <p className="muted">No task was decided in this period yet.</p>
          )}
        </section>
      </div>
      {nodes.length > 0 && (
        <ReportTable
          title="Per step (approvals and manual tasks)"
          columns={NODE_COLUMNS}
          rows={nodes}
          keyOf={(n) => n.nodeId}
          testId="step-report"
          highlight={props.slowestNodeId ?? undefined}
        />
      )}
      <ReportTable
        title="Per version"
        columns={WORKFLOW_COLUMNS}
        rows={[...versions, figures]}
        keyOf={(w) => (w.version === undefined ? 'total' : String(w.version))}
        testId="version-report"
      />
    </>
  );
}

function ReportTable<T>(props: {
  title: string;
  columns: readonly { heading: string }[];
  rows: readonly T[];
  keyOf: (row: T) => string;
  testId: string;
  highlight?: string | undefined;
}) {
  const columns = props.columns as Parameters<typeof cellText<T>>[0][];
  const id = `${props.testId}-title`;
  return (
    <section className="card card--flush dashboard__report" aria-labelledby={id}>
      <h2 id={id} className="dashboard__section-title">
        {props.title}
      </h2>
      {/* Focusable, so a keyboard can scroll a table wider than the screen. */}
      <div className="dashboard__table-scroll" tabIndex={0} role="region" aria-labelledby={id}>
        <table className="table dashboard__table" data-testid={props.testId}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.heading} scope="col">
                  {c.heading.replace(' (h)', '')}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => {
              const key = props.keyOf(row);
              return (
                <tr
                  key={key}
                  data-key={key}
                  className={key === props.highlight ? 'dashboard__row--slowest' : undefined}
                >
                  {columns.map((c, i) =>
                    i === 0 ? (
                      <th key={c.heading} scope="row">
                        {key === 'total' ? 'All versions' : cellText(c, row)}
                      </th>
                    ) : (
                      <td key={c.heading} data-column={c.heading}>
                        {cellText(c, row)}
                      </td>
                    ),
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

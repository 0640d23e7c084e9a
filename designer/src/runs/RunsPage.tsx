import '../app/noEval';
import { useQueries } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Activity, FilterX } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { ReactNode } from 'react';
import type { Schemas } from '../app/apiClient';
import { sentenceOf } from '../app/apiErrors';
import { useCan, useMe } from '../auth/session';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Loading } from '../ui/Loading';
import { versionQuery } from '../versions/useVersions';
import { useWorkflows } from '../workflows/useWorkflows';
import { relativeTime } from '../workflows/workflowSummary';
import {
  countNote,
  filtersFromSearch,
  filtersToSearch,
  emptyListNote,
  hasFilters,
  rangeProblem,
  type RunFilters,
} from './runFilters';
import { BulkFilterActions, SelectionBar, useBulkRuns } from './BulkRunActions';
import { RunFiltersForm } from './RunFiltersForm';

import {
  actorLabel,
  nodeNamer,
  shortRunId,
  STATUS_LABELS,
  STATUS_TONES,
  waitingIn,
  type GraphLike,
} from './runView';
import { useRunCount, useRunList } from './useRuns';
import './runs.css';
import { formatTime } from '../app/formatTime';

const ROW_HEIGHT = 56;

/** The runs: every instance the user may see, filtered through the URL, newest first, live. */
export function RunsPage() {
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const setFilters = (next: RunFilters) => setSearch(filtersToSearch(next), { replace: true });
  const problem = rangeProblem(filters);
  // A range that ends before it starts is said by the date fields; the API would refuse it too.
  const runs = useRunList(filters, problem === undefined);
  const total = useRunCount(filters, problem === undefined);
  const items = useMemo(() => runs.data?.pages.flatMap((page) => page.items) ?? [], [runs.data]);
  const people = useMemo(
    () =>
      Object.assign({}, ...(runs.data?.pages.map((page) => page.people ?? {}) ?? [])) as Record<
        string,
        string
      >,
    [runs.data],
  );
  const workflows = useWorkflows();
  const names = useMemo(
    () =>
      new Map((workflows.data?.pages.flatMap((page) => page.items) ?? []).map((w) => [w.workflowId, w.name])),
    [workflows.data],
  );
  const canStart = useCan('instances:start');
  const canRetry = useCan('jobs:retry');
  const canCancel = useCan('instances:cancel');
  const bulk = useBulkRuns();
  // Ticked runs, in the order ticked; a change of filters starts afresh (what is ticked stays in view).
  const [selected, setSelected] = useState<readonly string[]>([]);
  useEffect(() => setSelected([]), [search]);
  const selection =
    canRetry || canCancel
      ? {
          selected,
          toggle: (ids: readonly string[], on: boolean) =>
            setSelected((now) =>
              on ? [...now, ...ids.filter((id) => !now.includes(id))] : now.filter((id) => !ids.includes(id)),
            ),
        }
      : undefined;

  return (
    <main className="runs-page">
      <title>Runs · Flowline</title>
      <div className="page__header runs-page__header">
        <div>
          <h1 className="page__title">Runs</h1>
          <p className="page__subtitle">
            Every instance of every workflow: where it is, who started it, what went wrong.
          </p>
        </div>
        {(canRetry || canCancel) && (
          <BulkFilterActions
            bulk={bulk}
            filters={filters}
            canRetry={canRetry}
            canCancel={canCancel}
            onDone={() => setSelected([])}
          />
        )}
      </div>
      <RunFiltersForm
        filters={filters}
        onChange={setFilters}
        names={names}
        people={people}
        rangeError={problem}
      />
      {runs.isPending && !problem && <Loading label="Loading runs…" />}
      {runs.isError && <Alert>{sentenceOf(runs.error)}</Alert>}
      {runs.data &&
        !problem &&
        (items.length === 0 ? (
          <div className="empty">
            <Activity size={32} aria-hidden="true" />
            {hasFilters(filters) ? (
              <>
                <p className="empty__title">{emptyListNote(filters).title}</p>
                <p>{emptyListNote(filters).text}</p>
                <Button icon={<FilterX size={16} aria-hidden="true" />} onClick={() => setFilters({})}>
                  Clear filters
                </Button>
              </>
            ) : (
              <>
                <p className="empty__title">No runs yet</p>
                <p>
                  A run appears here as soon as a workflow starts: from a request, the API, a webhook or a
                  schedule.{' '}
                  {canStart ? (
                    <>
                      Publish a workflow in <Link to="/workflows">Workflows</Link>, then start it.
                    </>
                  ) : (
                    'Ask a designer to publish one.'
                  )}
                </p>
              </>
            )}
          </div>
        ) : (
          <RunTable
            selection={selection}
            selectionBar={
              <SelectionBar
                bulk={bulk}
                selected={selected}
                canRetry={canRetry}
                canCancel={canCancel}
                onClear={() => setSelected([])}
              />
            }
            items={items}
            total={total.data?.count}
            people={people}
            names={names}
            hasMore={runs.hasNextPage}
            loadingMore={runs.isFetchingNextPage}
            loadMore={() => void runs.fetchNextPage()}
          />
        ))}
    </main>
  );
}

/**
 * The step names of the running runs' versions (each version read once, shared with the run page),
 * so "Waiting in" names steps as the run page does.
 */
function useStepNames(items: readonly Schemas['InstanceSummary'][]) {
  const versions = useMemo(() => {
    const running = items.filter((run) => run.status === 'running' && run.currentNodes.length > 0);
    return [...new Map(running.map((run) => [`${run.version} ${run.workflowId}`, run])).values()].map(
      (run) => ({ workflowId: run.workflowId, version: run.version }),
    );
  }, [items]);
  const loaded = useQueries({ queries: versions.map((v) => versionQuery(v.workflowId, v.version)) });
  const namers = new Map(
    versions.map((v, index) => [
      `${v.version} ${v.workflowId}`,
      nodeNamer(loaded[index]?.data?.definition as GraphLike | undefined),
    ]),
  );
  const fallback = nodeNamer(undefined);
  return (run: Schemas['InstanceSummary']) => namers.get(`${run.version} ${run.workflowId}`) ?? fallback;
}

const COLUMNS = ['Run', 'Status', 'Waiting in', 'Started by', 'Started', 'Last change'];

/** Runs ticked for a bulk action: only running ones can be retried or cancelled. */
interface Selection {
  readonly selected: readonly string[];
  readonly toggle: (ids: readonly string[], on: boolean) => void;
}

function RunTable({
  selection,
  selectionBar,
  items,
  total,
  people,
  names,
  hasMore,
  loadingMore,
  loadMore,
}: {
  selection: Selection | undefined;
  selectionBar: ReactNode;
  items: readonly Schemas['InstanceSummary'][];
  /** How many runs match, exactly (undefined until the runtime answers). */
  total: number | undefined;
  people: Readonly<Record<string, string>>;
  names: ReadonlyMap<string, string>;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
}) {
  const me = useMe();
  const navigate = useNavigate();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const rows = virtualizer.getVirtualItems();
  const last = rows.at(-1)?.index ?? 0;
  // Near the end of what is loaded: the next page, before the user gets there.
  useEffect(() => {
    if (hasMore && !loadingMore && last >= items.length - 20) loadMore();
  }, [hasMore, loadingMore, last, items.length, loadMore]);
  const now = Date.now();
  const stepNames = useStepNames(items);
  const running = useMemo(
    () => items.filter((run) => run.status === 'running').map((run) => run.id),
    [items],
  );
  const ticked = new Set(selection?.selected ?? []);
  const allTicked = running.length > 0 && running.every((id) => ticked.has(id));

  return (
    <section className="runs-list" aria-label="Runs found">
      {selectionBar}
      <div
        className={`card card--flush runs-table${selection ? ' runs-table--selectable' : ''}`}
        role="table"
        aria-label="Runs"
        aria-rowcount={items.length + 1}
      >
        <div role="rowgroup">
          <div role="row" className="runs-table__row runs-table__head" aria-rowindex={1}>
            {selection && (
              <span role="columnheader" className="runs-table__tick">
                <input
                  type="checkbox"
                  aria-label={`Select all ${running.length} running ${running.length === 1 ? 'run' : 'runs'} loaded`}
                  title="Select every running run loaded"
                  disabled={running.length === 0}
                  checked={allTicked}
                  ref={(box) => {
                    if (box) box.indeterminate = !allTicked && running.some((id) => ticked.has(id));
                  }}
                  onChange={(event) => selection.toggle(running, event.target.checked)}
                />
              </span>
            )}
            {COLUMNS.map((c) => (
              <span role="columnheader" key={c}>
                {c}
              </span>
            ))}
          </div>
        </div>
        <div className="runs-table__scroller" ref={scroller} data-testid="runs-scroller">
          <div role="rowgroup" className="runs-table__body" style={{ height: virtualizer.getTotalSize() }}>
            {rows.map((row) => {
              const run = items[row.index]!;
              const name = names.get(run.workflowId) ?? run.workflowId;
              return (
                <div
                  role="row"
                  key={run.id}
                  aria-rowindex={row.index + 2}
                  className="runs-table__row"
                  data-testid="run-row"
                  style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
                  // A click anywhere on the row opens the run, as in n8n's and Operate's lists; the
                  // name stays the link (keyboard, middle click), and selecting text opens nothing.
                  onClick={(event) => {
                    const target = event.target as Element;
                    if (target.closest('a, button, input, label') || window.getSelection()?.toString())
                      return;
                    void navigate(`/runs/${encodeURIComponent(run.id)}`);
                  }}
                >
                  {selection && (
                    <span role="cell" className="runs-table__tick">
                      {run.status === 'running' && (
                        // The whole cell ticks the box: a near miss must not open the run instead.
                        <label>
                          <input
                            type="checkbox"
                            aria-label={`Select ${name} ${shortRunId(run.id)}`}
                            checked={ticked.has(run.id)}
                            onChange={(event) => selection.toggle([run.id], event.target.checked)}
                          />
                        </label>
                      )}
                    </span>
                  )}
                  <span role="cell" className="runs-table__run">
                    <Link className="table__primary" to={`/runs/${encodeURIComponent(run.id)}`}>
                      {name}
                    </Link>
                    <span className="table__secondary">
                      {/* The key first: it is what an operator searched for, and it survives the ellipsis. */}
                      {run.businessKey && (
                        <>
                          <span className="visually-hidden">Business key </span>
                          <span
                            className="mono runs-table__key"
                            data-testid="run-business-key"
                            title={run.businessKey}
                          >
                            {run.businessKey}
                          </span>
                          {' · '}
                        </>
                      )}
                      Version {run.version} · <span className="mono">{shortRunId(run.id)}</span>
                    </span>
                  </span>
                  <span role="cell">
                    <Badge tone={STATUS_TONES[run.status]}>{STATUS_LABELS[run.status]}</Badge>
                    {run.openIncidents ? (
                      <span
                        className="runs-table__incident"
                        title={`${run.openIncidents} step${run.openIncidents > 1 ? 's' : ''} waiting for an operator`}
                      >
                        <Badge tone="danger">Incident</Badge>
                      </span>
                    ) : null}
                  </span>
                  <span role="cell" className="runs-table__nodes">
                    {waitingIn(run, stepNames(run)) ?? <span className="muted">—</span>}
                  </span>
                  <span role="cell">
                    {actorLabel(run.startedBy, me.id, people) ?? <span className="muted">—</span>}
                  </span>
                  <span role="cell">
                    <time dateTime={new Date(run.createdAt).toISOString()} title={formatTime(run.createdAt)}>
                      {relativeTime(run.createdAt, now)}
                    </time>
                  </span>
                  <span role="cell">
                    <time dateTime={new Date(run.updatedAt).toISOString()} title={formatTime(run.updatedAt)}>
                      {relativeTime(run.updatedAt, now)}
                    </time>
                  </span>
                </div>
              );
            })}
          </div>
          {(hasMore || loadingMore) && (
            <div className="runs-table__more">
              <Button busy={loadingMore} onClick={loadMore}>
                Show more runs
              </Button>
            </div>
          )}
        </div>
      </div>
      <p className="runs-list__count" aria-live="polite">
        {countNote(items.length, total, hasMore)}
      </p>
    </section>
  );
}

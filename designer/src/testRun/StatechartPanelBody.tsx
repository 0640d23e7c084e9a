import { ChevronRight, Copy, Crosshair, Download } from 'lucide-react';
import { useDeferredValue, useId, useMemo, useRef, useState } from 'react';
import { useEditor, useEditorSession } from '../editor/editorSession';
import { requestFocus } from '../editor/uiStore';
import {
  compiledStatechart,
  filterStates,
  sameButLayout,
  statechartFile,
  type StateView,
  type TransitionView,
} from '../model';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import './testRun.css';

/** Above this many states the tree starts collapsed (a 1,000-node workflow stays quick to open). */
const OPEN_LIMIT = 60;

/**
 * The XState machine the definition compiles to (the engine's compile, in the browser), read-only:
 * each state with its entry and exit actions, its transitions (event, guard, target, actions)
 * and its nested states (a parallel split's branches). Searchable, collapsible, and exported as
 * JSON (download or clipboard) so a developer sees exactly what will run.
 */
export default function StatechartPanelBody() {
  const { catalog, ui, workflowId } = useEditorSession();
  const live = useEditor((state) => state.doc.definition);
  // Compiling a large workflow takes a moment: typing elsewhere is not held up by it, and moving
  // nodes (a new layout, the same machine) does not compile again.
  const deferred = useDeferredValue(live);
  const kept = useRef(deferred);
  if (!sameButLayout(kept.current, deferred)) kept.current = deferred;
  const definition = kept.current;
  const result = useMemo(() => compiledStatechart(definition, catalog), [definition, catalog]);
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const [status, setStatus] = useState('');
  const searchId = useId();

  const chart = result.ok ? result.chart : undefined;
  const shown = useMemo(
    () => (chart ? filterStates(chart.states, deferredQuery) : []),
    [chart, deferredQuery],
  );
  const nodeIds = useMemo(() => new Set(definition.nodes.map((n) => n.id)), [definition]);
  const names = useMemo(() => new Map(definition.nodes.map((n) => [n.id, n.name])), [definition]);

  if (!chart || !result.ok)
    return (
      <div className="statechart">
        <div className="statechart__message">
          <Alert>
            The workflow has errors, so it does not compile to a statechart yet. Fix the problems listed in
            the Problems tab{result.ok ? '' : ` (${result.problems.length} found)`}.
            <ul className="testrun__problems">
              {(result.ok ? [] : result.problems.slice(0, 5)).map((p) => (
                <li key={p.key}>{p.message}</li>
              ))}
            </ul>
          </Alert>
        </div>
      </div>
    );

  const openByDefault = chart.counts.states <= OPEN_LIMIT;
  const searching = deferredQuery.trim() !== '';
  // A toggled state is the opposite of the default; a search opens everything it keeps.
  const isOpen = (id: string) => searching || openByDefault !== toggled.has(id);
  const setOpen = (id: string, open: boolean) => {
    if (searching || isOpen(id) === open) return;
    const next = new Set(toggled);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setToggled(next);
  };
  const file = () => statechartFile(chart, workflowId);
  const exportJson = () => {
    const { name, text } = file();
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setStatus(`Exported ${name}.`);
  };
  const copy = () => {
    navigator.clipboard.writeText(file().text).then(
      () => setStatus('Copied the statechart JSON.'),
      () => setStatus('The browser did not allow copying; use Export JSON instead.'),
    );
  };
  const showNode = (id: string) => requestFocus(ui, { nodeId: id });

  return (
    <div className="statechart">
      <div className="statechart__bar">
        <div className="field statechart__search">
          <label className="statechart__hidden-label" htmlFor={searchId}>
            Search states, events, guards
          </label>
          <input
            id={searchId}
            type="search"
            className="field__input"
            placeholder="Search states, events, guards…"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
        <span className="statechart__count">
          {chart.counts.states} states, {chart.counts.transitions} transitions
          {searching ? `; ${countAll(shown)} shown` : ''}
        </span>
        <Button variant="ghost" onClick={() => setToggled(openByDefault ? new Set() : allIds(chart.states))}>
          Expand all
        </Button>
        <Button variant="ghost" onClick={() => setToggled(openByDefault ? allIds(chart.states) : new Set())}>
          Collapse all
        </Button>
        <span className="statechart__spacer" />
        <span className="statechart__status" role="status">
          {status}
        </span>
        <Button icon={<Copy size={16} aria-hidden="true" />} onClick={copy}>
          Copy
        </Button>
        <Button icon={<Download size={16} aria-hidden="true" />} onClick={exportJson}>
          Export JSON
        </Button>
      </div>
      <div className="statechart__body">
        <p className="statechart__line">
          Machine <span className="mono">{chart.id}</span>
          {chart.initial && (
            <>
              , starts in <span className="mono">{chart.initial}</span>
            </>
          )}
          . In every state:{' '}
          {chart.transitions.map((t, i) => (
            <span key={i}>
              {i > 0 && ', '}
              <span className="mono">{t.event}</span> → <span className="mono">{t.target ?? 'stays'}</span>
            </span>
          ))}
          .
        </p>
        {shown.length === 0 && <p className="statechart__line">No state matches “{deferredQuery}”.</p>}
        <ul className="statechart__tree" aria-label="States">
          {shown.map((state) => (
            <StateItem
              key={state.id}
              state={state}
              isOpen={isOpen}
              setOpen={setOpen}
              nodeIds={nodeIds}
              names={names}
              onShow={showNode}
            />
          ))}
        </ul>
      </div>
    </div>
  );
}

const allIds = (states: readonly StateView[]): Set<string> =>
  new Set(states.flatMap((s) => [s.id, ...allIds(s.children)]));
const countAll = (states: readonly StateView[]): number =>
  states.reduce((n, s) => n + 1 + countAll(s.children), 0);

const TYPE_LABEL: Record<StateView['type'], string | undefined> = {
  atomic: undefined,
  compound: 'compound',
  parallel: 'parallel',
  final: 'final',
};

function StateItem({
  state,
  isOpen,
  setOpen,
  nodeIds,
  names,
  onShow,
}: {
  state: StateView;
  isOpen: (id: string) => boolean;
  setOpen: (id: string, open: boolean) => void;
  nodeIds: ReadonlySet<string>;
  names: ReadonlyMap<string, string>;
  onShow: (id: string) => void;
}) {
  const open = isOpen(state.id);
  const type = TYPE_LABEL[state.type];
  const name = names.get(state.id);
  return (
    <li className="statechart__state" data-state={state.id}>
      <details open={open} onToggle={(e) => setOpen(state.id, e.currentTarget.open)}>
        <summary>
          <ChevronRight size={14} className="statechart__chevron" aria-hidden="true" />
          <span className="statechart__id mono">{state.id}</span>
          {name !== undefined && name !== state.id && <span className="statechart__name">{name}</span>}
          {type && <Badge tone={state.type === 'final' ? 'success' : 'info'}>{type}</Badge>}
          {state.transitions.length > 0 && (
            <span className="statechart__name">
              {state.transitions.length} {state.transitions.length === 1 ? 'transition' : 'transitions'}
            </span>
          )}
        </summary>
        {open && (
          <div className="statechart__content">
            {state.initial && (
              <p className="statechart__line">
                initial: <span className="mono">{state.initial}</span>
              </p>
            )}
            {(state.entry.length > 0 || nodeIds.has(state.id)) && (
              <p className="statechart__line">
                {state.entry.length > 0 && (
                  <>
                    entry: <span className="mono">{state.entry.join(', ')}</span>
                  </>
                )}
                {nodeIds.has(state.id) && (
                  <button type="button" className="statechart__show" onClick={() => onShow(state.id)}>
                    <Crosshair size={14} aria-hidden="true" /> Show on canvas
                    <span className="statechart__hidden-label">: {name ?? state.id}</span>
                  </button>
                )}
              </p>
            )}
            {state.exit.length > 0 && (
              <p className="statechart__line">
                exit: <span className="mono">{state.exit.join(', ')}</span>
              </p>
            )}
            {state.transitions.length > 0 && <Transitions transitions={state.transitions} />}
          </div>
        )}
        {open && state.children.length > 0 && (
          <ul className="statechart__children">
            {state.children.map((child) => (
              <StateItem
                key={child.id}
                state={child}
                isOpen={isOpen}
                setOpen={setOpen}
                nodeIds={nodeIds}
                names={names}
                onShow={onShow}
              />
            ))}
          </ul>
        )}
      </details>
    </li>
  );
}

function Transitions({ transitions }: { transitions: readonly TransitionView[] }) {
  return (
    <table className="statechart__transitions">
      <thead>
        <tr>
          <th scope="col">Event</th>
          <th scope="col">Guard</th>
          <th scope="col">Target</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {transitions.map((t, i) => (
          <tr key={i}>
            <td className="mono">{t.event}</td>
            <td className="mono">{t.guard ?? '—'}</td>
            <td className="mono">{t.target ?? '(stays)'}</td>
            <td className="mono">{t.actions.length > 0 ? t.actions.join(', ') : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

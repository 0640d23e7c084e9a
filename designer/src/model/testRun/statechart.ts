import { compile, type Catalog, type WorkflowDefinition } from '@flowline/engine';
import { problemsOf, type Problem } from '../validation/problems';

/**
 * The compiled statechart, read from the XState machine's config (the JSON-like part: states,
 * events, targets, guards, actions; the context and output functions are left out), as a tree
 * the statechart panel shows and a JSON document it exports.
 */

/** One transition: on an event (or `always`, or after a delay), under a guard, to a target. */
export interface TransitionView {
  /** The event type; `always` for an eventless transition; `after 5000 ms` for a delayed one. */
  readonly event: string;
  /** The target state's id (`#granted` reads as `granted`); undefined when it stays. */
  readonly target?: string;
  readonly guard?: string;
  readonly actions: readonly string[];
  readonly reenter: boolean;
}

export interface StateView {
  /** The state's key in its parent. */
  readonly key: string;
  /** Its id (what targets name), or the dotted path when it has none. */
  readonly id: string;
  readonly path: readonly string[];
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final';
  readonly initial?: string;
  readonly entry: readonly string[];
  readonly exit: readonly string[];
  readonly transitions: readonly TransitionView[];
  readonly children: readonly StateView[];
}

export interface StatechartView {
  readonly id: string;
  readonly initial?: string;
  /** Transitions of the machine itself (`instance.cancel`, `instance.withdraw`, `instance.fail`). */
  readonly transitions: readonly TransitionView[];
  readonly states: readonly StateView[];
  /** The machine's config as plain JSON (functions left out), for Export JSON and Copy. */
  readonly json: Record<string, unknown>;
  readonly counts: { readonly states: number; readonly transitions: number };
}

export type StatechartResult =
  | { readonly ok: true; readonly chart: StatechartView }
  | { readonly ok: false; readonly problems: readonly Problem[] };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asList = (value: unknown): unknown[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];

/** An action or guard as text: `settleApproval(managerApproval, approved)`. */
export function describeRef(ref: unknown): string {
  if (typeof ref === 'string') return ref;
  if (typeof ref === 'function') return ref.name || 'inline';
  if (!isRecord(ref)) return String(ref);
  const type = typeof ref['type'] === 'string' ? ref['type'] : 'inline';
  const params = isRecord(ref['params']) ? Object.values(ref['params']) : [];
  return params.length > 0
    ? `${type}(${params.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(', ')})`
    : type;
}

const targetOf = (target: unknown): string | undefined => {
  const first = asList(target)[0];
  if (typeof first !== 'string') return undefined;
  return first.startsWith('#') ? first.slice(1) : first;
};

function transitionsOf(event: string, config: unknown): TransitionView[] {
  return asList(config).map((t) => {
    const transition = typeof t === 'string' ? { target: t } : isRecord(t) ? t : {};
    const target = targetOf(transition['target']);
    return {
      event,
      ...(target !== undefined ? { target } : {}),
      ...(transition['guard'] !== undefined ? { guard: describeRef(transition['guard']) } : {}),
      actions: asList(transition['actions']).map(describeRef),
      reenter: transition['reenter'] === true,
    };
  });
}

function transitionsOfState(config: Record<string, unknown>): TransitionView[] {
  const transitions: TransitionView[] = [];
  if (isRecord(config['on']))
    for (const [event, t] of Object.entries(config['on'])) transitions.push(...transitionsOf(event, t));
  if (config['always'] !== undefined) transitions.push(...transitionsOf('always', config['always']));
  if (isRecord(config['after']))
    for (const [delay, t] of Object.entries(config['after']))
      transitions.push(...transitionsOf(/^\d+$/.test(delay) ? `after ${delay} ms` : `after ${delay}`, t));
  if (config['onDone'] !== undefined) transitions.push(...transitionsOf('done', config['onDone']));
  return transitions;
}

function stateView(key: string, config: unknown, parent: readonly string[]): StateView {
  const state = isRecord(config) ? config : {};
  const path = [...parent, key];
  const children = isRecord(state['states'])
    ? Object.entries(state['states']).map(([k, c]) => stateView(k, c, path))
    : [];
  const type =
    state['type'] === 'parallel' || state['type'] === 'final'
      ? state['type']
      : children.length > 0
        ? 'compound'
        : 'atomic';
  return {
    key,
    id: typeof state['id'] === 'string' ? state['id'] : path.join('.'),
    path,
    type,
    ...(typeof state['initial'] === 'string' ? { initial: state['initial'] } : {}),
    entry: asList(state['entry']).map(describeRef),
    exit: asList(state['exit']).map(describeRef),
    transitions: transitionsOfState(state),
    children,
  };
}

/** The config as JSON: functions (context, output) and undefined values left out. */
export function plainConfig(config: unknown): Record<string, unknown> {
  const text = JSON.stringify(config, (_key, value: unknown) =>
    typeof value === 'function' ? undefined : value,
  );
  return (text === undefined ? {} : JSON.parse(text)) as Record<string, unknown>;
}

const countStates = (states: readonly StateView[]): { states: number; transitions: number } =>
  states.reduce(
    (sum, s) => {
      const inner = countStates(s.children);
      return {
        states: sum.states + 1 + inner.states,
        transitions: sum.transitions + s.transitions.length + inner.transitions,
      };
    },
    { states: 0, transitions: 0 },
  );

/** The statechart view of a machine config (what `machine.config` holds). */
export function statechartOf(config: unknown): StatechartView {
  const root = isRecord(config) ? config : {};
  const states = isRecord(root['states'])
    ? Object.entries(root['states']).map(([key, c]) => stateView(key, c, []))
    : [];
  const transitions = transitionsOfState(root);
  const inner = countStates(states);
  return {
    id: typeof root['id'] === 'string' ? root['id'] : 'workflow',
    ...(typeof root['initial'] === 'string' ? { initial: root['initial'] } : {}),
    transitions,
    states,
    json: plainConfig(root),
    counts: { states: inner.states, transitions: inner.transitions + transitions.length },
  };
}

/** Compiles the definition with the engine and reads its statechart; refused (with the problems) when it has errors. */
export function compiledStatechart(definition: WorkflowDefinition, catalog: Catalog): StatechartResult {
  const machine = compile(definition, catalog);
  if (!machine.ok) return { ok: false, problems: problemsOf(machine.error, definition) };
  return { ok: true, chart: statechartOf(machine.value.config) };
}

/**
 * The states a search keeps: those whose id, key, entry/exit actions or transitions (event,
 * target, guard, actions) contain the text, with their ancestors (so the tree still reads); a
 * kept state's children are all kept when the state itself matched. Empty text keeps everything.
 */
export function filterStates(states: readonly StateView[], query: string): StateView[] {
  const text = query.trim().toLowerCase();
  if (text === '') return [...states];
  const has = (value: string | undefined) => value !== undefined && value.toLowerCase().includes(text);
  const matches = (state: StateView) =>
    has(state.id) ||
    has(state.key) ||
    state.entry.some(has) ||
    state.exit.some(has) ||
    state.transitions.some((t) => has(t.event) || has(t.target) || has(t.guard) || t.actions.some(has));
  const keep = (state: StateView): StateView | undefined => {
    if (matches(state)) return state;
    const children = state.children.map(keep).filter((s): s is StateView => s !== undefined);
    return children.length > 0 ? { ...state, children } : undefined;
  };
  return states.map(keep).filter((s): s is StateView => s !== undefined);
}

/** The export's file text and name: the machine config, pretty-printed. */
export function statechartFile(chart: StatechartView, workflowId: string): { name: string; text: string } {
  return { name: `${workflowId}.statechart.json`, text: `${JSON.stringify(chart.json, null, 2)}\n` };
}

import type { DiffStatus } from '../diff/versionDiff';
import type { ProblemIndex } from '../validation/problems';
import type { Flow, FlowEdge, FlowNode } from './flowTypes';

/** What the canvas marks on one node or edge. */
export interface NodeMark {
  /** The worst problem's severity, its message (the first of the worst) and how many there are. */
  readonly problem?: {
    readonly severity: 'error' | 'warning';
    readonly message: string;
    readonly count: number;
  };
  /** On the test run's path; `current` is the step the user is looking at. */
  readonly test?: 'taken' | 'current';
  /** Whose path `test` is: a test run's (the default) or a real run's (the runs screen). */
  readonly path?: 'run';
  readonly diff?: DiffStatus;
}

export interface CanvasMarks {
  readonly nodes: ReadonlyMap<string, NodeMark>;
  readonly edges: ReadonlyMap<string, NodeMark>;
}

export const NO_MARKS: CanvasMarks = { nodes: new Map(), edges: new Map() };

export interface MarkSources {
  readonly problems?: Pick<ProblemIndex, 'byNode' | 'byEdge'> | undefined;
  readonly testPath?:
    | { readonly nodes: readonly string[]; readonly edges: readonly string[]; readonly current?: string }
    | undefined;
  readonly diff?:
    | {
        readonly nodes: Readonly<Record<string, DiffStatus>>;
        readonly edges: Readonly<Record<string, DiffStatus>>;
      }
    | undefined;
}

type Writable = { -readonly [K in keyof NodeMark]: NodeMark[K] };

function problemMark(list: readonly { severity: 'error' | 'warning'; message: string }[]) {
  const worst = list.find((p) => p.severity === 'error') ?? list[0];
  return worst ? { severity: worst.severity, message: worst.message, count: list.length } : undefined;
}

/**
 * The marks of the canvas from the editor's view state: problems from live validation, the path
 * a test run took (with its current step) and a version diff's statuses, by node and edge id.
 */
export function canvasMarks({ problems, testPath, diff }: MarkSources): CanvasMarks {
  const nodes = new Map<string, Writable>();
  const edges = new Map<string, Writable>();
  const at = (map: Map<string, Writable>, id: string) => {
    let mark = map.get(id);
    if (!mark) map.set(id, (mark = {}));
    return mark;
  };
  for (const [id, list] of problems?.byNode ?? []) {
    const mark = problemMark(list);
    if (mark) at(nodes, id).problem = mark;
  }
  for (const [id, list] of problems?.byEdge ?? []) {
    const mark = problemMark(list);
    if (mark) at(edges, id).problem = mark;
  }
  for (const id of testPath?.nodes ?? []) at(nodes, id).test = id === testPath?.current ? 'current' : 'taken';
  if (testPath?.current !== undefined) at(nodes, testPath.current).test = 'current';
  for (const id of testPath?.edges ?? []) at(edges, id).test = 'taken';
  for (const [id, status] of Object.entries(diff?.nodes ?? {})) at(nodes, id).diff = status;
  for (const [id, status] of Object.entries(diff?.edges ?? {})) at(edges, id).diff = status;
  return { nodes, edges };
}

/** CSS classes for a mark: `fl-mark--error`, `fl-mark--taken`, `fl-mark--current`, `fl-mark--added`… */
export function markClassName(mark: NodeMark | undefined): string | undefined {
  if (!mark) return undefined;
  const classes = [
    mark.problem ? `fl-mark--${mark.problem.severity}` : '',
    mark.test ? `fl-mark--${mark.test}` : '',
    mark.test === 'current' ? 'fl-mark--taken' : '',
    mark.diff ? `fl-mark--${mark.diff}` : '',
  ].filter(Boolean);
  return classes.length > 0 ? classes.join(' ') : undefined;
}

/** A key equal for equal marks (the canvas keeps a node's object when its mark is the same). */
export const markKey = (mark: NodeMark | undefined): string =>
  mark
    ? `${mark.problem?.severity ?? ''}|${mark.problem?.count ?? ''}|${mark.problem?.message ?? ''}|${mark.test ?? ''}|${mark.diff ?? ''}`
    : '';

const DIFF_WORDS: Readonly<Record<DiffStatus, string>> = {
  added: 'added',
  removed: 'removed',
  changed: 'changed',
  moved: 'moved',
};

/** The mark in words, for an edge's accessible name and a node's title. */
export function markText(mark: NodeMark | undefined): string {
  if (!mark) return '';
  return [
    mark.problem ? `${mark.problem.severity === 'error' ? 'Error' : 'Warning'}: ${mark.problem.message}` : '',
    mark.test === 'current'
      ? mark.path === 'run'
        ? 'Where the run is now'
        : 'Current test step'
      : mark.test === 'taken'
        ? mark.path === 'run'
          ? 'Taken by the run'
          : 'Taken in the test run'
        : '',
    mark.diff ? `${DIFF_WORDS[mark.diff]} in this version` : '',
  ]
    .filter(Boolean)
    .join('. ');
}

/** The flow with its marks: workflow nodes carry theirs in data (and a class), edges a class and a label. */
export function applyMarks(flow: Flow, marks: CanvasMarks): Flow {
  if (marks.nodes.size === 0 && marks.edges.size === 0) return flow;
  const nodes = flow.nodes.map((node): FlowNode => {
    const mark = node.type === 'note' ? undefined : marks.nodes.get(node.id);
    if (!mark || node.type === 'note') return node;
    const className = markClassName(mark);
    return { ...node, data: { ...node.data, mark }, ...(className ? { className } : {}) };
  });
  const edges = flow.edges.map((edge): FlowEdge => {
    const mark = marks.edges.get(edge.id);
    if (!mark) return edge;
    const className = markClassName(mark);
    return {
      ...edge,
      data: { ...edge.data!, mark },
      ...(className ? { className } : {}),
      ariaLabel: `${edge.ariaLabel ?? `Edge from ${edge.source} to ${edge.target}`}. ${markText(mark)}`,
    };
  });
  return { nodes, edges };
}

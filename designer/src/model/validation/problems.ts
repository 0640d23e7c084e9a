import {
  parseDefinition,
  validate,
  type Catalog,
  type ValidationCode,
  type ValidationIssue,
  type WorkflowDefinition,
} from '@flowline/engine';

type Path = readonly (string | number)[];

/** One problem as the canvas, the inspector and the problems panel show it. */
export interface Problem {
  /** Stable within one validation (for lists). */
  readonly key: string;
  readonly code: ValidationCode;
  readonly severity: 'error' | 'warning';
  /** A sentence for the process owner (no document paths in it). */
  readonly message: string;
  readonly nodeId?: string;
  readonly edgeId?: string;
  /** Where inside the node (or the workflow, when no node): `conditions.0.when`, `input.1.key`. */
  readonly field?: string;
  /** That place in words: `Condition 1 › When`. */
  readonly fieldLabel?: string;
  /** Where in the definition document. */
  readonly path: Path;
  /** In an expression: the characters at fault. */
  readonly range?: { readonly start: number; readonly end: number };
}

const pathKey = (path: Path): string => path.join('.');

/**
 * Every problem of a definition being drawn: the engine's schema check, plus its rules. The
 * editor holds work in progress (a new approval has no approver yet), which the schema refuses
 * before any rule runs; the rules still run on it, so the rest of the drawing keeps its problems
 * (a rule finding under a field the schema already reported is left out).
 */
export function checkDefinition(definition: WorkflowDefinition, catalog: Catalog): ValidationIssue[] {
  const parsed = parseDefinition(definition);
  if (parsed.ok) return validate(parsed.value, catalog);
  let rules: ValidationIssue[] = [];
  try {
    rules = validate(definition, catalog);
  } catch {
    // A rule that cannot read the unfinished part: the schema's findings say what to fix first.
  }
  const reported = parsed.error.map((i) => pathKey(i.path));
  const covered = (issue: ValidationIssue) => {
    const key = pathKey(issue.path);
    return issue.path.length > 2 && reported.some((p) => key === p || key.startsWith(`${p}.`));
  };
  return [...parsed.error, ...rules.filter((i) => !covered(i))];
}

const SINGULAR: Readonly<Record<string, string>> = {
  conditions: 'Condition',
  assignees: 'Approver',
  outcomes: 'Outcome',
  form: 'Form field',
  input: 'Field',
  variables: 'Variable',
  requireCommentOn: 'Comment on',
};

/** `requireCommentOn` → `Require comment on`. */
const words = (key: string): string => {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
};

/** A path inside a node or the workflow in words: ['conditions', 0, 'when'] → `Condition 1 › When`. */
export function fieldLabel(path: Path): string {
  const parts: string[] = [];
  path.forEach((segment, i) => {
    const next = path[i + 1];
    if (typeof segment === 'number') return;
    if (typeof next === 'number') parts.push(`${SINGULAR[segment] ?? words(segment)} ${next + 1}`);
    else parts.push(words(segment));
  });
  return parts.join(' › ');
}

/** The engine's issues as problems: node and edge ids filled in from paths, messages without paths. */
export function problemsOf(issues: readonly ValidationIssue[], definition: WorkflowDefinition): Problem[] {
  return issues.map((issue, index) => {
    const [root, position] = issue.path;
    const nodeAt = root === 'nodes' && typeof position === 'number' ? definition.nodes[position] : undefined;
    const edgeAt = root === 'edges' && typeof position === 'number' ? definition.edges[position] : undefined;
    const nodeId = issue.nodeId ?? nodeAt?.id;
    const edgeId = issue.edgeId ?? edgeAt?.id;
    const inside = nodeAt || edgeAt ? issue.path.slice(2) : root === 'nodes' ? [] : issue.path;
    const prefix = `${pathKey(issue.path)}: `;
    const unprefixed = issue.message.startsWith(prefix) ? issue.message.slice(prefix.length) : issue.message;
    // The engine names an expression's place (`… (in conditions.0.when)`); the field label says it in words.
    const suffix = ` (in ${pathKey(inside)})`;
    const message =
      inside.length > 0 && unprefixed.endsWith(suffix) ? unprefixed.slice(0, -suffix.length) : unprefixed;
    return {
      key: `${index}:${issue.code}:${pathKey(issue.path)}`,
      code: issue.code,
      severity: issue.severity,
      message,
      ...(nodeId !== undefined ? { nodeId } : {}),
      ...(edgeId !== undefined ? { edgeId } : {}),
      ...(inside.length > 0 ? { field: pathKey(inside), fieldLabel: fieldLabel(inside) } : {}),
      path: issue.path,
      ...(issue.range !== undefined ? { range: issue.range } : {}),
    };
  });
}

/** Problems indexed for drawing: by node, by edge, by field; counts for the status bar. */
export interface ProblemIndex {
  readonly all: readonly Problem[];
  readonly byNode: ReadonlyMap<string, readonly Problem[]>;
  readonly byEdge: ReadonlyMap<string, readonly Problem[]>;
  /** Key: `fieldKey(nodeId, field)`. */
  readonly byField: ReadonlyMap<string, readonly Problem[]>;
  /** Problems of the workflow itself (its form, its variables, a missing trigger). */
  readonly workflow: readonly Problem[];
  readonly errors: number;
  readonly warnings: number;
}

export const fieldKey = (nodeId: string | undefined, field: string): string => `${nodeId ?? ''}|${field}`;

export function indexProblems(problems: readonly Problem[]): ProblemIndex {
  const byNode = new Map<string, Problem[]>();
  const byEdge = new Map<string, Problem[]>();
  const byField = new Map<string, Problem[]>();
  const workflow: Problem[] = [];
  const add = (map: Map<string, Problem[]>, key: string, problem: Problem) => {
    const list = map.get(key);
    if (list) list.push(problem);
    else map.set(key, [problem]);
  };
  for (const problem of problems) {
    if (problem.nodeId !== undefined) add(byNode, problem.nodeId, problem);
    if (problem.edgeId !== undefined) add(byEdge, problem.edgeId, problem);
    if (problem.field !== undefined) add(byField, fieldKey(problem.nodeId, problem.field), problem);
    if (problem.nodeId === undefined && problem.edgeId === undefined) workflow.push(problem);
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  return { all: problems, byNode, byEdge, byField, workflow, errors, warnings: problems.length - errors };
}

/** The problems at one field of a node (or of the workflow when nodeId is undefined), nested fields included. */
export function problemsAt(index: ProblemIndex, nodeId: string | undefined, field: string): Problem[] {
  const exact = index.byField.get(fieldKey(nodeId, field)) ?? [];
  const nested = [...index.byField.entries()]
    .filter(([key]) => key.startsWith(`${fieldKey(nodeId, field)}.`))
    .flatMap(([, list]) => list);
  return [...exact, ...nested];
}

/** Problems in reading order: errors first, then by where they are drawn (node order, edges, workflow). */
export function sortProblems(problems: readonly Problem[], definition: WorkflowDefinition): Problem[] {
  const nodeOrder = new Map(definition.nodes.map((n, i) => [n.id, i]));
  const edgeOrder = new Map(definition.edges.map((e, i) => [e.id, i]));
  const place = (p: Problem): number =>
    p.nodeId !== undefined
      ? (nodeOrder.get(p.nodeId) ?? 0)
      : p.edgeId !== undefined
        ? definition.nodes.length + (edgeOrder.get(p.edgeId) ?? 0)
        : -1;
  return problems
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) =>
        Number(a.p.severity === 'warning') - Number(b.p.severity === 'warning') ||
        place(a.p) - place(b.p) ||
        a.i - b.i,
    )
    .map(({ p }) => p);
}

/** The problem to focus first (after a refused publish, say): the first error in reading order, else the first warning. */
export function firstProblem(index: ProblemIndex, definition: WorkflowDefinition): Problem | undefined {
  return sortProblems(index.all, definition)[0];
}

/** What focusing a problem selects: its node (and field), or its edge. */
export function focusOf(problem: Problem): { nodes: string[]; edges: string[]; field?: string } {
  if (problem.nodeId !== undefined)
    return {
      nodes: [problem.nodeId],
      edges: [],
      ...(problem.field !== undefined ? { field: problem.field } : {}),
    };
  if (problem.edgeId !== undefined) return { nodes: [], edges: [problem.edgeId] };
  return { nodes: [], edges: [], ...(problem.field !== undefined ? { field: problem.field } : {}) };
}

/** Validates and returns the indexed problems in one call (tests, the worker's fallback). */
export function validateForEditor(definition: WorkflowDefinition, catalog: Catalog): ProblemIndex {
  return indexProblems(problemsOf(checkDefinition(definition, catalog), definition));
}

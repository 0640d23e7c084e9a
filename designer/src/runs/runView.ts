import type { CanvasMarks, NodeMark } from '../model';
import type { RunStatus } from './runFilters';

/**
 * What the instance view shows, worked out from GET /api/instances/{id}: the path the run took
 * (for the canvas), the history as readable lines, the calls as step rows. No React here.
 */

export interface HistoryLike {
  readonly seq: number;
  readonly at: number;
  readonly type: string;
  readonly nodeId?: string;
  readonly actor?: string;
  readonly data: unknown;
}

export interface RunLike {
  readonly status: RunStatus;
  readonly currentNodes: readonly string[];
  readonly visits: Readonly<Record<string, number>>;
  readonly history: readonly HistoryLike[];
  readonly incidents: readonly {
    readonly nodeId: string;
    readonly error: { readonly code: string; readonly message: string } | null;
  }[];
}

export interface GraphLike {
  readonly nodes: readonly { readonly id: string; readonly kind: string; readonly name?: string }[];
  readonly edges: readonly {
    readonly id: string;
    readonly source: string;
    readonly target: string;
    readonly sourceHandle?: string;
  }[];
}

export interface RunPath {
  /** Nodes the run entered, in definition order. */
  readonly nodes: readonly string[];
  /** Edges it went along. */
  readonly edges: readonly string[];
  /** Where it waits now (empty once it ended). */
  readonly current: readonly string[];
}

const HUMAN_KINDS = new Set(['approval', 'manualTask']);
const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The path taken: the nodes the instance entered (its visit counts, the nodes its history names,
 * where it waits, its trigger) and the edges between two entered nodes. A person's node counts only
 * the exits of the outcomes decided there; joins, which count no visits, are entered when a
 * branch reached them and the run went on past them.
 */
export function runPath(graph: GraphLike, run: RunLike): RunPath {
  const entered = new Set<string>();
  for (const [id, count] of Object.entries(run.visits)) if (count > 0) entered.add(id);
  for (const id of run.currentNodes) entered.add(id);
  for (const entry of run.history) if (entry.nodeId) entered.add(entry.nodeId);
  for (const node of graph.nodes) if (node.kind === 'trigger') entered.add(node.id);
  const kinds = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  for (const node of graph.nodes) {
    if (node.kind !== 'join' || entered.has(node.id)) continue;
    const reached = graph.edges.some((e) => e.target === node.id && entered.has(e.source));
    const left = graph.edges.some((e) => e.source === node.id && entered.has(e.target));
    if (reached && left) entered.add(node.id);
  }
  const decided = new Map<string, Set<string>>();
  for (const entry of run.history) {
    const outcome = str(record(entry.data)['outcome']);
    if (entry.type !== 'task.decided' || !entry.nodeId || !outcome) continue;
    let set = decided.get(entry.nodeId);
    if (!set) decided.set(entry.nodeId, (set = new Set()));
    set.add(outcome);
  }
  const edges = graph.edges.filter((edge) => {
    if (!entered.has(edge.source) || !entered.has(edge.target)) return false;
    if (!HUMAN_KINDS.has(kinds.get(edge.source) ?? '')) return true;
    const handle = edge.sourceHandle ?? 'out';
    // An outcome exit needs that outcome decided; another exit (a timeout) its target entered.
    const outcomes = decided.get(edge.source);
    if (outcomes?.has(handle)) return true;
    return handle === 'timeout';
  });
  const current = run.status === 'running' ? run.currentNodes.filter((id) => kinds.has(id)) : [];
  return {
    nodes: graph.nodes.filter((n) => entered.has(n.id)).map((n) => n.id),
    edges: edges.map((e) => e.id),
    current,
  };
}

type Writable = { -readonly [K in keyof NodeMark]: NodeMark[K] };

/** Canvas marks: the path taken, the current nodes, and each incident's error on its node. */
export function runMarks(path: RunPath, incidents: RunLike['incidents']): CanvasMarks {
  const nodes = new Map<string, Writable>();
  for (const id of path.nodes) nodes.set(id, { test: 'taken', path: 'run' });
  for (const id of path.current) nodes.set(id, { test: 'current', path: 'run' });
  for (const incident of incidents) {
    const mark = nodes.get(incident.nodeId) ?? {};
    mark.problem = {
      severity: 'error',
      message: incident.error?.message ?? 'Waits for an operator',
      count: 1,
    };
    nodes.set(incident.nodeId, mark);
  }
  const edges = new Map<string, NodeMark>(path.edges.map((id) => [id, { test: 'taken', path: 'run' }]));
  return { nodes, edges };
}

export type Tone = 'neutral' | 'success' | 'warning' | 'info' | 'danger';

export const STATUS_LABELS: Readonly<Record<RunStatus, string>> = {
  running: 'Running',
  completed: 'Completed',
  rejected: 'Rejected',
  failed: 'Failed',
  cancelled: 'Cancelled',
};
export const STATUS_TONES: Readonly<Record<RunStatus, Tone>> = {
  running: 'info',
  completed: 'success',
  rejected: 'warning',
  failed: 'danger',
  cancelled: 'neutral',
};

export interface TimelineEntry {
  readonly seq: number;
  readonly at: number;
  /** What happened, in words. */
  readonly title: string;
  readonly actor?: string;
  readonly comment?: string;
  /** A further line: an error message, a delegation's new assignee. */
  readonly detail?: string;
  readonly tone: Tone;
}

const titleCase = (text: string) => (text ? text[0]!.toUpperCase() + text.slice(1) : text);

/** The history as lines a person reads: who did what, when, with which comment. */
export function timelineOf(
  history: readonly HistoryLike[],
  nameOf: (nodeId: string) => string,
  people: Readonly<Record<string, string>> = {},
): TimelineEntry[] {
  return history.map((entry) => {
    const data = record(entry.data);
    const node = entry.nodeId ?? str(data['nodeId']);
    const step = node ? `“${nameOf(node)}”` : 'A step';
    const by = str(data['by']) ?? entry.actor;
    const base = { seq: entry.seq, at: entry.at, ...(by ? { actor: by } : {}) };
    const comment = str(data['comment']);
    const withComment = comment ? { comment } : {};
    const error = record(data['error']);
    const errorText = str(error['message']);
    switch (entry.type) {
      case 'instance.started':
        return {
          ...base,
          title: `Started${typeof data['version'] === 'number' ? ` (version ${data['version']})` : ''}`,
          tone: 'info',
        };
      case 'job.done':
        return { ...base, title: `${step} finished`, tone: 'success' };
      case 'job.failed':
        return {
          ...base,
          title: `${step} failed`,
          ...(errorText ? { detail: `${str(error['code']) ?? 'ERROR'}: ${errorText}` } : {}),
          tone: 'danger',
        };
      case 'job.retry':
        return { ...base, title: `${step} retried`, tone: 'info' };
      case 'task.decided': {
        const outcome = str(data['outcome']) ?? 'decided';
        return {
          ...base,
          ...withComment,
          title: `${step}: ${outcome}`,
          tone: outcome === 'rejected' ? 'warning' : 'success',
        };
      }
      case 'task.delegated': {
        const toId = str(record(data['to'])['id']);
        const to = toId !== undefined && Object.hasOwn(people, toId) ? people[toId] : toId;
        return { ...base, ...withComment, title: `${step} delegated${to ? ` to ${to}` : ''}`, tone: 'info' };
      }
      case 'task.unassignable':
        return {
          ...base,
          title: `${step} could not be assigned`,
          ...(str(data['message']) ? { detail: str(data['message'])! } : {}),
          tone: 'danger',
        };
      case 'timer.fired':
        return { ...base, title: `${step}: time reached`, tone: 'neutral' };
      case 'event.received':
        return { ...base, title: `Event “${str(data['event']) ?? 'unnamed'}” received`, tone: 'info' };
      case 'subworkflow.done':
        return {
          ...base,
          title: `${step}: the subworkflow ended (${str(data['outcome']) ?? 'done'})`,
          tone: 'success',
        };
      case 'subworkflow.refused':
        return {
          ...base,
          title: `${step}: the subworkflow could not start`,
          ...(errorText ? { detail: errorText } : {}),
          tone: 'danger',
        };
      case 'instance.cancel':
      case 'instance.withdraw': {
        const reason = str(data['reason']);
        const title = entry.type === 'instance.cancel' ? 'Cancelled' : 'Withdrawn by the requester';
        return { ...base, title, ...(reason ? { comment: reason } : {}), tone: 'neutral' };
      }
      case 'instance.fail':
        return {
          ...base,
          title: 'Stopped as failed',
          ...(str(data['message']) ? { detail: str(data['message'])! } : {}),
          tone: 'danger',
        };
      default:
        return { ...base, title: titleCase(entry.type.replace(/[._]/g, ' ')), tone: 'neutral' };
    }
  });
}

export interface CallLike {
  readonly jobKey: string;
  readonly nodeId: string;
  readonly action: string;
  readonly connection?: string;
  readonly attempt: number;
  readonly status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  readonly input: unknown;
  readonly output?: unknown;
  readonly error?: { readonly code: string; readonly message: string };
  readonly runAt: number;
  readonly finishedAt?: number;
}

export interface StepRow {
  readonly key: string;
  readonly nodeId: string;
  readonly name: string;
  /** "http.request via servicedesk, attempt 2" */
  readonly summary: string;
  readonly status: CallLike['status'];
  readonly statusLabel: string;
  readonly tone: Tone;
  readonly input: string;
  /** The output as JSON text, or the error, or nothing yet. */
  readonly result: { readonly kind: 'output' | 'error' | 'none'; readonly text: string };
  readonly at: number;
  readonly finishedAt?: number;
}

const CALL_STATUS: Readonly<Record<CallLike['status'], [string, Tone]>> = {
  queued: ['Waiting to run', 'neutral'],
  running: ['Running', 'info'],
  succeeded: ['Succeeded', 'success'],
  failed: ['Failed', 'danger'],
  cancelled: ['Cancelled', 'neutral'],
};

/** Values longer than this are cut, saying so: a step's output can be a whole API answer. */
export const JSON_TEXT_LIMIT = 20_000;

/** JSON as indented text, cut at the limit with a note. */
export function jsonText(value: unknown, limit = JSON_TEXT_LIMIT): string {
  if (value === undefined) return '';
  const text = JSON.stringify(value, null, 2) ?? String(value);
  return text.length > limit ? `${text.slice(0, limit)}\n… (${text.length - limit} more characters)` : text;
}

/** One row per attempt of each task node, newest first. */
export function stepRows(calls: readonly CallLike[], nameOf: (nodeId: string) => string): StepRow[] {
  return [...calls].reverse().map((call) => {
    const [statusLabel, tone] = CALL_STATUS[call.status];
    return {
      key: call.jobKey,
      nodeId: call.nodeId,
      name: nameOf(call.nodeId),
      summary: `${call.action}${call.connection ? ` via ${call.connection}` : ''}, attempt ${call.attempt}`,
      status: call.status,
      statusLabel,
      tone,
      input: jsonText(call.input),
      result: call.error
        ? { kind: 'error', text: `${call.error.code}: ${call.error.message}` }
        : call.output !== undefined
          ? { kind: 'output', text: jsonText(call.output) }
          : { kind: 'none', text: '' },
      at: call.runAt,
      ...(call.finishedAt !== undefined ? { finishedAt: call.finishedAt } : {}),
    };
  });
}

/** A node's name for the lists: its name in the version, else its id. */
export function nodeNamer(graph: GraphLike | undefined): (nodeId: string) => string {
  const names = new Map(graph?.nodes.map((n) => [n.id, n.name || n.id]) ?? []);
  return (nodeId) => names.get(nodeId) ?? nodeId;
}

/**
 * The runs list's "Waiting in": the names of the steps a running run is in (as the run page names
 * them; their ids while the version is not loaded). Undefined for an ended run, whose status says
 * how it ended, and for a run between steps.
 */
export function waitingIn(
  run: Pick<RunLike, 'status' | 'currentNodes'>,
  nameOf: (nodeId: string) => string,
): string | undefined {
  if (run.status !== 'running' || run.currentNodes.length === 0) return undefined;
  return run.currentNodes.map(nameOf).join(', ');
}

/** The node a history entry belongs to: its own, or the trigger for the start. */
export function entryNode(entry: HistoryLike, graph: GraphLike | undefined): string | undefined {
  if (entry.nodeId) return entry.nodeId;
  if (entry.type === 'instance.started') return graph?.nodes.find((n) => n.kind === 'trigger')?.id;
  return undefined;
}

/** Who did it, as the screen says it. */
export function actorLabel(
  actor: string | undefined,
  myId: string,
  people: Readonly<Record<string, string>> = {},
): string | undefined {
  if (!actor) return undefined;
  if (actor === myId) return 'you';
  if (actor === 'system') return 'Flowline';
  // The run's answer names its people for whoever may see it; an id it does not name is shortened.
  if (Object.hasOwn(people, actor)) return people[actor];
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(actor))
    return `user ${actor.slice(0, 8)}`;
  return actor;
}

/**
 * A run's id, shortened for lists and headers: its last eight characters. Ids are UUID version 7,
 * whose first characters are the start time, so runs started in the same minute share their
 * beginning; the end is random and tells them apart.
 */
export const shortRunId = (id: string): string => id.slice(-8);

/**
 * A request's story for the person who asked: what happened (who decided, when, with which
 * comment), and what happens next (who it waits for, until when). Built from the instance as
 * GET /api/instances/:id answers it; plain data, no React.
 */

export interface HistoryEntryLike {
  readonly seq: number;
  readonly at: number;
  readonly type: string;
  readonly nodeId?: string | undefined;
  readonly actor?: string | undefined;
  readonly data?: unknown;
}

export interface AssigneeLike {
  readonly type: 'user' | 'group';
  readonly id: string;
}

export interface InstanceLike {
  readonly status: 'running' | 'completed' | 'rejected' | 'failed' | 'cancelled';
  readonly outcome?: string | undefined;
  readonly startedBy?: string | undefined;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly history: readonly HistoryEntryLike[];
  readonly openTasks: readonly {
    readonly nodeId: string;
    readonly assignee: AssigneeLike;
    readonly title: string;
    readonly kind: 'approval' | 'manualTask';
    readonly dueAt: number | null;
  }[];
  readonly incidents: readonly {
    readonly nodeId: string;
    readonly error: { readonly code: string; readonly message: string } | null;
  }[];
  readonly error?: { readonly message: string } | undefined;
}

export type TimelineTone = 'neutral' | 'success' | 'danger' | 'warning' | 'info';

export interface TimelineEntry {
  /** Stable per entry (for React keys): `h<seq>` for history, `next…`/`end` for the rest. */
  readonly id: string;
  /** When it happened; undefined for what is still to come. */
  readonly at?: number;
  /** One sentence: "Maria Manager approved “Manager approval”." */
  readonly title: string;
  /** The decider's or delegator's comment, as they wrote it. */
  readonly comment?: string;
  /** Anything else worth a line: a due date, an error. */
  readonly detail?: string;
  readonly tone: TimelineTone;
  /** What is still to come (the "next" part), not history. */
  readonly upcoming?: boolean;
}

export interface TimelineNames {
  /** A person's name, "you" for the reader; their id when not known. */
  readonly person?: (id: string) => string;
  /** A group's name; its id when not known. */
  readonly group?: (id: string) => string;
  /** A node's name (from the version's definition); its id when not known. */
  readonly node?: (id: string) => string | undefined;
  /** The date and time as the reader reads them. */
  readonly time?: (at: number) => string;
}

const OUTCOME_VERBS: Readonly<Record<string, string>> = {
  approved: 'approved',
  approve: 'approved',
  rejected: 'rejected',
  reject: 'rejected',
  done: 'completed',
  completed: 'completed',
};
const OUTCOME_TONES: Readonly<Record<string, TimelineTone>> = {
  approved: 'success',
  rejected: 'danger',
  completed: 'success',
};

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

/** "manager_review" → "manager review". */
const words = (id: string): string =>
  id
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();

export function buildTimeline(instance: InstanceLike, names: TimelineNames = {}): TimelineEntry[] {
  const person = names.person ?? ((id: string) => id);
  const group = names.group ?? ((id: string) => id);
  const node = (id: string | undefined) => (id ? (names.node?.(id) ?? words(id)) : 'a step');
  const time = names.time ?? ((at: number) => new Date(at).toISOString().replace('T', ' ').slice(0, 16));
  const assignee = (a: AssigneeLike) => (a.type === 'group' ? `the ${group(a.id)} group` : person(a.id));
  const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

  const entries: TimelineEntry[] = [];
  for (const entry of instance.history) {
    const data = record(entry.data);
    const id = `h${entry.seq}`;
    const comment = text(data['comment']);
    const by = text(data['by']) ?? entry.actor;
    switch (entry.type) {
      case 'instance.started':
        entries.push({
          id,
          at: entry.at,
          title: `${capital(entry.actor ? person(entry.actor) : 'Someone')} sent the request.`,
          tone: 'info',
        });
        break;
      case 'task.decided': {
        const outcome = text(data['outcome']) ?? 'decided';
        const verb = OUTCOME_VERBS[outcome] ?? `decided “${outcome}” on`;
        entries.push({
          id,
          at: entry.at,
          title: `${capital(by ? person(by) : 'Someone')} ${verb} “${node(entry.nodeId)}”.`,
          ...(comment ? { comment } : {}),
          tone: OUTCOME_TONES[OUTCOME_VERBS[outcome] ?? ''] ?? 'neutral',
        });
        break;
      }
      case 'task.delegated': {
        const to = record(data['to']);
        const target =
          typeof to['id'] === 'string'
            ? assignee({ type: to['type'] === 'group' ? 'group' : 'user', id: to['id'] })
            : 'someone else';
        entries.push({
          id,
          at: entry.at,
          title: `${capital(by ? person(by) : 'Someone')} handed “${node(entry.nodeId)}” to ${target}.`,
          ...(comment ? { comment } : {}),
          tone: 'neutral',
        });
        break;
      }
      case 'timer.fired': {
        // Timer keys end with their purpose: `…:due` (the deadline), `…:remind2` (a reminder).
        const purpose = /:([a-z]+)\d*$/.exec(text(data['timerKey']) ?? '')?.[1];
        if (purpose === 'due')
          entries.push({
            id,
            at: entry.at,
            title: `“${node(entry.nodeId)}” was not done in time.`,
            tone: 'warning',
          });
        else if (purpose === 'remind')
          entries.push({
            id,
            at: entry.at,
            title: `A reminder about “${node(entry.nodeId)}” was sent.`,
            tone: 'neutral',
          });
        break;
      }
      case 'task.unassignable':
        entries.push({
          id,
          at: entry.at,
          title: `“${node(entry.nodeId)}” could not be given to anyone.`,
          ...(text(data['message']) ? { detail: text(data['message'])! } : {}),
          tone: 'warning',
        });
        break;
      case 'job.failed':
        entries.push({
          id,
          at: entry.at,
          title: `“${node(entry.nodeId)}” failed.`,
          ...(text(record(data['error'])['message'])
            ? { detail: text(record(data['error'])['message'])! }
            : {}),
          tone: 'warning',
        });
        break;
      case 'instance.cancel':
      case 'instance.withdraw':
        entries.push({
          id,
          at: entry.at,
          title: `${capital(by ? person(by) : 'Someone')} ${entry.type === 'instance.cancel' ? 'cancelled' : 'withdrew'} the request.`,
          ...(text(data['reason']) ? { comment: text(data['reason'])! } : {}),
          tone: entry.type === 'instance.cancel' ? 'danger' : 'neutral',
        });
        break;
      default:
        break;
    }
  }

  if (instance.status !== 'running') {
    const end: Record<Exclude<InstanceLike['status'], 'running'>, [string, TimelineTone]> = {
      completed: ['The request was completed.', 'success'],
      rejected: ['The request was turned down.', 'danger'],
      failed: ['The request failed.', 'danger'],
      cancelled: ['The request was cancelled.', 'neutral'],
    };
    const [title, tone] = end[instance.status];
    entries.push({
      id: 'end',
      at: instance.updatedAt,
      title,
      ...(instance.error?.message ? { detail: instance.error.message } : {}),
      tone,
    });
    return entries;
  }

  // What happens next: whom it waits for, grouped by step, with the earliest due date.
  const byNode = new Map<string, InstanceLike['openTasks'][number][]>();
  for (const task of instance.openTasks) byNode.set(task.nodeId, [...(byNode.get(task.nodeId) ?? []), task]);
  for (const [nodeId, tasks] of byNode) {
    const who = [...new Set(tasks.map((t) => assignee(t.assignee)))];
    const list = who.length > 1 ? `${who.slice(0, -1).join(', ')} or ${who[who.length - 1]}` : who[0]!;
    const due = tasks.map((t) => t.dueAt).filter((d): d is number => d !== null);
    const action = tasks[0]!.kind === 'approval' ? 'to decide' : 'to do';
    entries.push({
      id: `next-${nodeId}`,
      title: `Waiting for ${list} ${action} “${node(nodeId)}”.`,
      ...(due.length > 0 ? { detail: `Due ${time(Math.min(...due))}` } : {}),
      tone: 'info',
      upcoming: true,
    });
  }
  for (const incident of instance.incidents) {
    if (byNode.has(incident.nodeId) && !incident.error) continue;
    entries.push({
      id: `next-incident-${incident.nodeId}`,
      title: `“${node(incident.nodeId)}” is held up; an operator has to look at it.`,
      ...(incident.error ? { detail: incident.error.message } : {}),
      tone: 'warning',
      upcoming: true,
    });
  }
  if (byNode.size === 0 && instance.incidents.length === 0)
    entries.push({
      id: 'next',
      title: 'In progress: the next step runs by itself.',
      tone: 'info',
      upcoming: true,
    });
  return entries;
}

/** The request's status as the portal's badge says it. */
export const STATUS_LABELS: Readonly<Record<InstanceLike['status'], string>> = {
  running: 'In progress',
  completed: 'Completed',
  rejected: 'Turned down',
  failed: 'Failed',
  cancelled: 'Cancelled',
};
export const STATUS_TONES: Readonly<Record<InstanceLike['status'], TimelineTone>> = {
  running: 'info',
  completed: 'success',
  rejected: 'danger',
  failed: 'danger',
  cancelled: 'neutral',
};

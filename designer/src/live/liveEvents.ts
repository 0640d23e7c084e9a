/**
 * The events GET /api/stream sends (runtime/src/live/liveEvent.ts): ids, kind and status only.
 * Details are read through the API, which checks permissions again. Checked by hand rather than
 * with zod: this runs in the app shell, whose first load stays small and free of zod's eval probe.
 */
export interface InstanceEvent {
  readonly type: 'instance';
  readonly seq: number;
  readonly kind: string;
  readonly instanceId: string;
  readonly workflowId: string;
  readonly status: string;
}
export interface TaskEvent {
  readonly type: 'task';
  readonly seq: number;
  readonly kind: string;
  readonly taskId: string;
  readonly instanceId: string;
  readonly workflowId: string;
  readonly title: string;
}
export type LiveEvent = InstanceEvent | TaskEvent;

const FIELDS = {
  instance: ['kind', 'instanceId', 'workflowId', 'status'],
  task: ['kind', 'taskId', 'instanceId', 'workflowId', 'title'],
} as const;

/** Parses one SSE message (its event name and data) into a LiveEvent, or undefined when unknown. */
export function parseLiveEvent(eventName: string, data: string): LiveEvent | undefined {
  if (eventName !== 'instance' && eventName !== 'task') return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof payload !== 'object' || payload === null) return undefined;
  const record = payload as Record<string, unknown>;
  if (typeof record.seq !== 'number') return undefined;
  const event: Record<string, unknown> = { type: eventName, seq: record.seq };
  for (const field of FIELDS[eventName]) {
    const value = record[field];
    if (typeof value !== 'string') return undefined;
    event[field] = value;
  }
  return event as unknown as LiveEvent;
}

/**
 * The names an expression may read, by where it stands. Data is only ever data: a form field,
 * webhook body or event payload is a value in one of these names, never an expression itself.
 */
export const SCOPES = {
  /** Conditions, subworkflow inputs, transform sets, assignees, end outputs, correlation keys, wait-until. */
  step: ['input', 'vars', 'nodes', 'now'],
  /** Task input mappings: `job.idempotencyKey` is the key the call carries (same on every retry). */
  taskInput: ['input', 'vars', 'nodes', 'now', 'job'],
  /** A for-each's per-item input: `item` and `index` name the item being run, `job` its call. */
  itemInput: ['input', 'vars', 'nodes', 'now', 'job', 'item', 'index'],
  /** Task and subworkflow output mappings: `result` is what came back. */
  result: ['input', 'vars', 'nodes', 'now', 'result'],
  /** Event-wait output mappings: `event` is the payload received. */
  event: ['input', 'vars', 'nodes', 'now', 'event'],
  webhookTrigger: ['body', 'headers', 'now'],
  cronTrigger: ['scheduledAt', 'now'],
  eventTrigger: ['payload', 'now'],
  /** The workflow's business key: computed once, from the start input only. */
  businessKey: ['input'],
} as const satisfies Record<string, readonly string[]>;

export type ScopeName = keyof typeof SCOPES;

import { NodeSchema, type NodeKind, type WorkflowNode } from '@flowline/engine';

/** The zod schema of one node kind (from the engine's discriminated union). */
export const kindSchema = (kind: NodeKind) => NodeSchema.options.find((o) => o.shape.kind.value === kind)!;

/** The kind's title and description, as the engine's schema states them (`.meta()`). */
export function kindMeta(kind: NodeKind): { title: string; description: string } {
  const meta = kindSchema(kind).meta() as { title?: string; description?: string } | undefined;
  return { title: meta?.title ?? kind, description: meta?.description ?? '' };
}

/** Every field of the kind with a default in the engine's schema, at that default. */
function schemaDefaults(kind: NodeKind): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(kindSchema(kind).shape)) {
    const parsed = (field as { safeParse(value: unknown): { success: boolean; data?: unknown } }).safeParse(
      undefined,
    );
    if (parsed.success && parsed.data !== undefined) defaults[key] = parsed.data;
  }
  return defaults;
}

/**
 * What a new node of each kind starts with beyond the schema's defaults: the fields the schema
 * requires. Where only the author can know the value (approvers, a condition, a subworkflow),
 * it starts empty, and validation points at the field.
 */
const SEEDS: { readonly [K in NodeKind]: (name: string, action: string) => Record<string, unknown> } = {
  trigger: () => ({ trigger: { type: 'manual' } }),
  task: (_name, action) => ({ action }),
  approval: (name) => ({ title: name, assignees: [] }),
  manualTask: (name) => ({ title: name, assignees: [] }),
  decision: () => ({ conditions: [{ id: 'yes', label: 'Yes', when: '' }] }),
  transform: () => ({ set: {} }),
  parallel: () => ({}),
  join: () => ({}),
  wait: () => ({ wait: { type: 'duration', duration: 'PT1H' } }),
  subworkflow: () => ({ workflowId: '' }),
  forEach: () => ({ items: '', run: { type: 'task', action: '', input: {} } }),
  end: () => ({}),
};

export interface NewNodeOptions {
  readonly id: string;
  readonly name?: string;
  /** For a task: `connector.action`. */
  readonly action?: string;
  /** Configuration a palette entry starts from, e.g. `{ trigger: { type: 'webhook' } }`. */
  readonly preset?: Readonly<Record<string, unknown>>;
}

/**
 * A new node of a kind: the schema's defaults (nested ones too, when the node is complete) plus
 * what the kind needs. It may not be valid yet (an approval has no approver): the document holds
 * work in progress, validation says what is missing.
 */
export function newNode(kind: NodeKind, options: NewNodeOptions): WorkflowNode {
  const name = options.name ?? kindMeta(kind).title;
  const candidate = {
    ...schemaDefaults(kind),
    ...SEEDS[kind](name, options.action ?? ''),
    ...options.preset,
    id: options.id,
    name,
    kind,
  };
  const parsed = kindSchema(kind).safeParse(candidate);
  return (parsed.success ? parsed.data : candidate) as WorkflowNode;
}

import { WorkflowDefinitionSchema } from '../definition/schema';
import type { FormFieldInput } from '../definition/formField';
import type { WorkflowDefinition, WorkflowDefinitionInput } from '../definition/types';

type NodeInput = WorkflowDefinitionInput['nodes'][number];
type EdgeInput = NonNullable<WorkflowDefinitionInput['edges']>[number];

/**
 * Readable definitions for tests: nodes as written in a definition file, edges as
 * `'source -> target'` or `'source:handle -> target'`.
 *
 * @example
 * aWorkflow('access').input({ key: 'amount', label: 'Amount', type: 'number' })
 *   .nodes({ id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } }, …)
 *   .edges('start -> check', 'check:big -> mgr', 'check:default -> done')
 *   .build();
 */
export function aWorkflow(id = 'test-flow') {
  const doc: {
    businessKey?: string;
    input: FormFieldInput[];
    variables: NonNullable<WorkflowDefinitionInput['variables']>;
    nodes: NodeInput[];
    edges: EdgeInput[];
  } = {
    input: [],
    variables: [],
    nodes: [],
    edges: [],
  };
  const builder = {
    input(...fields: FormFieldInput[]) {
      doc.input.push(...fields);
      return builder;
    },
    /** The workflow's business key expression (over `input`). */
    businessKey(expression: string) {
      doc.businessKey = expression;
      return builder;
    },
    /** Variables by name (type any), or as written in a definition. */
    variables(...variables: (string | NonNullable<WorkflowDefinitionInput['variables']>[number])[]) {
      doc.variables.push(...variables.map((v) => (typeof v === 'string' ? { name: v } : v)));
      return builder;
    },
    nodes(...nodes: NodeInput[]) {
      doc.nodes.push(...nodes);
      return builder;
    },
    edges(...edges: string[]) {
      doc.edges.push(...edges.map((text, i) => parseEdge(text, `e${doc.edges.length + i + 1}`)));
      return builder;
    },
    /** The document as an author would save it. */
    document(): WorkflowDefinitionInput {
      return { id, name: `Test ${id}`, ...(JSON.parse(JSON.stringify(doc)) as typeof doc) };
    },
    build(): WorkflowDefinition {
      return WorkflowDefinitionSchema.parse(builder.document());
    },
  };
  return builder;
}

export function parseEdge(text: string, id: string): EdgeInput {
  const match = /^\s*([A-Za-z0-9_]+)(?::([A-Za-z0-9_]+))?\s*->\s*([A-Za-z0-9_]+)\s*$/.exec(text);
  if (!match) throw new Error(`not an edge: ${text}`);
  const [, source, handle, target] = match;
  return { id, source: source!, target: target!, ...(handle ? { sourceHandle: handle } : {}) };
}

/** Node shorthands for tests. */
export const n = {
  trigger: (id = 'start'): NodeInput => ({ id, name: id, kind: 'trigger', trigger: { type: 'manual' } }),
  task: (id: string, extra: Partial<Extract<NodeInput, { kind: 'task' }>> = {}): NodeInput => ({
    id,
    name: id,
    kind: 'task',
    action: 'test.noop',
    ...extra,
  }),
  approval: (id: string, extra: Partial<Extract<NodeInput, { kind: 'approval' }>> = {}): NodeInput => ({
    id,
    name: id,
    kind: 'approval',
    title: `Approve ${id}`,
    assignees: [{ type: 'user', id: 'ann' }],
    ...extra,
  }),
  manualTask: (id: string, extra: Partial<Extract<NodeInput, { kind: 'manualTask' }>> = {}): NodeInput => ({
    id,
    name: id,
    kind: 'manualTask',
    title: `Do ${id}`,
    assignees: [{ type: 'user', id: 'ann' }],
    ...extra,
  }),
  decision: (id: string, conditions: { id: string; when: string }[]): NodeInput => ({
    id,
    name: id,
    kind: 'decision',
    conditions,
  }),
  transform: (id: string, set: Record<string, string>): NodeInput => ({
    id,
    name: id,
    kind: 'transform',
    set,
  }),
  parallel: (id: string): NodeInput => ({ id, name: id, kind: 'parallel' }),
  join: (id: string, mode: Extract<NodeInput, { kind: 'join' }>['mode'] = { type: 'all' }): NodeInput => ({
    id,
    name: id,
    kind: 'join',
    mode,
  }),
  wait: (
    id: string,
    wait: Extract<NodeInput, { kind: 'wait' }>['wait'],
    extra: Partial<Extract<NodeInput, { kind: 'wait' }>> = {},
  ): NodeInput => ({
    id,
    name: id,
    kind: 'wait',
    wait,
    ...extra,
  }),
  sub: (
    id: string,
    workflowId: string,
    extra: Partial<Extract<NodeInput, { kind: 'subworkflow' }>> = {},
  ): NodeInput => ({ id, name: id, kind: 'subworkflow', workflowId, ...extra }),
  /** A for-each calling test.noop once per item of `items`, with `{value: item}`. */
  forEach: (
    id: string,
    items: string,
    extra: Partial<Extract<NodeInput, { kind: 'forEach' }>> = {},
  ): NodeInput => ({
    id,
    name: id,
    kind: 'forEach',
    items,
    run: { type: 'task', action: 'test.noop', input: { value: 'item' } },
    ...extra,
  }),
  end: (
    id: string,
    outcome: 'completed' | 'rejected' | 'failed' | 'cancelled' = 'completed',
    output: Record<string, string> = {},
  ): NodeInput => ({ id, name: id, kind: 'end', outcome, output }),
};

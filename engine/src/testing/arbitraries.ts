import fc from 'fast-check';
import type { WorkflowDefinitionInput } from '../definition/types';

type NodeInput = WorkflowDefinitionInput['nodes'][number];
type EdgeInput = NonNullable<WorkflowDefinitionInput['edges']>[number];

/** A random workflow shape: a sequence of blocks, some of which nest sequences. */
export type Block =
  | {
      readonly kind: 'task';
      readonly retries: number;
      /** Without an error edge a failure becomes an incident (default: with). */
      readonly errorEdge?: boolean;
    }
  | {
      readonly kind: 'approval';
      readonly policy: 'any' | 'all' | 'sequence' | 'quorum';
      readonly approvers: number;
      readonly rework: boolean;
      readonly due: boolean;
      readonly delegation?: boolean;
      readonly reminders?: boolean;
    }
  | { readonly kind: 'wait' }
  | { readonly kind: 'until' }
  | { readonly kind: 'eventWait'; readonly timeout: boolean }
  | { readonly kind: 'subworkflow' }
  | { readonly kind: 'transform' }
  | {
      readonly kind: 'decision';
      readonly branches: readonly (readonly Block[])[];
      readonly threshold: number;
    }
  | {
      readonly kind: 'parallel';
      readonly branches: readonly (readonly Block[])[];
      readonly join: 'all' | 'any' | 'nOfM';
    };

const leaf: fc.Arbitrary<Block> = fc.oneof(
  fc.record({ kind: fc.constant('task' as const), retries: fc.integer({ min: 1, max: 3 }) }),
  fc.record({
    kind: fc.constant('approval' as const),
    policy: fc.constantFrom('any' as const, 'all' as const, 'sequence' as const, 'quorum' as const),
    approvers: fc.integer({ min: 1, max: 3 }),
    rework: fc.boolean(),
    due: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('wait' as const) }),
  fc.record({ kind: fc.constant('transform' as const) }),
);

/** Leaves that wait on the outside world in every way the engine knows, for stepping tests. */
const richLeaf: fc.Arbitrary<Block> = fc.oneof(
  fc.record({
    kind: fc.constant('task' as const),
    retries: fc.integer({ min: 1, max: 3 }),
    errorEdge: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('approval' as const),
    policy: fc.constantFrom('any' as const, 'all' as const, 'sequence' as const, 'quorum' as const),
    approvers: fc.integer({ min: 1, max: 3 }),
    rework: fc.boolean(),
    due: fc.boolean(),
    delegation: fc.boolean(),
    reminders: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('wait' as const) }),
  fc.record({ kind: fc.constant('until' as const) }),
  fc.record({ kind: fc.constant('eventWait' as const), timeout: fc.boolean() }),
  fc.record({ kind: fc.constant('subworkflow' as const) }),
  fc.record({ kind: fc.constant('transform' as const) }),
);

function blocksOf(leafBlock: fc.Arbitrary<Block>): fc.Arbitrary<readonly Block[]> {
  return fc.letrec<{ blocks: readonly Block[]; block: Block }>((tie) => ({
    blocks: fc.array(tie('block'), { minLength: 0, maxLength: 4 }),
    block: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leafBlock,
      fc.record({
        kind: fc.constant('decision' as const),
        branches: fc.array(tie('blocks'), { minLength: 1, maxLength: 3 }),
        threshold: fc.integer({ min: 0, max: 100 }),
      }),
      fc.record({
        kind: fc.constant('parallel' as const),
        branches: fc.array(tie('blocks'), { minLength: 2, maxLength: 3 }),
        join: fc.constantFrom('all' as const, 'any' as const, 'nOfM' as const),
      }),
    ),
  })).blocks;
}

/** Turns a shape into a definition: every branch converges, every task has an error edge. */
export function shapeToDefinition(shape: readonly Block[]): WorkflowDefinitionInput {
  const nodes: NodeInput[] = [
    { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
    { id: 'done', name: 'Done', kind: 'end', outcome: 'completed' },
  ];
  const edges: EdgeInput[] = [];
  let counter = 0;
  const id = (prefix: string) => `${prefix}${(counter += 1)}`;
  const edge = (source: string, target: string, sourceHandle = 'out') =>
    edges.push({ id: `e${edges.length + 1}`, source, target, sourceHandle });

  // Emits a sequence that flows into `next`; returns the entry node id (or `next` when empty).
  const sequence = (items: readonly Block[], next: string): string => {
    let entry = next;
    for (const block of [...items].reverse()) entry = emit(block, entry);
    return entry;
  };

  const emit = (block: Block, next: string): string => {
    switch (block.kind) {
      case 'task': {
        const t = id('task');
        nodes.push({
          id: t,
          name: t,
          kind: 'task',
          action: 'test.noop',
          input: { value: 'input.n' },
          retry: { maxAttempts: block.retries },
        });
        edge(t, next);
        if (block.errorEdge === false) return t;
        if (!nodes.some((n) => n.id === 'failed'))
          nodes.push({ id: 'failed', name: 'Failed', kind: 'end', outcome: 'failed' });
        edge(t, 'failed', 'error');
        return t;
      }
      case 'approval': {
        const a = id('approval');
        const approvers = Array.from({ length: block.approvers }, (_, i) => ({
          type: 'user' as const,
          id: `user${i}`,
        }));
        const outcomes = [
          { id: 'approved', label: 'Approve' },
          { id: 'rejected', label: 'Reject' },
          ...(block.rework ? [{ id: 'rework', label: 'Rework' }] : []),
        ];
        nodes.push({
          id: a,
          name: a,
          kind: 'approval',
          title: a,
          assignees: approvers,
          policy:
            block.policy === 'quorum'
              ? { type: 'quorum', count: Math.max(1, block.approvers - 1) }
              : { type: block.policy },
          outcomes,
          ...(block.due
            ? { due: { after: 'P1D', onTimeout: { type: 'outcome' as const, outcome: 'rejected' } } }
            : {}),
          ...(block.reminders ? { reminders: { every: 'PT4H', max: 2 } } : {}),
          ...(block.delegation ? { allowDelegation: true } : {}),
        });
        edge(a, next, 'approved');
        edge(a, next, 'rejected');
        if (block.rework) edge(a, a, 'rework');
        return a;
      }
      case 'wait': {
        const w = id('wait');
        nodes.push({ id: w, name: w, kind: 'wait', wait: { type: 'duration', duration: 'PT1H' } });
        edge(w, next);
        return w;
      }
      case 'until': {
        const w = id('until');
        nodes.push({ id: w, name: w, kind: 'wait', wait: { type: 'until', until: 'now + duration("2h")' } });
        edge(w, next);
        return w;
      }
      case 'eventWait': {
        const w = id('event');
        nodes.push({
          id: w,
          name: w,
          kind: 'wait',
          wait: {
            type: 'event',
            event: 'ticket.closed',
            correlationKey: 'string(input.n)',
            ...(block.timeout ? { timeout: 'PT1H' } : {}),
          },
        });
        edge(w, next);
        if (block.timeout) edge(w, next, 'timeout');
        return w;
      }
      case 'subworkflow': {
        const c = id('child');
        nodes.push({
          id: c,
          name: c,
          kind: 'subworkflow',
          workflowId: 'child-flow',
          input: { n: 'input.n' },
        });
        edge(c, next);
        if (!nodes.some((n) => n.id === 'failed'))
          nodes.push({ id: 'failed', name: 'Failed', kind: 'end', outcome: 'failed' });
        edge(c, 'failed', 'error');
        return c;
      }
      case 'transform': {
        // Reads what an earlier transform set (or the initial value), so loops see fresh values.
        const s = id('set');
        nodes.push({ id: s, name: s, kind: 'transform', set: { total: 'vars.total + input.n' } });
        edge(s, next);
        return s;
      }
      case 'decision': {
        const d = id('decision');
        const conditions = block.branches.map((_, i) => ({
          id: `c${i}`,
          when: `input.n > ${block.threshold + i}`,
        }));
        nodes.push({ id: d, name: d, kind: 'decision', conditions });
        block.branches.forEach((branch, i) => edge(d, sequence(branch, next), `c${i}`));
        edge(d, next, 'default');
        return d;
      }
      case 'parallel': {
        const p = id('split');
        const j = id('join');
        const mode =
          block.join === 'nOfM'
            ? { type: 'nOfM' as const, n: Math.max(1, block.branches.length - 1) }
            : { type: block.join };
        nodes.push({ id: p, name: p, kind: 'parallel' }, { id: j, name: j, kind: 'join', mode });
        for (const branch of block.branches) edge(p, sequence(branch, j));
        edge(j, next);
        return p;
      }
    }
  };

  edge('start', sequence(shape, 'done'));
  return {
    id: 'generated',
    name: 'Generated',
    input: [{ key: 'n', label: 'N', type: 'number', required: true }],
    variables: [{ name: 'total', type: 'number', initial: 0 }],
    nodes,
    edges,
  };
}

/** Random valid definitions (as documents an author would write). */
export const validDefinition: fc.Arbitrary<WorkflowDefinitionInput> = blocksOf(leaf).map(shapeToDefinition);

/**
 * Random valid definitions using every kind of wait as well: event waits with and without a
 * timeout, waits until a time, subworkflows, tasks without an error edge (incidents), approvals
 * with delegation and reminders. Their runs need a responder that knows all of these.
 */
export const richDefinition: fc.Arbitrary<WorkflowDefinitionInput> =
  blocksOf(richLeaf).map(shapeToDefinition);

/** Ways to break a valid definition; each must yield at least one error. */
export type Mutation = (doc: WorkflowDefinitionInput, pick: number) => WorkflowDefinitionInput;

const clone = (doc: WorkflowDefinitionInput): WorkflowDefinitionInput =>
  JSON.parse(JSON.stringify(doc)) as WorkflowDefinitionInput;

export const MUTATIONS: Readonly<Record<string, Mutation>> = {
  removeTrigger: (doc) => ({ ...clone(doc), nodes: doc.nodes.filter((n) => n.kind !== 'trigger') }),
  secondTrigger: (doc) => ({
    ...clone(doc),
    nodes: [
      ...clone(doc).nodes,
      { id: 'start2', name: 'Again', kind: 'trigger', trigger: { type: 'manual' } },
    ],
  }),
  duplicateNodeId: (doc, pick) => {
    const copy = clone(doc);
    const node = copy.nodes[pick % copy.nodes.length]!;
    copy.nodes.push({ ...node, name: `${node.name} copy` } as NodeInput);
    return copy;
  },
  danglingEdge: (doc) => ({
    ...clone(doc),
    edges: [...(clone(doc).edges ?? []), { id: 'dangling', source: 'start', target: 'nowhere' }],
  }),
  removeNonSplitEdge: (doc, pick) => {
    const copy = clone(doc);
    const splitIds = new Set(copy.nodes.filter((n) => n.kind === 'parallel').map((n) => n.id));
    // Error exits are optional, and a split may lose a branch and stay valid: only required exits.
    const candidates = (copy.edges ?? []).filter(
      (e) => !splitIds.has(e.source) && e.sourceHandle !== 'error',
    );
    const victim = candidates[pick % candidates.length];
    return { ...copy, edges: (copy.edges ?? []).filter((e) => e !== victim) };
  },
  orphanNode: (doc) => ({
    ...clone(doc),
    nodes: [
      ...clone(doc).nodes,
      { id: 'orphan', name: 'Orphan', kind: 'wait', wait: { type: 'duration', duration: 'PT1M' } },
    ],
  }),
  unknownAction: (doc) => ({
    ...clone(doc),
    nodes: [
      ...clone(doc).nodes.map((n) => (n.kind === 'trigger' ? n : n)),
      { id: 'ghostTask', name: 'Ghost', kind: 'task', action: 'ghost.doIt' },
    ],
    edges: [...(clone(doc).edges ?? []), { id: 'ghostIn', source: 'ghostTask', target: 'done' }],
  }),
  badExpression: (doc) => ({
    ...clone(doc),
    nodes: clone(doc).nodes.map((n) =>
      n.kind === 'end' && n.id === 'done' ? { ...n, output: { x: 'input.n +' } } : n,
    ),
  }),
  unknownField: (doc) => ({
    ...clone(doc),
    nodes: clone(doc).nodes.map((n) =>
      n.kind === 'end' && n.id === 'done' ? { ...n, output: { x: 'input.nope' } } : n,
    ),
  }),
};

export const invalidDefinition: fc.Arbitrary<{ doc: WorkflowDefinitionInput; mutation: string }> = fc
  .tuple(validDefinition, fc.constantFrom(...Object.keys(MUTATIONS)), fc.nat())
  .map(([doc, mutation, pick]) => ({ doc: MUTATIONS[mutation]!(doc, pick), mutation }));

// The workflows and the connector the runtime benchmark runs.
import { defineAction, defineConnector } from '@flowline/connector-sdk';
import type { WorkflowDefinitionInput } from '@flowline/engine';
import { z } from 'zod';
import { stepChains } from './stepChains';

export const benchConnector = defineConnector({
  id: 'bench',
  title: 'Bench',
  version: '1.0.0',
  actions: [
    defineAction({
      id: 'transform',
      title: 'Transform',
      description: 'Reshapes, as a connector call',
      input: z.object({ n: z.number() }),
      output: z.object({ doubled: z.number() }),
      run: async (_c, i) => ({ doubled: i.n * 2 }),
    }),
    defineAction({
      id: 'noop',
      title: 'No-op',
      description: 'Does nothing',
      input: z.object({ value: z.unknown().optional() }),
      output: z.object({ ok: z.boolean() }),
      run: async () => ({ ok: true }),
    }),
  ],
});

const fiveStepEdges = [
  { id: 'e1', source: 'start', target: 'shape' },
  { id: 'e2', source: 'shape', target: 'route' },
  { id: 'e3', source: 'route', sourceHandle: 'big', target: 'call' },
  { id: 'e4', source: 'route', sourceHandle: 'default', target: 'call' },
  { id: 'e5', source: 'call', target: 'done' },
];

/** The workflow: trigger → transform → decision → task with a no-op connector → end. */
export const fiveSteps: WorkflowDefinitionInput = {
  id: 'five-steps',
  name: 'Five steps',
  input: [{ key: 'n', label: 'N', type: 'number', required: true }],
  variables: [{ name: 'doubled' }],
  nodes: [
    { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
    { id: 'shape', name: 'Transform', kind: 'transform', set: { doubled: 'input.n * 2' } },
    { id: 'route', name: 'Decide', kind: 'decision', conditions: [{ id: 'big', when: 'vars.doubled > 10' }] },
    { id: 'call', name: 'No-op', kind: 'task', action: 'bench.noop', input: { value: 'vars.doubled' } },
    { id: 'done', name: 'Done', kind: 'end', output: { doubled: 'vars.doubled' } },
  ],
  edges: fiveStepEdges,
};

/** The same five steps with the transform done by a connector call: one more job and step. */
export const fiveStepsTransformByConnector: WorkflowDefinitionInput = {
  ...fiveSteps,
  id: 'five-steps-connector-transform',
  nodes: fiveSteps.nodes.map((node) =>
    node.id === 'shape'
      ? {
          id: 'shape',
          name: 'Transform',
          kind: 'task',
          action: 'bench.transform',
          input: { n: 'input.n' },
          output: { doubled: 'result.doubled' },
        }
      : node,
  ),
};

const approve = (id: string) => ({
  id,
  name: id,
  kind: 'approval' as const,
  title: 'Approve',
  assignees: [{ type: 'user' as const, id: 'ann' }],
  due: { after: 'P7D', onTimeout: { type: 'outcome' as const, outcome: 'rejected' } },
});

export const approveThenApprove: WorkflowDefinitionInput = {
  id: 'approve-then-task',
  name: 'Approve then task',
  nodes: [
    { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
    approve('ok'),
    approve('next'),
    { id: 'done', name: 'Done', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'ok' },
    { id: 'e2', source: 'ok', sourceHandle: 'approved', target: 'next' },
    { id: 'e3', source: 'ok', sourceHandle: 'rejected', target: 'done' },
    { id: 'e4', source: 'next', sourceHandle: 'approved', target: 'done' },
    { id: 'e5', source: 'next', sourceHandle: 'rejected', target: 'done' },
  ],
};

export const waitTwoSeconds: WorkflowDefinitionInput = {
  id: 'wait-one',
  name: 'Wait',
  nodes: [
    { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
    { id: 'w', name: 'Wait', kind: 'wait', wait: { type: 'duration', duration: 'PT2S' } },
    { id: 'done', name: 'Done', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'w' },
    { id: 'e2', source: 'w', target: 'done' },
  ],
};

/** Waits until the time its input names: many instances started with one `at` fall due together. */
export const waitUntilInput: WorkflowDefinitionInput = {
  id: 'wait-until',
  name: 'Wait until',
  input: [{ key: 'at', label: 'At', type: 'datetime', required: true }],
  nodes: [
    { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
    { id: 'w', name: 'Wait', kind: 'wait', wait: { type: 'until', until: 'input.at' } },
    { id: 'done', name: 'Done', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'w' },
    { id: 'e2', source: 'w', target: 'done' },
  ],
};

export const benchWorkflows = [
  fiveSteps,
  fiveStepsTransformByConnector,
  approveThenApprove,
  waitTwoSeconds,
  waitUntilInput,
];
// The per-step overhead chains (stepChains.ts), published beside the others.
benchWorkflows.push(...stepChains);

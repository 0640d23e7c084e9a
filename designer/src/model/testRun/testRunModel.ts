import {
  compile,
  findCatalogAction,
  formToValidator,
  runToEnd,
  type Catalog,
  type Command,
  type EngineEvent,
  type PersistedState,
  type Responder,
  type StepResult,
  type WorkflowDefinition,
  type WorkflowNode,
} from '@flowline/engine';
import { problemsOf, type Problem } from '../validation/problems';
import { stepPath } from './pathTaken';
import { sampleFromSchema, sampleInput } from './sampleData';

/** An approver's decision for a test run, or letting the approval run out of time. */
export type ApprovalChoice =
  { readonly outcome: string; readonly comment?: string; readonly by?: string } | { readonly timeout: true };
/** A connector call's result: success with output, or a failure. */
export type TaskChoice =
  | { readonly ok: true; readonly output?: unknown }
  | { readonly ok: false; readonly code?: string; readonly message?: string; readonly retryable?: boolean };
/** An event wait: the event arrives (with a payload), or its timeout passes. */
export type WaitChoice = { readonly event?: unknown } | { readonly timeout: true };
export type SubworkflowChoice = {
  readonly outcome: 'completed' | 'rejected' | 'failed' | 'cancelled';
  readonly output?: unknown;
};

/** A choice for each visit of the node; the last one repeats. */
type PerVisit<T> = T | readonly T[];

/** What the user decides for a test run; what is left out takes its default (approve, succeed…). */
export interface TestRunChoices {
  readonly input?: Readonly<Record<string, unknown>>;
  readonly approvals?: Readonly<Record<string, PerVisit<ApprovalChoice>>>;
  readonly tasks?: Readonly<Record<string, PerVisit<TaskChoice>>>;
  readonly waits?: Readonly<Record<string, PerVisit<WaitChoice>>>;
  readonly subworkflows?: Readonly<Record<string, PerVisit<SubworkflowChoice>>>;
  /** When the run starts (ms since epoch); timers jump ahead from there. */
  readonly startAt?: number;
  readonly maxSteps?: number;
}

/** One step of a test run, as the step list shows it. */
export interface TestRunStep {
  readonly index: number;
  readonly at: number;
  readonly eventType: EngineEvent['type'] | 'start';
  /** What happened, in words: `Manager approval: Reject (by maria)`. */
  readonly description: string;
  readonly nodeId?: string;
  readonly entered: readonly string[];
  readonly edges: readonly string[];
  /** Nodes waiting after the step. */
  readonly waiting: readonly string[];
  /** What expressions could read after the step, and how the instance stands. */
  readonly context: {
    readonly input: Readonly<Record<string, unknown>>;
    readonly vars: Readonly<Record<string, unknown>>;
    readonly nodes: Readonly<Record<string, unknown>>;
    readonly now: number;
    readonly status: PersistedState['status'];
    readonly outcome: PersistedState['context']['outcome'];
    readonly output: unknown;
    readonly error: PersistedState['context']['error'];
  };
  readonly commands: readonly Command[];
}

export type TestRun =
  | {
      readonly ok: true;
      readonly finished: boolean;
      readonly outcome: PersistedState['context']['outcome'];
      readonly output: unknown;
      readonly error: PersistedState['context']['error'];
      /** Everything the run went through, in order (a node twice when a loop came back). */
      readonly path: { readonly nodes: readonly string[]; readonly edges: readonly string[] };
      readonly steps: readonly TestRunStep[];
      /** Where an unfinished run waits (an incident, an event nobody sent). */
      readonly waitingAt: readonly string[];
    }
  | { readonly ok: false; readonly reason: string; readonly problems: readonly Problem[] };

/** A Monday, 09:00 UTC: test runs start at a fixed time unless told otherwise. */
export const DEFAULT_START = Date.UTC(2026, 0, 5, 9, 0, 0);

const pick = <T>(choice: PerVisit<T> | undefined, visit: number): T | undefined =>
  choice === undefined
    ? undefined
    : Array.isArray(choice)
      ? (choice[Math.min(visit, choice.length) - 1] as T | undefined)
      : (choice as T);

/** A place where a test run needs a choice, and the choices it offers. */
export interface ChoicePoint {
  readonly nodeId: string;
  readonly name: string;
  readonly kind: 'approval' | 'task' | 'wait' | 'subworkflow';
  /** For an approval: its outcomes, plus `timeout` when it has a due date; for a wait: `event`, `timeout`. */
  readonly options: readonly { readonly id: string; readonly label: string }[];
}

/** Every node whose result a test run lets the user choose. */
export function choicePoints(definition: WorkflowDefinition): ChoicePoint[] {
  return definition.nodes.flatMap((node): ChoicePoint[] => {
    const base = { nodeId: node.id, name: node.name };
    switch (node.kind) {
      case 'approval':
        return [
          {
            ...base,
            kind: 'approval',
            options: [
              ...node.outcomes.map((o) => ({ id: o.id, label: o.label })),
              ...(node.due ? [{ id: 'timeout', label: 'Nobody decides in time' }] : []),
            ],
          },
        ];
      case 'manualTask':
        // Chosen like an approval's outcome (a person's task either way).
        return [
          {
            ...base,
            kind: 'approval',
            options: [
              ...node.outcomes.map((o) => ({ id: o.id, label: o.label })),
              ...(node.due ? [{ id: 'timeout', label: 'Nobody does it in time' }] : []),
            ],
          },
        ];
      case 'task':
        return [
          {
            ...base,
            kind: 'task',
            options: [
              { id: 'success', label: 'Succeeds' },
              { id: 'failure', label: 'Fails' },
            ],
          },
        ];
      case 'wait':
        return node.wait.type === 'event'
          ? [
              {
                ...base,
                kind: 'wait',
                options: [
                  { id: 'event', label: 'The event arrives' },
                  ...(node.wait.timeout ? [{ id: 'timeout', label: 'It times out' }] : []),
                ],
              },
            ]
          : [];
      case 'subworkflow':
        return [
          {
            ...base,
            kind: 'subworkflow',
            options: ['completed', 'rejected', 'failed', 'cancelled'].map((id) => ({ id, label: id })),
          },
        ];
      case 'forEach':
        // One choice for every item: its call succeeds or fails, or its child ends so.
        return node.run.type === 'task'
          ? [
              {
                ...base,
                kind: 'task',
                options: [
                  { id: 'success', label: 'Every item succeeds' },
                  { id: 'failure', label: 'Every item fails' },
                ],
              },
            ]
          : [
              {
                ...base,
                kind: 'subworkflow',
                options: ['completed', 'rejected', 'failed', 'cancelled'].map((id) => ({ id, label: id })),
              },
            ];
      default:
        return [];
    }
  });
}

/** Choices a test run starts from: sample input, approvals approved (or their first outcome), calls succeeding with sample output. */
export function defaultChoices(definition: WorkflowDefinition, catalog: Catalog): TestRunChoices {
  const tasks: Record<string, TaskChoice> = {};
  for (const node of definition.nodes) {
    const actionId =
      node.kind === 'task'
        ? node.action
        : node.kind === 'forEach' && node.run.type === 'task'
          ? node.run.action
          : undefined;
    if (actionId === undefined) continue;
    const action = findCatalogAction(catalog, actionId);
    tasks[node.id] = { ok: true, output: action ? sampleFromSchema(action.output, 'result') : {} };
  }
  return { input: sampleInput(definition.input), tasks };
}

/** Answers the engine's commands with the user's choices; time only moves forward. */
function createResponder(definition: WorkflowDefinition, catalog: Catalog, choices: TestRunChoices) {
  const nodes = new Map(definition.nodes.map((n) => [n.id, n]));
  const keyNode = new Map<string, string>();
  const delivered = new Set<string>();
  let clock = choices.startAt ?? DEFAULT_START;
  const tick = (at: number) => (clock = Math.max(clock + 1000, at));
  const visitOf = (state: PersistedState | undefined, nodeId: string) => state?.context.visits[nodeId] ?? 1;

  const approvalChoice = (node: WorkflowNode, state: PersistedState | undefined): ApprovalChoice => {
    const chosen = pick(choices.approvals?.[node.id], visitOf(state, node.id));
    if (chosen) return chosen;
    const outcomes = node.kind === 'approval' || node.kind === 'manualTask' ? node.outcomes : [];
    return {
      outcome: outcomes.some((o) => o.id === 'approved') ? 'approved' : (outcomes[0]?.id ?? 'approved'),
    };
  };
  const waitChoice = (nodeId: string, state: PersistedState | undefined): WaitChoice =>
    pick(choices.waits?.[nodeId], visitOf(state, nodeId)) ?? {};

  const responder: Responder = {
    respond(command, at, state) {
      const now = tick(at);
      switch (command.type) {
        case 'job.start': {
          keyNode.set(command.jobKey, command.nodeId);
          const node = nodes.get(command.nodeId);
          const choice: TaskChoice = pick(
            choices.tasks?.[command.nodeId],
            visitOf(state, command.nodeId),
          ) ?? {
            ok: true,
            output:
              node?.kind === 'task'
                ? sampleFromSchema(findCatalogAction(catalog, node.action)?.output, 'result')
                : {},
          };
          if (choice.ok)
            return {
              type: 'job.done',
              jobKey: command.jobKey,
              output: (choice.output ?? {}) as never,
              at: now,
            };
          return {
            type: 'job.failed',
            jobKey: command.jobKey,
            error: {
              code: choice.code ?? 'TEST_FAILURE',
              message: choice.message ?? 'Failed in the test run',
              retryable: choice.retryable ?? false,
            },
            at: now,
          };
        }
        case 'task.create': {
          keyNode.set(command.taskKey, command.nodeId);
          const choice = approvalChoice(nodes.get(command.nodeId)!, state);
          if ('timeout' in choice) return undefined;
          const needsComment = command.requireCommentOn.includes(choice.outcome);
          return {
            type: 'task.decided',
            taskKey: command.taskKey,
            outcome: choice.outcome,
            by: choice.by ?? command.assignee.id,
            ...(choice.comment !== undefined || needsComment
              ? { comment: choice.comment ?? 'Decided in a test run' }
              : {}),
            at: now,
          };
        }
        case 'timer.schedule': {
          keyNode.set(command.timerKey, command.nodeId);
          const node = nodes.get(command.nodeId);
          // An approval's timers (due, reminders) run only when the user lets it time out; an
          // event wait's timeout only when chosen; every other timer is fast-forwarded.
          if (
            (node?.kind === 'approval' || node?.kind === 'manualTask') &&
            !('timeout' in approvalChoice(node, state))
          )
            return undefined;
          if (
            node?.kind === 'wait' &&
            node.wait.type === 'event' &&
            !('timeout' in waitChoice(node.id, state))
          )
            return undefined;
          clock = Math.max(clock, command.fireAt);
          return { type: 'timer.fired', timerKey: command.timerKey, at: clock };
        }
        case 'subworkflow.start': {
          keyNode.set(command.childKey, command.nodeId);
          const choice = pick(choices.subworkflows?.[command.nodeId], visitOf(state, command.nodeId)) ?? {
            outcome: 'completed' as const,
          };
          return {
            type: 'subworkflow.done',
            childKey: command.childKey,
            outcome: choice.outcome,
            output: (choice.output ?? {}) as never,
            at: now,
          };
        }
        default:
          return undefined;
      }
    },
    idle(state, at) {
      for (const [nodeId, wait] of Object.entries(state.context.waits)) {
        const key = `${nodeId}#${visitOf(state, nodeId)}`;
        const choice = waitChoice(nodeId, state);
        if (delivered.has(key) || 'timeout' in choice) continue;
        delivered.add(key);
        keyNode.set(`event:${wait.event}`, nodeId);
        return {
          type: 'event.received',
          event: wait.event,
          correlationKey: wait.key,
          payload: (choice.event ?? {}) as never,
          at: tick(at),
        };
      }
      return undefined;
    },
  };
  return { responder, keyNode };
}

function describeEvent(
  event: EngineEvent | { type: 'start' },
  nodeOf: (key: string) => WorkflowNode | undefined,
): { text: string; nodeId?: string } {
  const named = (node: WorkflowNode | undefined, text: string) =>
    node ? { text: `${node.name}: ${text}`, nodeId: node.id } : { text };
  switch (event.type) {
    case 'start':
      return { text: 'Started with the sample input' };
    case 'job.done':
      return named(nodeOf(event.jobKey), 'the call succeeded');
    case 'job.failed':
      return named(nodeOf(event.jobKey), `the call failed (${event.error.code}: ${event.error.message})`);
    case 'task.decided': {
      const node = nodeOf(event.taskKey);
      const label =
        node?.kind === 'approval' || node?.kind === 'manualTask'
          ? (node.outcomes.find((o) => o.id === event.outcome)?.label ?? event.outcome)
          : event.outcome;
      return named(node, `${label} (by ${event.by})`);
    }
    case 'timer.fired':
      return named(nodeOf(event.timerKey), 'time passed');
    case 'event.received':
      return named(nodeOf(`event:${event.event}`), `event "${event.event}" received`);
    case 'subworkflow.done':
      return named(nodeOf(event.childKey), `the subworkflow ended ${event.outcome}`);
    default:
      return { text: event.type };
  }
}

/**
 * Runs the drawn workflow in the designer on the engine (compile + runToEnd), with the user's
 * choices: sample input, each approval's decision (or its timeout), each connector call's result,
 * timers fast-forwarded. Returns the path taken (nodes and edges, in order) and each step's
 * context and commands. Refused, with the problems, when the definition has errors or the input
 * does not fit the request form.
 */
export function runTest(
  definition: WorkflowDefinition,
  catalog: Catalog,
  choices: TestRunChoices = {},
): TestRun {
  const machine = compile(definition, catalog);
  if (!machine.ok) {
    return {
      ok: false,
      reason: 'Fix the errors in the workflow before a test run',
      problems: problemsOf(machine.error, definition),
    };
  }
  const input = formToValidator(definition.input).safeParse(choices.input ?? sampleInput(definition.input));
  if (!input.success) {
    return {
      ok: false,
      reason: `The sample input does not fit the request form: ${input.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`,
      problems: [],
    };
  }
  const { responder, keyNode } = createResponder(definition, catalog, choices);
  const nodes = new Map(definition.nodes.map((n) => [n.id, n]));
  const nodeOf = (key: string) => nodes.get(keyNode.get(key) ?? '');
  const startAt = choices.startAt ?? DEFAULT_START;
  const { trace, finished } = runToEnd(
    machine.value,
    { input: input.data, at: startAt },
    responder,
    choices.maxSteps ?? 1_000,
  );

  const steps: TestRunStep[] = [];
  const pathNodes: string[] = [];
  const pathEdges: string[] = [];
  let before: StepResult | undefined;
  for (const { event, result } of trace) {
    if (before && !result.changed) continue;
    const path = stepPath(definition, before, result);
    before = result;
    pathNodes.push(...path.entered);
    pathEdges.push(...path.edges);
    const { context, status } = result.state;
    const described = describeEvent(event, nodeOf);
    steps.push({
      index: steps.length,
      at: event.at,
      eventType: event.type,
      description: described.text,
      ...(described.nodeId !== undefined ? { nodeId: described.nodeId } : {}),
      entered: path.entered,
      edges: path.edges,
      waiting: result.activeNodes,
      context: {
        input: context.input,
        vars: context.vars,
        nodes: context.nodes,
        now: context.now,
        status,
        outcome: context.outcome,
        output: context.output,
        error: context.error,
      },
      commands: result.commands,
    });
  }
  const last = trace.at(-1)!.result;
  return {
    ok: true,
    finished,
    outcome: last.state.context.outcome,
    output: last.state.context.output,
    error: last.state.context.error,
    path: { nodes: pathNodes, edges: pathEdges },
    steps,
    waitingAt: finished ? [] : last.activeNodes,
  };
}

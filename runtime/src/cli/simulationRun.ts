import {
  activeNodes,
  applyEvent,
  startInstance,
  type Command,
  type EngineEvent,
  type PersistedState,
  type Responder,
  type StartInput,
  type StepResult,
  type WorkflowDefinition,
  type WorkflowMachine,
} from '@flowline/engine';

export interface SimulatedStep {
  readonly event: EngineEvent | { readonly type: 'start'; readonly at: number };
  readonly result: StepResult;
  /** The nodes this step entered, in the order the graph reaches them. */
  readonly entered: readonly string[];
}

export interface Simulation {
  readonly steps: readonly SimulatedStep[];
  /** Stopped after `maxSteps` with work still pending (a loop that never ends). */
  readonly exhausted: boolean;
}

interface Pending {
  readonly command: Command;
  /** When the world answers it: a timer's fire time, a retry after its backoff, else now. */
  readonly due: number;
  readonly order: number;
}

/**
 * Drives a machine to its end as the runtime would, answering commands with the responder. Like
 * the engine's runToEnd, but in time order: a timer fires when it is due (a reminder before the
 * deadline scheduled ahead of it), a retry after its backoff, and what a step cancels is never
 * answered. Each answer takes a second, so the trace reads forward in time.
 */
export function runSimulation(
  machine: WorkflowMachine,
  definition: WorkflowDefinition,
  start: StartInput,
  responder: Responder,
  maxSteps = 1_000,
): Simulation {
  const graph = outgoingEdges(definition);
  const first = startInstance(machine, start);
  const steps: SimulatedStep[] = [
    {
      event: { type: 'start', at: start.at },
      result: first,
      entered: entered(graph, undefined, first.state),
    },
  ];
  let pending: Pending[] = [];
  let order = 0;
  let clock = start.at;
  const schedule = (commands: readonly Command[]) => {
    for (const command of commands) {
      const cancelled = cancelledKey(command);
      if (cancelled !== undefined) pending = pending.filter((p) => keyOf(p.command) !== cancelled);
      else pending.push({ command, due: dueOf(command, clock), order: order++ });
    }
  };
  schedule(first.commands);

  while (pending.length > 0 && steps.length < maxSteps) {
    const state = steps.at(-1)!.result.state;
    if (state.status === 'done') break;
    const next = pending.reduce((a, b) => (b.due < a.due || (b.due === a.due && b.order < a.order) ? b : a));
    pending = pending.filter((p) => p !== next);
    clock =
      next.command.type === 'timer.schedule' ? Math.max(clock, next.due) : Math.max(clock, next.due) + 1000;
    const event = responder.respond(next.command, clock);
    if (!event) continue;
    const result = applyEvent(machine, state, event);
    if (!result.changed) continue;
    steps.push({ event, result, entered: entered(graph, state, result.state) });
    schedule(result.commands);
  }
  const last = steps.at(-1)!.result.state;
  return { steps, exhausted: last.status !== 'done' && pending.length > 0 };
}

function dueOf(command: Command, now: number): number {
  if (command.type === 'timer.schedule') return command.fireAt;
  if (command.type === 'job.start') return now + command.delayMs;
  return now;
}

/** What a cancel command withdraws, by the key of the command that asked for it. */
function cancelledKey(command: Command): string | undefined {
  switch (command.type) {
    case 'timer.cancel':
      return `timer:${command.timerKey}`;
    case 'task.cancel':
      return `task:${command.taskKey}`;
    case 'job.cancel':
      return `job:${command.jobKey}`;
    case 'subworkflow.cancel':
      return `child:${command.childKey}`;
    default:
      return undefined;
  }
}

function keyOf(command: Command): string | undefined {
  switch (command.type) {
    case 'timer.schedule':
      return `timer:${command.timerKey}`;
    case 'task.create':
      return `task:${command.taskKey}`;
    case 'job.start':
      return `job:${command.jobKey}`;
    case 'subworkflow.start':
      return `child:${command.childKey}`;
    default:
      return undefined;
  }
}

const outgoingEdges = (definition: WorkflowDefinition) => {
  const graph = new Map<string, string[]>();
  for (const edge of definition.edges)
    graph.set(edge.source, [...(graph.get(edge.source) ?? []), edge.target]);
  return { graph, trigger: definition.nodes.find((n) => n.kind === 'trigger')?.id };
};

/**
 * The nodes whose visit count grew in a step, ordered by their distance along the edges from
 * where the instance was (a node visited again keeps its old place among the context's keys).
 */
function entered(
  { graph, trigger }: ReturnType<typeof outgoingEdges>,
  before: PersistedState | undefined,
  after: PersistedState,
): string[] {
  const visitsBefore = before?.context.visits ?? {};
  const grown = Object.entries(after.context.visits)
    .filter(([id, count]) => count > (visitsBefore[id] ?? 0))
    .map(([id]) => id);
  const origins = before ? activeNodes(before.value) : trigger ? [trigger] : [];
  const distance = new Map<string, number>(origins.map((id) => [id, 0]));
  const queue = [...origins];
  for (let at = queue.shift(); at !== undefined; at = queue.shift())
    for (const target of graph.get(at) ?? [])
      if (!distance.has(target)) {
        distance.set(target, distance.get(at)! + 1);
        queue.push(target);
      }
  const far = Number.MAX_SAFE_INTEGER;
  return grown.sort((a, b) => (distance.get(a) ?? far) - (distance.get(b) ?? far));
}

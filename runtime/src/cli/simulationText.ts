import { incidentsOf, type Command, type WorkflowDefinition } from '@flowline/engine';
import type { Simulation, SimulatedStep } from './simulationRun';

/** The path a simulation took, node by node with the commands of each step, and how it ended. */
export function simulationText(
  definition: WorkflowDefinition,
  simulation: Simulation,
  startAt: number,
): string[] {
  const nodes = new Map(definition.nodes.map((n) => [n.id, n]));
  const since = (at: number) => `+${duration(at - startAt)}`;
  const lines: string[] = [];
  for (const step of simulation.steps) {
    lines.push(`[${since(step.event.at)}] ${eventText(step)}`);
    for (const id of step.entered) {
      const node = nodes.get(id);
      lines.push(`  → ${id} (${node?.kind ?? 'node'}${node ? `: ${node.name}` : ''})`);
    }
    for (const command of step.result.commands) lines.push(`      ${commandText(command, since)}`);
  }
  return [...lines, '', ...endingText(simulation, since)];
}

function eventText(step: SimulatedStep): string {
  const event = step.event;
  switch (event.type) {
    case 'start':
      return 'start';
    case 'job.done':
      return `job.done ${event.jobKey} with output ${json(event.output)}`;
    case 'job.failed':
      return `job.failed ${event.jobKey}: ${event.error.code}: ${event.error.message}`;
    case 'task.decided':
      return `task.decided ${event.taskKey}: "${event.outcome}" by ${event.by}${event.form ? ` with form ${json(event.form)}` : ''}`;
    case 'timer.fired':
      return `timer.fired ${event.timerKey}`;
    case 'subworkflow.done':
      return `subworkflow.done ${event.childKey}: ${event.outcome}`;
    default:
      return event.type;
  }
}

function commandText(command: Command, since: (at: number) => string): string {
  switch (command.type) {
    case 'job.start':
      return (
        `job.start ${command.action} (attempt ${command.attempt} of ${command.maxAttempts}` +
        `${command.delayMs > 0 ? `, after ${duration(command.delayMs)}` : ''}) with input ${json(command.input)}`
      );
    case 'task.create':
      return (
        `task.create for ${command.assignee.type} ${command.assignee.id}: "${command.title}"` +
        ` (${command.outcomes.map((o) => o.id).join(' | ')})` +
        `${command.dueAt !== undefined ? `, due ${since(command.dueAt)}` : ''}`
      );
    case 'task.remind':
      return `task.remind ${command.taskKeys.join(', ')}`;
    case 'task.reassign':
      return `task.reassign ${command.taskKey} to ${command.to.type} ${command.to.id}`;
    case 'timer.schedule':
      return `timer.schedule ${command.timerKey} at ${since(command.fireAt)}`;
    case 'subworkflow.start':
      return `subworkflow.start ${command.workflowId} (version ${command.version}; not run here) with input ${json(command.input)}`;
    case 'instance.complete':
      return `instance.complete ${command.outcome}${command.error ? `: ${command.error.message}` : ''}`;
    case 'job.cancel':
      return `job.cancel ${command.jobKey}`;
    case 'task.cancel':
      return `task.cancel ${command.taskKey}`;
    case 'timer.cancel':
      return `timer.cancel ${command.timerKey}`;
    case 'subworkflow.cancel':
      return `subworkflow.cancel ${command.childKey}`;
    default:
      return json(command);
  }
}

function endingText(simulation: Simulation, since: (at: number) => string): string[] {
  const last = simulation.steps.at(-1)!;
  const { state, activeNodes, correlationKeys } = last.result;
  const { context } = state;
  if (state.status === 'done')
    return [
      `Ended ${context.outcome ?? 'without an outcome'} at ${since(last.event.at)}` +
        `${context.error ? `: node "${context.error.nodeId}" ${context.error.code}: ${context.error.message}` : ''}`,
      `Output: ${json(context.output)}`,
    ];
  const lines = [
    simulation.exhausted
      ? `Stopped after ${simulation.steps.length} steps with work still pending (a loop that never ends?)`
      : `Still running at ${since(last.event.at)}, waiting at ${activeNodes.map((n) => `"${n}"`).join(', ')}`,
  ];
  for (const incident of incidentsOf(context))
    lines.push(
      `  incident at "${incident.nodeId}" (${incident.kind})` +
        `${incident.error ? `: ${incident.error.code}: ${incident.error.message}` : ''}; an operator retries or cancels it`,
    );
  for (const key of correlationKeys) {
    const [event, ...rest] = key.split(':');
    lines.push(`  waits for the event "${event}" with key "${rest.join(':')}" (not simulated)`);
  }
  return lines;
}

/** `3d`, `1h 30m`, `2s`: the two largest units of a span that are not zero. */
export function duration(ms: number): string {
  const units: [string, number][] = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  let rest = Math.max(0, Math.round(ms));
  const parts = units.flatMap(([unit, size]) => {
    const count = Math.floor(rest / size);
    rest -= count * size;
    return count > 0 ? [`${count}${unit}`] : [];
  });
  return parts.slice(0, 2).join(' ') || (ms > 0 ? `${Math.round(ms)}ms` : '0s');
}

const json = (value: unknown): string => {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
};

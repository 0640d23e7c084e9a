import { compile, type WorkflowMachine } from '../src/compile';
import type { Command } from '../src/compile/commands';
import type { EngineEvent } from '../src/compile/events';
import { applyEvent, startInstance, type StepResult } from '../src/compile/step';
import type { WorkflowDefinition } from '../src/definition/types';
import { testCatalog } from '../src/testing';

/** Compiles or fails the test with the issues. */
export function machineOf(definition: WorkflowDefinition): WorkflowMachine {
  const machine = compile(definition, testCatalog);
  if (!machine.ok) throw new Error(`expected to compile: ${JSON.stringify(machine.error, null, 2)}`);
  return machine.value;
}

/** A tiny driver over the pure functions: start, send, and look at commands. */
export function drive(definition: WorkflowDefinition, input: Record<string, unknown> = {}, at = 1_000) {
  const machine = machineOf(definition);
  let current: StepResult = startInstance(machine, { input, at });
  const all: Command[][] = [current.commands.slice()];
  return {
    get result() {
      return current;
    },
    get commands() {
      return current.commands;
    },
    get context() {
      return current.state.context;
    },
    get active() {
      return current.activeNodes;
    },
    get done() {
      return current.state.status === 'done';
    },
    history: all,
    send(event: EngineEvent): StepResult {
      current = applyEvent(machine, current.state, event);
      all.push(current.commands.slice());
      return current;
    },
    /** The first command of a type in the latest step (fails the test when missing). */
    command<T extends Command['type']>(type: T, nodeId?: string): Extract<Command, { type: T }> {
      const found = current.commands.find(
        (c) => c.type === type && (nodeId === undefined || ('nodeId' in c && c.nodeId === nodeId)),
      );
      if (!found) throw new Error(`no ${type} in ${JSON.stringify(current.commands)}`);
      return found as Extract<Command, { type: T }>;
    },
    commandsOf<T extends Command['type']>(type: T): Extract<Command, { type: T }>[] {
      return current.commands.filter((c) => c.type === type) as Extract<Command, { type: T }>[];
    },
  };
}

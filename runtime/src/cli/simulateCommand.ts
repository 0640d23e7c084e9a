import { compileValidated, hasErrors, type WorkflowDefinition } from '@flowline/engine';
import { isAppError } from '../errors';
import { checkFormInput } from '../executor/inputCheck';
import { parseCommandArgs } from './args';
import type { Command } from './command';
import { connectorCatalog } from './connectorCatalog';
import { checkDefinition } from './definitionCheck';
import { fileProblemSentence, loadJsonFile } from './definitionFile';
import { EXIT, UsageError, type CliIo } from './io';
import { issueSentence } from './issueText';
import { NO_DECISION, simulationResponder, type SimulationChoices } from './simulationResponder';
import { runSimulation } from './simulationRun';
import { simulationText } from './simulationText';

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'run a definition on sample input without a server and print the path it takes',
  help: `Usage: flowline simulate <file> [--input <sample.json>] [--at <time>] [--json]
                         [--decide <node>=<outcome>...] [--fail <node>...]

Runs the definition with the engine alone (nothing is sent anywhere) and prints
the path it takes: each event, the nodes it entered and the commands they gave,
then how the instance ended. Timers fire when due, in time order.

  approvals      every task is decided with the --decide outcome for its node,
                 else its first outcome; <node>=${NO_DECISION} leaves them undecided
                 so the node's due date settles it
  connector      calls succeed with a sample of the action's output schema,
  tasks          or fail on every attempt for a --fail node
  subworkflows   are not run: they complete, or end with the --decide outcome

Options:
  --input <file>         the request's input, as JSON (default: {}); checked
                         against the definition's request form
  --decide <node>=<outcome>
                         the outcome of a node's tasks; repeatable
  --fail <node>          this task node's connector call fails; repeatable
  --at <time>            when the instance starts, ISO 8601 (default: now)
  --connector <module>   also know this connector module; repeatable
  --json                 print the steps as JSON
  -h, --help             show this help

Exit status: 0 when the simulation ran (whatever its outcome), 1 when the
definition or the input has errors, 2 for a usage problem.`,

  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      input: { type: 'string' },
      decide: { type: 'string', multiple: true },
      fail: { type: 'string', multiple: true },
      at: { type: 'string' },
      connector: { type: 'string', multiple: true },
      json: { type: 'boolean' },
    });
    const [file, ...extra] = positionals;
    if (file === undefined) throw new UsageError('name the definition file to simulate');
    if (extra.length > 0)
      throw new UsageError(`simulate takes one definition file, not also "${extra.join(' ')}"`);
    const at = startTime(values.at);
    const loaded = await loadJsonFile(file, io.cwd);
    const input = values.input === undefined ? undefined : await loadJsonFile(values.input, io.cwd);
    for (const l of [loaded, input]) if (l && !l.ok) io.err(fileProblemSentence(l.file, l.problem));
    if (!loaded.ok || (input && !input.ok)) return EXIT.usage;

    const registry = await connectorCatalog(values.connector ?? [], io.cwd);
    const { parsed, issues } = checkDefinition(loaded.document, registry.catalog());
    if (!parsed || hasErrors(issues)) {
      for (const issue of issues.filter((i) => i.severity === 'error'))
        io.err(issueSentence(file, issue, loaded.document));
      io.err(`${file}: has errors; fix them to simulate it ("flowline validate" lists them)`);
      return EXIT.failed;
    }
    const choices = readChoices(parsed, values.decide ?? [], values.fail ?? []);
    const startInput = checkedInput(
      parsed,
      input?.ok ? input.document : {},
      values.input ?? 'input (no --input given)',
      io,
    );
    if (!startInput) return EXIT.failed;

    const machine = compileValidated(parsed, registry.catalog());
    const responder = simulationResponder(registry.catalog(), choices);
    const simulation = runSimulation(machine, parsed, { input: startInput, at }, responder);
    if (values.json) {
      const last = simulation.steps.at(-1)!.result;
      io.out(
        JSON.stringify(
          {
            workflowId: parsed.id,
            status: last.state.status === 'done' ? last.state.context.outcome : 'running',
            output: last.state.context.output,
            waitingAt: last.activeNodes,
            steps: simulation.steps.map((s) => ({
              event: s.event,
              entered: s.entered,
              commands: s.result.commands,
            })),
          },
          null,
          2,
        ),
      );
      return EXIT.ok;
    }
    io.out(`Simulating ${parsed.id} ("${parsed.name}") from ${file}, started ${new Date(at).toISOString()}`);
    for (const line of simulationText(parsed, simulation, at)) io.out(line);
    return EXIT.ok;
  },
};

function startTime(value: string | undefined): number {
  if (value === undefined) return Date.now();
  const at = Date.parse(value);
  if (Number.isNaN(at))
    throw new UsageError(`--at "${value}" is not a date and time (e.g. 2026-03-02T09:00:00Z)`);
  return at;
}

/** The --decide and --fail choices, each checked against the definition's nodes. */
function readChoices(
  definition: WorkflowDefinition,
  decide: readonly string[],
  fail: readonly string[],
): SimulationChoices {
  const nodes = new Map(definition.nodes.map((n) => [n.id, n]));
  const known = (id: string, flag: string) => {
    const node = nodes.get(id);
    if (!node)
      throw new UsageError(
        `${flag} ${id}: there is no node "${id}" (nodes: ${[...nodes.keys()].join(', ')})`,
      );
    return node;
  };
  const decisions = new Map<string, string>();
  for (const entry of decide) {
    const [id, outcome] = entry.split('=', 2);
    if (!id || !outcome) throw new UsageError(`--decide "${entry}" is not <node>=<outcome>`);
    const node = known(id, '--decide');
    const outcomes =
      'outcomes' in node && Array.isArray(node.outcomes) ? node.outcomes.map((o) => o.id) : undefined;
    // A for-each that starts a subworkflow per item is decided like one: every child ends so.
    const startsChildren =
      node.kind === 'subworkflow' || (node.kind === 'forEach' && node.run.type === 'subworkflow');
    if (!outcomes && !startsChildren)
      throw new UsageError(
        `--decide ${entry}: "${id}" is a ${node.kind} node; only people's tasks and subworkflows are decided`,
      );
    if (outcomes && outcome !== NO_DECISION && !outcomes.includes(outcome))
      throw new UsageError(
        `--decide ${entry}: "${id}" offers ${outcomes.join(', ')}${'due' in node && node.due ? ` (or ${NO_DECISION})` : ''}`,
      );
    decisions.set(id, outcome);
  }
  for (const id of fail) {
    const node = known(id, '--fail');
    // A for-each that calls an action per item fails every item's call.
    if (node.kind !== 'task' && !(node.kind === 'forEach' && node.run.type === 'task'))
      throw new UsageError(`--fail ${id}: only a task node calls a connector`);
  }
  return { decide: decisions, fail: new Set(fail) };
}

/** The input as the runtime would accept it at start (its form's rules), or undefined after saying why. */
function checkedInput(
  definition: WorkflowDefinition,
  input: unknown,
  name: string,
  io: CliIo,
): Record<string, unknown> | undefined {
  try {
    return checkFormInput(definition.input, input);
  } catch (error) {
    if (!isAppError(error)) throw error;
    io.err(`${name}: ${error.message}`);
    for (const issue of error.details.issues ?? []) io.err(`${name}: field ${issue.path}: ${issue.message}`);
    return undefined;
  }
}

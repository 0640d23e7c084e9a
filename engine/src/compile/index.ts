import type { Catalog } from '../catalog';
import { evaluationLimits, type EvaluationLimitsOverride } from '../expression/limits';
import type { WorkflowDefinition, WorkflowNode } from '../definition/types';
import { err, ok, type Result } from '../result';
import { validate } from '../validate';
import { hasErrors, type ValidationIssue } from '../validate/issue';
import { regionKey, type RegionPath } from '../validate/structure';
import type { MachineContext } from './context';
import type { StartInput } from './events';
import { machineSetup } from './machineSetup';
import { createModel, type CompileModel } from './model';
import { approvalState } from './nodes/approval';
import { withCancelOn } from './nodes/cancelOn';
import { decisionState } from './nodes/decision';
import { endState } from './nodes/end';
import { forEachState } from './nodes/forEach';
import { joinState, parallelState } from './nodes/parallel';
import type { StateConfig } from './nodes/stateConfig';
import { subworkflowState } from './nodes/subworkflow';
import { taskState } from './nodes/task';
import { transformState } from './nodes/transform';
import { waitState } from './nodes/wait';
import { CANCELLED_STATE, FAILED_STATE, requiredTarget } from './stateIds';

export type WorkflowMachine = ReturnType<ReturnType<typeof machineSetup>['createMachine']>;

export interface CompileOptions {
  /** Evaluation limits of the compiled machine's expressions (defaults: EVALUATION_LIMITS). */
  readonly expressionLimits?: EvaluationLimitsOverride;
}

/**
 * Compiles a definition into an XState v5 machine. Refuses (with the validation issues) any
 * definition that has errors; warnings do not stop it.
 */
export function compile(
  definition: WorkflowDefinition,
  catalog: Catalog,
  options: CompileOptions = {},
): Result<WorkflowMachine, ValidationIssue[]> {
  const issues = validate(definition, catalog);
  if (hasErrors(issues)) return err(issues.filter((i) => i.severity === 'error'));
  return ok(compileValidated(definition, catalog, options));
}

/** Compiles a definition already known to be valid (e.g. a published version). */
export function compileValidated(
  definition: WorkflowDefinition,
  catalog: Catalog,
  options: CompileOptions = {},
): WorkflowMachine {
  const model = createModel(definition, catalog, evaluationLimits(options.expressionLimits));
  const byRegion = new Map<string, WorkflowNode[]>();
  for (const node of definition.nodes) {
    const key = regionKey(model.structure.regionOf.get(node.id) ?? []);
    byRegion.set(key, [...(byRegion.get(key) ?? []), node]);
  }
  const regionStates = (region: RegionPath): Record<string, StateConfig> => {
    const states: Record<string, StateConfig> = {};
    for (const node of byRegion.get(regionKey(region)) ?? [])
      states[node.id] = stateOf(model, node, region, regionStates);
    return states;
  };
  const trigger = definition.nodes.find((n) => n.kind === 'trigger')!;
  const config = {
    id: 'workflow',
    initial: trigger.id,
    context: ({ input }: { input: StartInput }) => initialContext(definition, input),
    states: {
      ...regionStates([]),
      [FAILED_STATE]: { id: FAILED_STATE, type: 'final', entry: { type: 'failInstance' } },
      [CANCELLED_STATE]: { id: CANCELLED_STATE, type: 'final', entry: { type: 'cancelInstance' } },
    },
    on: {
      'instance.cancel': { target: `#${CANCELLED_STATE}` },
      'instance.withdraw': { target: `#${CANCELLED_STATE}` },
      // Exits every active node first (their exits withdraw jobs, timers, tasks and children).
      'instance.fail': { target: `#${FAILED_STATE}`, actions: { type: 'recordFailure' } },
    },
    output: ({ context }: { context: MachineContext }) => ({
      outcome: context.outcome,
      output: context.output,
      error: context.error,
    }),
  };
  return machineSetup(model).createMachine(config as never);
}

function stateOf(
  model: CompileModel,
  node: WorkflowNode,
  region: RegionPath,
  regionStates: (region: RegionPath) => Record<string, StateConfig>,
): StateConfig {
  switch (node.kind) {
    case 'trigger':
      return {
        id: node.id,
        entry: { type: 'enterPassThrough', params: { nodeId: node.id } },
        always: { target: requiredTarget(model, node.id, 'out'), reenter: true },
      };
    case 'task':
      return taskState(model, node.id);
    case 'approval':
    case 'manualTask':
      return withCancelOn(model, node.id, approvalState(model, node.id));
    case 'decision':
      return decisionState(model, node.id);
    case 'transform':
      return transformState(model, node.id);
    case 'parallel':
      return parallelState(model, node.id, (branch) => regionStates([...region, { split: node.id, branch }]));
    case 'join':
      return joinState(model, node.id);
    case 'wait':
      return withCancelOn(model, node.id, waitState(model, node.id));
    case 'subworkflow':
      return subworkflowState(model, node.id);
    case 'forEach':
      return forEachState(model, node.id);
    case 'end':
      return endState(node.id);
  }
}

function initialContext(definition: WorkflowDefinition, start: StartInput): MachineContext {
  const vars: Record<string, unknown> = {};
  for (const variable of definition.variables) vars[variable.name] = variable.initial ?? null;
  return {
    ...(start.instanceId !== undefined ? { instanceId: start.instanceId } : {}),
    input: start.input,
    vars,
    nodes: {},
    now: start.at,
    visits: {},
    jobs: {},
    timers: {},
    approvals: {},
    waits: {},
    children: {},
    joins: {},
    outcome: null,
    output: null,
    error: null,
  };
}

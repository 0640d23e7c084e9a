import { enqueueActions, setup } from 'xstate';
import type { Command } from './commands';
import type { MachineContext } from './context';
import type { Behaviour, Check, NodeParams } from './effects';
import type { MachineEvent, StartInput } from './events';
import type { CompileModel } from './model';
import * as approval from './nodes/approval';
import * as delegation from './nodes/approvalDelegation';
import * as approvalIncident from './nodes/approvalIncident';
import * as cancelOn from './nodes/cancelOn';
import * as decision from './nodes/decision';
import * as end from './nodes/end';
import * as forEach from './nodes/forEach';
import * as parallel from './nodes/parallel';
import * as subworkflow from './nodes/subworkflow';
import * as task from './nodes/task';
import * as transform from './nodes/transform';
import * as wait from './nodes/wait';

/** Every behaviour the compiled state config names, by the name it uses. */
const BEHAVIOURS = {
  enterTask: task.enterTask,
  exitTask: task.exitTask,
  retryTask: task.retryTask,
  completeTask: task.completeTask,
  failTask: task.failTask,
  raiseIncident: task.raiseIncident,
  retryIncident: task.retryIncident,
  enterApproval: approval.enterApproval,
  exitApproval: approval.exitApproval,
  recordDecision: approval.recordDecision,
  settleApproval: approval.settleApproval,
  approvalTimedOut: approval.approvalTimedOut,
  remindApprovers: approval.remindApprovers,
  recordDelegation: delegation.recordDelegation,
  raiseApprovalIncident: approvalIncident.raiseApprovalIncident,
  enterPassThrough: decision.enterPassThrough,
  recordBranch: decision.recordBranch,
  recordDecisionError: decision.recordDecisionError,
  enterTransform: transform.enterTransform,
  resetJoin: parallel.resetJoin,
  arriveAtJoin: parallel.arriveAtJoin,
  leaveSplit: parallel.leaveSplit,
  enterWait: wait.enterWait,
  exitWait: wait.exitWait,
  receiveEvent: wait.receiveEvent,
  timerElapsed: wait.timerElapsed,
  enterSubworkflow: subworkflow.enterSubworkflow,
  exitSubworkflow: subworkflow.exitSubworkflow,
  finishChild: subworkflow.finishChild,
  childRefused: subworkflow.childRefused,
  holdRefusedChild: subworkflow.holdRefusedChild,
  retryRefusedChild: subworkflow.retryRefusedChild,
  enterCancelOn: cancelOn.enterCancelOn,
  exitCancelOn: cancelOn.exitCancelOn,
  recordCancel: cancelOn.recordCancel,
  enterForEach: forEach.enterForEach,
  exitForEach: forEach.exitForEach,
  settleForEachItem: forEach.settleForEachItem,
  completeForEach: forEach.completeForEach,
  failForEach: forEach.failForEach,
  finishInstance: end.finishInstance,
  failInstance: end.failInstance,
  cancelInstance: end.cancelInstance,
  recordFailure: end.recordFailure,
} satisfies Record<string, Behaviour>;

const isStepOf: Check = (_model, _context, event, { nodeId }) =>
  event.type === 'step.failed' && event.nodeId === nodeId;

const CHECKS = {
  isStepOf,
  isCurrentJob: task.isCurrentJob,
  jobCanRetry: task.jobCanRetry,
  jobDoneMapsOutput: task.jobDoneMapsOutput,
  hasIncident: task.hasIncident,
  isOpenSlot: approval.isOpenSlot,
  canDelegate: delegation.canDelegate,
  isUnassignableSlot: approvalIncident.isUnassignableSlot,
  approvalHasIncident: approvalIncident.approvalHasIncident,
  approvalSettles: approval.approvalSettles,
  isTimer: approval.isTimer,
  decisionTakes: decision.decisionTakes,
  decisionFails: decision.decisionFails,
  transformFailed: transform.transformFailed,
  joinReached: parallel.joinReached,
  eventMatches: wait.eventMatches,
  eventMaps: wait.eventMaps,
  isChild: subworkflow.isChild,
  childCompleted: subworkflow.childCompleted,
  isRefusedChild: subworkflow.isRefusedChild,
  hasRefusedChild: subworkflow.hasRefusedChild,
  cancelEventMatches: cancelOn.cancelEventMatches,
  isForEachItem: forEach.isForEachItem,
  forEachFailed: forEach.forEachFailed,
  forEachCompletes: forEach.forEachCompletes,
  forEachFinished: forEach.forEachFinished,
} satisfies Record<string, Check>;

/** Output of a finished instance (XState's snapshot.output). */
export interface InstanceOutput {
  readonly outcome: MachineContext['outcome'];
  readonly output: unknown;
  readonly error: MachineContext['error'];
}

/**
 * The one `setup()` of every compiled machine. Actions only assign context and emit `command`
 * actions (never executed: the runtime reads them from `transition()`'s result), so the same
 * snapshot and event always give the same next snapshot and commands.
 */
export function machineSetup(model: CompileModel) {
  const toAction = (behaviour: Behaviour) =>
    enqueueActions<MachineContext, MachineEvent, NodeParams, MachineEvent, never, never, never, never, never>(
      ({ context, event, enqueue }, params) => {
        const effects = behaviour(model, context, event, params);
        if (effects.patch) enqueue.assign(effects.patch);
        for (const command of effects.commands ?? []) enqueue({ type: 'command', params: command } as never);
        if (effects.raise) enqueue.raise(effects.raise);
      },
    );
  const actions = Object.fromEntries(Object.entries(BEHAVIOURS).map(([name, b]) => [name, toAction(b)]));
  const guards = Object.fromEntries(
    Object.entries(CHECKS).map(([name, check]) => [
      name,
      ({ context, event }: { context: MachineContext; event: MachineEvent }, params: NodeParams) =>
        check(model, context, event, params),
    ]),
  );
  return setup({
    types: {
      context: {} as MachineContext,
      events: {} as MachineEvent,
      input: {} as StartInput,
      output: {} as InstanceOutput,
    },
    actions: {
      // Recorded, never run: the runtime turns these into outbox entries.
      command: (_args: unknown, _command: Command) => undefined,
      ...actions,
    },
    guards,
  });
}

import { formToValidator, type FormField } from '@flowline/engine';
import type { Clock } from '../clock';
import { AppError, fieldIssuesOf } from '../errors';
import { assertPlainData, checkFormUsers } from '../executor/inputCheck';
import type { Executor } from '../executor/executor';
import type { Store, Task } from '../store';
import type { MachineCache } from '../workflows/machineCache';
import { inInstanceScope, instanceScopeOf } from '../auth/instanceScope';
import {
  closedTaskRefusal,
  createDecisionPolicy,
  decisionRefusal,
  isAssignee,
  type Decider,
} from './decisionPolicy';
import { asJsonObject } from '../store/plainJson';
import { assertNoOtherPlace } from './stepPlaces';

export interface DecisionRequest {
  readonly outcome: string;
  readonly comment?: string | undefined;
  readonly form?: Record<string, unknown> | undefined;
}

/** Who acts on a task: read from the store on every request, so revocations apply at once. */
export type Actor = Decider;

export interface DecideOptions {
  /**
   * Runs once the decision policy and the form checks passed, just before the decision is sent:
   * an approval link is consumed here, so a refused or incomplete decision does not burn it.
   */
  readonly beforeSend?: () => Promise<void>;
}

interface TaskForm {
  readonly fields?: FormField[];
  readonly instructions?: string | null;
  readonly requireCommentOn?: string[];
  readonly outcomes?: { id: string; label: string }[];
}

/**
 * Human tasks: decisions go through the instance (the engine applies the policy and ignores a
 * second decision), so of two concurrent deciders exactly one changes the instance; the other
 * hears ALREADY_DECIDED.
 */
export function createHumanTasks(deps: {
  store: Store;
  executor: Executor;
  clock: Clock;
  machines: MachineCache;
}) {
  const policy = createDecisionPolicy(deps);

  const missing = (taskId: string) => new AppError('NOT_FOUND', `There is no task ${taskId}`);

  /**
   * The task, when the caller may know it exists: it is assigned to them or their group, or its
   * instance is in their scope (auth/instanceScope.ts). Any other task is answered as missing,
   * as its instance is, so a task id found or guessed reveals nothing; only those who may see
   * the instance hear that the task is not theirs.
   */
  async function getVisibleTask(taskId: string, user: Actor): Promise<Task> {
    const task = await deps.store.getTask(taskId);
    if (!task) throw missing(taskId);
    if (isAssignee(task, user)) return task;
    const instance = await deps.store.getInstance(task.instanceId);
    const scope = instanceScopeOf({ user, roles: user.roles });
    if (!instance || !(await inInstanceScope(deps.store, scope, instance))) throw missing(taskId);
    return task;
  }

  /** A task the caller may look at: assigned to them or their group (deciding needs more: see decide). */
  async function getOwnTask(taskId: string, user: Actor): Promise<Task> {
    const task = await getVisibleTask(taskId, user);
    if (!isAssignee(task, user)) throw new AppError('NOT_ASSIGNEE', 'This task is not assigned to you');
    return task;
  }

  /** A task the caller may decide now (the one decision policy); throws its refusal. */
  async function getDecidableTask(taskId: string, user: Actor): Promise<Task> {
    const task = await getVisibleTask(taskId, user);
    await policy.assertMayDecide(task, user);
    return task;
  }

  /**
   * Why the instance ignored a decision or delegation the policy had allowed: someone else acted
   * on the task first (decided, or the instance withdrew it), or the request ended meanwhile.
   * The task's own record says which, so a loser of a race hears what happened to the task.
   */
  async function whyUnchanged(taskId: string, ended: boolean, otherwise: string): Promise<AppError> {
    const now = await deps.store.getTask(taskId);
    const closed = now && closedTaskRefusal(now.status);
    if (closed) return closed;
    if (ended) return new AppError('INSTANCE_ENDED', 'The request has already ended');
    return new AppError('ALREADY_DECIDED', otherwise);
  }

  async function decide(taskId: string, user: Actor, request: DecisionRequest, options: DecideOptions = {}) {
    const task = await getDecidableTask(taskId, user);
    const form = task.form as TaskForm;
    if (!task.outcomes.includes(request.outcome)) {
      throw new AppError('INVALID_INPUT', 'Choose one of the offered outcomes', {
        issues: [{ path: 'outcome', message: `Choose one of: ${task.outcomes.join(', ')}` }],
      });
    }
    if ((form.requireCommentOn ?? []).includes(request.outcome) && !request.comment?.trim()) {
      throw new AppError('INVALID_INPUT', 'A comment is required for this decision', {
        issues: [{ path: 'comment', message: `Say why (required when the outcome is "${request.outcome}")` }],
      });
    }
    let values: Record<string, unknown> | undefined;
    if (form.fields && form.fields.length > 0) {
      assertPlainData(request.form ?? {}, 'The form');
      const parsed = formToValidator(form.fields).safeParse(request.form ?? {});
      if (!parsed.success) {
        throw new AppError('INVALID_INPUT', 'The decision form is not complete', {
          issues: fieldIssuesOf(parsed.error.issues, ['form']),
        });
      }
      values = parsed.data;
      await checkFormUsers(deps.store, form.fields, values, 'form.');
    } else if (request.form && Object.keys(request.form).length > 0) {
      // A task without fields has nowhere to keep them: refused as a manual task's extra fields are.
      throw new AppError('INVALID_INPUT', 'This task has no form fields', {
        issues: Object.keys(request.form).map((key) => ({
          path: `form.${key}`,
          message: `Unknown field "${key}"`,
        })),
      });
    }
    const taskKey = task.id.slice(task.instanceId.length + 1);
    await options.beforeSend?.();
    const result = await deps.executor.send(
      task.instanceId,
      {
        type: 'task.decided',
        taskKey,
        outcome: request.outcome,
        by: user.id,
        ...(request.comment ? { comment: request.comment } : {}),
        ...(values ? { form: asJsonObject(values, 'The decision form') } : {}),
        at: deps.clock.now(),
      },
      { actor: user.id },
    );
    if (!result.changed) throw await whyUnchanged(taskId, result.ended, 'This task has already been decided');
    return { taskId, outcome: request.outcome, instanceId: task.instanceId };
  }

  async function delegate(taskId: string, user: Actor, toUserId: string, comment?: string) {
    // Whoever hands a task on must be able to decide it themselves (the requester cannot, either).
    const task = await getDecidableTask(taskId, user);
    if (!task.allowDelegation) throw new AppError('FORBIDDEN', 'This approval does not allow delegation');
    const delegate = await policy.delegateFor(task, toUserId);
    if (task.assignee.type === 'user' && task.assignee.id === toUserId)
      throw new AppError('INVALID_INPUT', 'Delegate to someone else', {
        issues: [{ path: 'to', message: 'The task is already assigned to this user' }],
      });
    await assertNoOtherPlace(deps.store, task, delegate);
    // Through the instance, like a decision: the two take turns there, the history records who
    // handed the task to whom, and the task record changes in the same write.
    const result = await deps.executor.send(
      task.instanceId,
      {
        type: 'task.delegated',
        taskKey: task.id.slice(task.instanceId.length + 1),
        to: { type: 'user', id: toUserId },
        by: user.id,
        ...(comment ? { comment } : {}),
        at: deps.clock.now(),
      },
      { actor: user.id },
    );
    if (!result.changed)
      throw await whyUnchanged(taskId, result.ended, 'The task could not be delegated: it changed meanwhile');
    const delegated = await deps.store.getTask(taskId);
    if (!delegated) throw new AppError('NOT_FOUND', `There is no task ${taskId}`);
    return delegated;
  }

  /**
   * Whether the caller could decide this task now, and if not why, by THE decision policy: an
   * inbox lists a group's task to all its members, and shows the requester or a viewer why their
   * buttons are missing instead of letting them find out by a 403.
   */
  async function decidability(task: Task, user: Actor): Promise<{ canDecide: boolean; reason?: string }> {
    try {
      const refusal = decisionRefusal(task, user, await policy.contextOf(task));
      return refusal ? { canDecide: false, reason: refusal.message } : { canDecide: true };
    } catch (error) {
      if (error instanceof AppError) return { canDecide: false, reason: error.message };
      throw error;
    }
  }

  return { decide, delegate, decidability, getOwnTask, getDecidableTask, policy };
}

export type HumanTasks = ReturnType<typeof createHumanTasks>;

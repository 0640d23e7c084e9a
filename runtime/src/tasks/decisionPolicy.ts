import type { HumanTaskNode, ResolvedAssignee, WorkflowDefinition } from '@flowline/engine';
import { hasPermission, type Role } from '../auth';
import { AppError } from '../errors';
import type { Store, Task, User } from '../store';
import type { MachineCache } from '../workflows/machineCache';

/**
 * Who would decide: read from the store on every request (roles are the caller's EFFECTIVE ones
 * for an API call: a token's roles its user still holds), so a revocation applies at once.
 */
export interface Decider {
  readonly id: string;
  readonly name?: string;
  readonly groups: readonly string[];
  readonly roles: readonly Role[];
  readonly disabled?: boolean;
}

/** What the task's instance and approval node say about who may decide. */
export interface DecisionContext {
  /** Who started the instance (`instance.startedBy`). */
  readonly requester?: string | undefined;
  /** The approval node's option (on by default): the requester may not decide. */
  readonly segregationOfDuties: boolean;
}

export type DeciderProblemCode = 'APPROVER_DISABLED' | 'APPROVER_CANNOT_DECIDE' | 'SELF_APPROVAL';
export interface DeciderProblem {
  readonly code: DeciderProblemCode;
  readonly message: string;
}

/** A user may act on a task assigned to them, or to a group they are in (read now, not cached). */
export const isAssignee = (task: Pick<Task, 'assignee'>, user: Pick<Decider, 'id' | 'groups'>): boolean =>
  task.assignee.type === 'user' ? task.assignee.id === user.id : user.groups.includes(task.assignee.id);

/**
 * Whether this person may decide approvals of this kind at all, assignment aside: an active user,
 * with tasks:decide, and not the requester when segregation of duties holds. `subject` names them
 * in the message ("You", or their name when they are someone else: a delegate, an assignee).
 */
export function deciderProblem(
  person: Decider,
  context: DecisionContext,
  subject = 'You',
): DeciderProblem | undefined {
  const you = subject === 'You';
  if (person.disabled)
    return { code: 'APPROVER_DISABLED', message: `${you ? 'Your' : `${subject}'s`} account is disabled` };
  if (!hasPermission(person.roles, 'tasks:decide'))
    return {
      code: 'APPROVER_CANNOT_DECIDE',
      message: `${subject} may not decide approvals (no role with the permission tasks:decide)`,
    };
  if (context.segregationOfDuties && context.requester !== undefined && context.requester === person.id)
    return {
      code: 'SELF_APPROVAL',
      message: `${subject} started this request, and its requester may not decide it (segregation of duties)`,
    };
  return undefined;
}

/** Why a task that is no longer open cannot be acted on (undefined while it is open). */
export function closedTaskRefusal(status: Task['status']): AppError | undefined {
  if (status === 'cancelled')
    return new AppError('TASK_WITHDRAWN', 'This task was withdrawn: its request was cancelled or moved on');
  if (status !== 'open') return new AppError('ALREADY_DECIDED', 'This task has already been decided');
  return undefined;
}

/**
 * THE decision policy, run by the API (decide, delegate, mint links) and by approval links alike:
 * an active user with tasks:decide, the task's assignee or a member of its group, the task open,
 * and not the instance's requester when the approval forbids self-approval. Undefined: allowed.
 */
export function decisionRefusal(task: Task, person: Decider, context: DecisionContext): AppError | undefined {
  const problem = deciderProblem(person, context);
  if (problem && problem.code !== 'SELF_APPROVAL') return new AppError('FORBIDDEN', problem.message);
  if (!isAssignee(task, person)) return new AppError('NOT_ASSIGNEE', 'This task is not assigned to you');
  const closed = closedTaskRefusal(task.status);
  if (closed) return closed;
  if (problem) return new AppError('SELF_APPROVAL', problem.message);
  return undefined;
}

/** The approval's or manual task's segregation-of-duties option (on when the node is neither). */
export function decisionContextOf(
  definition: WorkflowDefinition,
  nodeId: string,
  requester: string | undefined,
): DecisionContext {
  const node = definition.nodes.find(
    (n): n is HumanTaskNode => n.id === nodeId && (n.kind === 'approval' || n.kind === 'manualTask'),
  );
  return { requester, segregationOfDuties: node?.segregationOfDuties ?? true };
}

// A group with more members than this is taken to have someone who may decide.
const GROUP_SCAN_LIMIT = 1000;

/**
 * Why a new task cannot go to its assignee, as an incident code, or undefined: an unknown user,
 * one who may not decide (disabled, no tasks:decide, the requester), or a group with no member
 * who may. The runtime reports it to the instance (`task.unassignable`) instead of leaving a task
 * nobody can decide.
 */
export async function assignmentProblem(
  store: Pick<Store, 'getUser' | 'listGroupMembers'>,
  assignee: ResolvedAssignee,
  context: DecisionContext,
): Promise<{ code: string; message: string } | undefined> {
  if (assignee.type === 'user') {
    const user = await store.getUser(assignee.id);
    if (!user)
      return { code: 'UNKNOWN_APPROVER', message: `There is no user "${assignee.id}" to give the task to` };
    return deciderProblem(user, context, `The approver ${user.name || assignee.id} (${assignee.id})`);
  }
  const members = await store.listGroupMembers(assignee.id, { limit: GROUP_SCAN_LIMIT });
  if (members.length >= GROUP_SCAN_LIMIT || members.some((m) => !deciderProblem(m, context)))
    return undefined;
  return {
    code: 'NO_ELIGIBLE_APPROVER',
    message:
      members.length === 0
        ? `The group "${assignee.id}" has no members`
        : `No member of the group "${assignee.id}" may decide (disabled, without tasks:decide, or the requester)`,
  };
}

/** The policy with what it reads: the task's instance (requester) and its published definition. */
export function createDecisionPolicy(deps: { store: Store; machines: MachineCache }) {
  async function contextOf(task: Pick<Task, 'instanceId' | 'nodeId'>): Promise<DecisionContext> {
    const instance = await deps.store.getInstance(task.instanceId);
    if (!instance) throw new AppError('NOT_FOUND', 'The request of this task no longer exists');
    const { definition } = await deps.machines.load(instance.workflowId, instance.version);
    return decisionContextOf(definition, task.nodeId, instance.startedBy);
  }

  return {
    contextOf,
    /** Throws the refusal (403 FORBIDDEN / NOT_ASSIGNEE / SELF_APPROVAL, 409 ALREADY_DECIDED / TASK_WITHDRAWN). */
    async assertMayDecide(task: Task, person: Decider): Promise<void> {
      const refusal = decisionRefusal(task, person, await contextOf(task));
      if (refusal) throw refusal;
    },
    /** The delegate, when they could decide this task: an active user, tasks:decide, not the requester. */
    async delegateFor(task: Task, to: string): Promise<User> {
      const target = await deps.store.getUser(to);
      const problem = target
        ? deciderProblem(target, await contextOf(task), `"${target.name || to}"`)
        : { message: `No active user ${to}` };
      if (!target || problem)
        throw new AppError('INVALID_INPUT', 'Delegate to someone who may decide this task', {
          issues: [{ path: 'to', message: problem?.message ?? `No active user ${to}` }],
        });
      return target;
    },
  };
}

export type DecisionPolicy = ReturnType<typeof createDecisionPolicy>;

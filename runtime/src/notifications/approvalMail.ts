import { parseDefinition } from '@flowline/engine';
import type { ApprovalLinks } from '../auth/approvalLink';
import type { Clock } from '../clock';
import type { CredentialVault } from '../credentials';
import { taskId } from '../dispatch/effects';
import type { Logger } from '../observability/logger';
import type { NewTask, Store, User } from '../store';
import { decisionContextOf, deciderProblem, type DecisionContext } from '../tasks/decisionPolicy';
import { signTaskLinks } from '../tasks/taskLinks';
import { taskDetailsText } from '../tasks/taskDetails';
import { taskKindOf } from '../tasks/taskKind';
import { outcomeLabelOf } from '../tasks/outcomeLabel';

/** A group approval reaches its first members only, so a mis-assigned "everyone" group cannot flood the relay. */
const MAX_GROUP_MAILS = 50;

/** The outcomes a task offers with their labels, in the approval's order (ids stand in for missing labels). */
function choicesOf(task: NewTask): { id: string; label: string }[] {
  return task.outcomes.map((id) => ({ id, label: outcomeLabelOf(task.form, id) }));
}

/** What the mail says, by the task's kind and whether it is a reminder (the subject marks a reminder). */
function wordingOf(task: NewTask, reminder?: number): { key: string; subject: string; lead: string } {
  const todo = taskKindOf(task) === 'manualTask';
  if (reminder === undefined)
    return todo
      ? { key: 'mail', subject: 'Task to do', lead: 'a task is waiting for you' }
      : { key: 'mail', subject: 'Approval needed', lead: 'your decision is needed' };
  return todo
    ? {
        key: `remind${reminder}`,
        subject: 'Reminder: task to do',
        lead: 'this task is still waiting for you',
      }
    : {
        key: `remind${reminder}`,
        subject: 'Reminder: approval needed',
        lead: 'your decision is still needed',
      };
}

/** Labels become "Label: URL" lines of the mail; a colon or line break would garble that. */
const asLabel = (text: string) =>
  text
    .replace(/[\r\n:]+/g, ' ')
    .trim()
    .slice(0, 100) || 'Decide';

/**
 * E-mails the assignee of a task (or each active member of the assigned group) one signed link per
 * outcome the approval or manual task offers, through the `email` connector and its `default` connection (nothing
 * is sent when that connection does not exist): when the task is created or handed to them, and
 * again at each reminder. Each mail is a job keyed by task, approver and purpose, so a re-dispatch
 * after a crash sends it once; the instance ignores its result, and the worker retries a failed
 * send itself.
 */
export function createApprovalMailer(deps: {
  store: Store;
  clock: Clock;
  vault: CredentialVault;
  approvalLinks: ApprovalLinks;
  /** The origin links point at (tasks/linkOrigin.ts), read when a mail is built. */
  linkOrigin: () => string;
  logger: Logger;
}) {
  /** What the task's instance and published approval node say about who may decide it. */
  async function contextOf(task: NewTask): Promise<DecisionContext | undefined> {
    const instance = await deps.store.getInstance(task.instanceId);
    if (!instance) return undefined;
    const version = await deps.store.getVersion(instance.workflowId, instance.version);
    const definition = version && parseDefinition(version.definition);
    if (!definition?.ok) return undefined;
    return decisionContextOf(definition.value, task.nodeId, instance.startedBy);
  }

  /**
   * The approvers to e-mail: the assignee, or the members of the assigned group, each only when
   * THE decision policy would let them decide (active, tasks:decide, not the requester under
   * segregation of duties): a link that can only answer 403 is a mail nobody should get.
   */
  async function recipients(task: NewTask): Promise<User[]> {
    const context = await contextOf(task);
    if (!context) return [];
    const mayDecide = (user: User) => !deciderProblem(user, context);
    if (task.assignee.type === 'user') {
      const user = await deps.store.getUser(task.assignee.id);
      return user && mayDecide(user) ? [user] : [];
    }
    // Reads past the cap so that members who may not decide do not take the places of those who may.
    const members = await deps.store.listGroupMembers(task.assignee.id, { limit: MAX_GROUP_MAILS * 4 });
    return members.filter(mayDecide).slice(0, MAX_GROUP_MAILS);
  }

  async function mail(
    task: NewTask,
    user: User,
    now: number,
    purpose: { key: string; subject: string; lead: string },
  ): Promise<void> {
    const choices = choicesOf(task);
    // Each member's links are bound to them: a forwarded e-mail decides nothing for someone else.
    const { links } = signTaskLinks({
      approvalLinks: deps.approvalLinks,
      task,
      approverId: user.id,
      outcomes: choices.map((c) => c.id),
      origin: deps.linkOrigin(),
      now,
    });
    const instructions = (task.form as { instructions?: string | null }).instructions;
    // The details say what the task is about: the title is the same for every request.
    const details = taskDetailsText(task.form);
    const id = `${task.id}:${purpose.key}:${user.id}`;
    await deps.store.enqueueJob({
      id,
      instanceId: task.instanceId,
      nodeId: task.nodeId,
      action: 'email.sendApprovalEmail',
      input: {
        to: [user.email],
        subject: `${purpose.subject}: ${task.title}`.slice(0, 200),
        intro: `${user.name}, ${purpose.lead}: ${task.title}.${details ? `\n\n${details}` : ''}${instructions ? `\n\n${instructions}` : ''}`,
        choices: choices.map((c) => ({ label: asLabel(c.label), url: links[c.id]! })),
      },
      attempt: 1,
      idempotencyKey: id,
      runAt: now,
      timeoutMs: 30_000,
      // A mail relay that is down for a while must not cost the approver the e-mail (≈ 2 h of tries).
      maxAttempts: 10,
    });
  }

  async function mailAll(
    task: NewTask,
    purpose: { key: string; subject: string; lead: string },
  ): Promise<string[]> {
    const now = deps.clock.now();
    const users = await recipients(task);
    for (const user of users) await mail(task, user, now, purpose);
    return users.map((u) => u.id);
  }

  const mailConfigured = () => deps.vault.has('email', 'default');

  return {
    /** A task was created or handed to someone: one e-mail per approver (a delegate gets their own). */
    async taskCreated(task: NewTask): Promise<void> {
      if (!(await mailConfigured())) return;
      const to = await mailAll(task, wordingOf(task));
      if (to.length > 0) deps.logger.info({ taskId: task.id, to }, 'approval e-mails queued');
    },

    /** The approval's reminder timer fired: the tasks still open are mailed again, with fresh links. */
    async remind(instanceId: string, taskKeys: readonly string[], reminder: number): Promise<void> {
      if (!(await mailConfigured())) {
        deps.logger.warn(
          { instanceId, taskKeys },
          'approval reminder due, but no e-mail connection "default" is set up to send it',
        );
        return;
      }
      for (const key of taskKeys) {
        const task = await deps.store.getTask(taskId(instanceId, key));
        if (task?.status !== 'open') continue;
        const to = await mailAll(task, wordingOf(task, reminder));
        if (to.length > 0) deps.logger.info({ taskId: task.id, to, reminder }, 'approval reminders queued');
      }
    },
  };
}

export type ApprovalMailer = ReturnType<typeof createApprovalMailer>;

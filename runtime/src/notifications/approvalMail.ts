import type { ApprovalLinks } from '../auth/approvalLink';
import type { Clock } from '../clock';
import type { CredentialVault } from '../credentials';
import type { Logger } from '../observability/logger';
import type { NewTask, Store, User } from '../store';
import { signTaskLinks } from '../tasks/taskLinks';

/** A group approval reaches its first members only, so a mis-assigned "everyone" group cannot flood the relay. */
const MAX_GROUP_MAILS = 50;

/**
 * E-mails the approver of a new task (or each active member of the assigned group) signed
 * approve/reject links, through the `email` connector and its `default` connection (nothing is
 * sent when that connection does not exist). Each mail is a job keyed by task and approver, so a
 * re-dispatch after a crash sends it once; the instance ignores its result, and the worker
 * retries a failed send itself.
 */
export function createApprovalMailer(deps: {
  store: Store;
  clock: Clock;
  vault: CredentialVault;
  approvalLinks: ApprovalLinks;
  publicOrigin: () => string;
  logger: Logger;
}) {
  /** The approvers to e-mail: the assignee, or every active member of the assigned group. */
  async function recipients(task: NewTask): Promise<User[]> {
    if (task.assignee.type === 'user') {
      const user = await deps.store.getUser(task.assignee.id);
      return user && !user.disabled ? [user] : [];
    }
    const members = await deps.store.listGroupMembers(task.assignee.id, { limit: MAX_GROUP_MAILS });
    return members.filter((member) => !member.disabled);
  }

  async function mail(task: NewTask, user: User, now: number): Promise<void> {
    // Each member's links are bound to them: a forwarded e-mail decides nothing for someone else.
    const { links } = signTaskLinks({
      approvalLinks: deps.approvalLinks,
      task,
      approverId: user.id,
      outcomes: ['approved', 'rejected'],
      origin: deps.publicOrigin(),
      now,
    });
    const instructions = (task.form as { instructions?: string | null }).instructions;
    await deps.store.enqueueJob({
      // One e-mail per task and approver: a delegate, or each member of a group, gets their own.
      id: `${task.id}:mail:${user.id}`,
      instanceId: task.instanceId,
      nodeId: task.nodeId,
      action: 'email.sendApprovalEmail',
      input: {
        to: user.email,
        subject: `Approval needed: ${task.title}`.slice(0, 200),
        intro: `${user.name}, your decision is needed: ${task.title}.${instructions ? `\n\n${instructions}` : ''}`,
        approveUrl: links['approved']!,
        rejectUrl: links['rejected']!,
      },
      attempt: 1,
      idempotencyKey: `${task.id}:mail:${user.id}`,
      runAt: now,
      timeoutMs: 30_000,
      // A mail relay that is down for a while must not cost the approver the e-mail (≈ 2 h of tries).
      maxAttempts: 10,
    });
  }

  return async function onTaskCreated(task: NewTask): Promise<void> {
    if (!task.outcomes.includes('approved') || !task.outcomes.includes('rejected')) return;
    if (!(await deps.vault.has('email', 'default'))) return;
    const now = deps.clock.now();
    const users = await recipients(task);
    for (const user of users) await mail(task, user, now);
    if (users.length > 0)
      deps.logger.info({ taskId: task.id, to: users.map((u) => u.id) }, 'approval e-mails queued');
  };
}

import type { ApprovalLinks } from '../auth/approvalLink';
import type { Clock } from '../clock';
import type { CredentialVault } from '../credentials';
import type { Logger } from '../observability/logger';
import type { NewTask, Store } from '../store';
import { signTaskLinks } from '../tasks/taskLinks';

/**
 * E-mails an approver a new task with signed approve/reject links, through the `email` connector
 * and its `default` connection (nothing is sent when that connection does not exist). The mail
 * is a job keyed by the task, so a re-dispatch after a crash sends it once; the instance ignores
 * its result, and the worker retries a failed send itself.
 */
export function createApprovalMailer(deps: {
  store: Store;
  clock: Clock;
  vault: CredentialVault;
  approvalLinks: ApprovalLinks;
  publicOrigin: () => string;
  logger: Logger;
}) {
  return async function onTaskCreated(task: NewTask): Promise<void> {
    if (
      task.assignee.type !== 'user' ||
      !task.outcomes.includes('approved') ||
      !task.outcomes.includes('rejected')
    )
      return;
    if (!(await deps.vault.has('email', 'default'))) return;
    const user = await deps.store.getUser(task.assignee.id);
    if (!user || user.disabled) return;
    const now = deps.clock.now();
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
      // One e-mail per task and assignee: a delegate gets their own.
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
    deps.logger.info({ taskId: task.id, to: user.id }, 'approval e-mail queued');
  };
}

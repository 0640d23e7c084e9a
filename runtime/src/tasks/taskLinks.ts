import type { ApprovalLinks } from '../auth/approvalLink';
import type { Task } from '../store';
import { assertAbsoluteOrigin } from './linkOrigin';

/** Links outlive no approval: at most a week, and never past the task's due date. */
const LINK_LIFETIME_MS = 7 * 86_400_000;

/** One signed, single-use link per outcome, bound to this task and approver, absolute at `origin`. */
export function signTaskLinks(options: {
  approvalLinks: ApprovalLinks;
  task: Pick<Task, 'id' | 'dueAt'>;
  approverId: string;
  outcomes: readonly string[];
  origin: string;
  now: number;
}): { links: Record<string, string>; expiresAt: number } {
  const { task, now } = options;
  assertAbsoluteOrigin(options.origin);
  const expiresAt = Math.min(task.dueAt ?? Infinity, now + LINK_LIFETIME_MS);
  const links: Record<string, string> = {};
  for (const decision of options.outcomes) {
    links[decision] =
      `${options.origin}/approve/${options.approvalLinks.sign({ taskId: task.id, approverId: options.approverId, decision, expiresAt }, now)}`;
  }
  return { links, expiresAt };
}

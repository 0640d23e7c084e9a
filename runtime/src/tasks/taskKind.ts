import type { NewTask } from '../store';

/** What a task asks of its assignee: a decision (an approval) or work to do (a manual task). */
export const TASK_KINDS = ['approval', 'manualTask'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/**
 * The kind a task was created as. It is kept in the task's form document (with its fields,
 * instructions and outcomes: how the task is put to people), so tasks stored before manual tasks
 * existed read as approvals and the store's tables did not change.
 */
export function taskKindOf(task: Pick<NewTask, 'form'>): TaskKind {
  const kind = (task.form as { kind?: unknown } | null)?.kind;
  return kind === 'manualTask' ? 'manualTask' : 'approval';
}

import type { Schemas } from '../app/apiClient';

type Policy = Schemas['RetentionPolicy'];
type WorkflowRetention = Schemas['WorkflowRetention'];

const dayCount = (days: number) => (days === 1 ? '1 day' : `${days.toLocaleString('en')} days`);

/** The policy in effect, as a sentence: what happens to an ended instance, and when. */
export function retentionSentence(policy: Policy): string {
  if (policy.endedInstancesDays === null) return 'Ended instances are kept forever.';
  const after = `${dayCount(policy.endedInstancesDays)} after they end`;
  return policy.mode === 'archive'
    ? `Ended instances are written to the audit archive and deleted ${after}.`
    : `Ended instances are deleted ${after}.`;
}

/** Where the policy in effect comes from. */
export function retentionSource(retention: WorkflowRetention): string {
  if (!retention.own) return '(the global policy of this runtime)';
  const when = new Date(retention.own.updatedAt).toISOString().slice(0, 10);
  const who = retention.own.updatedByName ?? 'an administrator';
  return `(this workflow’s own, set by ${who} on ${when})`;
}

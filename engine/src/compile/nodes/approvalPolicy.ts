import type { ApprovalPolicy } from '../../definition/nodes/approval';
import type { ApprovalSlot } from '../context';

/**
 * Whether the decisions so far settle an approval, and how. `approved` counts towards all,
 * quorum and sequence; any other outcome settles at once, except that under a quorum a
 * rejection only settles once the quorum can no longer be reached.
 */
export function settledOutcome(policy: ApprovalPolicy, slots: readonly ApprovalSlot[]): string | undefined {
  const decided = slots.filter((s) => s.status === 'decided');
  const approvals = decided.filter((s) => s.decision?.outcome === 'approved').length;
  const others = decided.filter((s) => s.decision?.outcome !== 'approved');
  switch (policy.type) {
    case 'any':
      return decided[0]?.decision?.outcome;
    case 'all':
    case 'sequence':
      if (others[0]) return others[0].decision!.outcome;
      return approvals === slots.length ? 'approved' : undefined;
    case 'quorum': {
      if (approvals >= policy.count) return 'approved';
      const custom = others.find((s) => s.decision!.outcome !== 'rejected');
      if (custom) return custom.decision!.outcome;
      const stillPossible = slots.length - others.length;
      return stillPossible < policy.count ? 'rejected' : undefined;
    }
  }
}

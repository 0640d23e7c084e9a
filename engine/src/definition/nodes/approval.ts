import { z } from 'zod';
import { DurationOrExpressionSchema } from '../computedDuration';
import { FormFieldSchema } from '../formField';
import { ExpressionSchema, IdentifierSchema } from '../identifiers';
import { nodeBase } from './base';
import { CancelOnSchema } from './cancelOn';
import { TaskDetailsSchema } from './taskDetails';

export const AssigneeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), id: z.string().min(1) }),
  z.object({ type: z.literal('group'), id: z.string().min(1) }),
  /** Evaluates to a user id or a list of user ids, e.g. `input.requester.manager`. */
  z.object({ type: z.literal('expression'), expression: ExpressionSchema }),
]);

export const ApprovalPolicySchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('any') }).meta({ description: 'The first decision decides' }),
    z.object({ type: z.literal('all') }).meta({ description: 'Every assignee must approve' }),
    z.object({ type: z.literal('quorum'), count: z.int().min(1) }).meta({ description: 'count approvals' }),
    z.object({ type: z.literal('sequence') }).meta({ description: 'Assignees approve one after another' }),
  ])
  .meta({ title: 'Approval policy' });

export const OutcomeSchema = z.object({ id: IdentifierSchema, label: z.string().min(1) });

export const DEFAULT_OUTCOMES = [
  { id: 'approved', label: 'Approve' },
  { id: 'rejected', label: 'Reject' },
];

export const ApprovalNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('approval'),
    title: z
      .string()
      .min(1)
      .max(200)
      .meta({ description: 'What approvers see as the task’s title in their inbox' }),
    instructions: z
      .string()
      .max(4000)
      .optional()
      .meta({ description: 'What to check before deciding, shown with the task' }),
    details: TaskDetailsSchema.optional(),
    assignees: z.array(AssigneeSchema).min(1, { message: 'Name at least one approver' }).meta({
      description: 'Who decides: users, groups, or an expression giving user ids (e.g. input.manager)',
    }),
    policy: ApprovalPolicySchema.default({ type: 'any' }),
    /** Extra fields the approver fills; a comment is always offered. */
    form: z
      .array(FormFieldSchema)
      .default([])
      .meta({ description: 'Extra fields the approver fills when deciding; a comment is always offered' }),
    /** Outcomes whose decision must carry a comment. */
    requireCommentOn: z
      .array(IdentifierSchema)
      .default(['rejected'])
      .meta({ description: 'Outcomes whose decision must carry a comment' }),
    /** Outcomes offered to approvers; `approved` is the one that counts towards all/quorum/sequence. */
    outcomes: z.array(OutcomeSchema).min(2).default(DEFAULT_OUTCOMES).meta({
      description:
        'The choices approvers have; each is an exit. “approved” counts towards all, quorum and sequence',
    }),
    due: z
      .object({
        after: DurationOrExpressionSchema,
        /** Escalate along the `timeout` handle, or settle with an outcome. */
        onTimeout: z.discriminatedUnion('type', [
          z.object({ type: z.literal('escalate') }),
          z.object({ type: z.literal('outcome'), outcome: IdentifierSchema }),
        ]),
      })
      .optional()
      .meta({
        description: 'A deadline: when it passes, escalate along the timeout exit or settle with an outcome',
      }),
    reminders: z
      .object({ every: DurationOrExpressionSchema, max: z.int().min(1).max(20).default(3) })
      .optional()
      .meta({ description: 'Remind approvers who have not decided, every so often, at most max times' }),
    allowDelegation: z
      .boolean()
      .default(false)
      .meta({ description: 'An approver may hand the decision to someone else' }),
    /**
     * Segregation of duties: the instance's requester (who started it) may not decide, nor be
     * delegated to, even when named as an approver or a member of an approving group. A task
     * that only the requester could decide becomes an incident.
     */
    segregationOfDuties: z
      .boolean()
      .default(true)
      .meta({ description: 'The requester may not decide their own request (on by default)' }),
    cancelOn: CancelOnSchema.optional(),
  })
  .meta({
    title: 'Approval',
    description: 'Human decision by one or more approvers; one handle per outcome',
  });

export type Assignee = z.infer<typeof AssigneeSchema>;
export type ApprovalPolicy = z.infer<typeof ApprovalPolicySchema>;

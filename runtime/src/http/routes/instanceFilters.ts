import { z } from '@hono/zod-openapi';
import type { InstanceFilter } from '../../store';
import { instant, wholeNumber } from '../queryValues';
import { businessKeyField } from './businessKeyField';

export const InstanceStatusSchema = z.enum(['running', 'completed', 'rejected', 'failed', 'cancelled']);

/**
 * The runs list's filters as query parameters: the list (GET /api/instances) and its exact count
 * (GET /api/instances/count) take the same ones, so a count always describes the list it counts.
 */
export const InstanceFilterQuery = z.object({
  workflowId: z.string().max(64).optional(),
  status: InstanceStatusSchema.optional(),
  startedBy: z.string().max(200).optional(),
  version: wholeNumber({ min: 1, example: 2 }).optional().describe('Only this version (with workflowId)'),
  createdFrom: instant('Started at or after').optional(),
  createdTo: instant('Started before').optional(),
  hasIncident: z
    .enum(['true', 'false'])
    .optional()
    .describe('Only runs with (true) or without (false) an open incident'),
  businessKey: businessKeyField({ emptyIsAbsent: true })
    .optional()
    .describe('Only runs with exactly this business key (case-sensitive)'),
  businessKeyPrefix: businessKeyField({ emptyIsAbsent: true })
    .optional()
    .describe('Only runs whose business key starts with this text (case-sensitive), e.g. INC00123'),
});

/** An empty range is a mistake in the query, not a quiet week: say so. */
export function refuseEmptyRange(
  { createdFrom, createdTo }: { createdFrom?: number | undefined; createdTo?: number | undefined },
  ctx: z.RefinementCtx,
): void {
  if (createdFrom !== undefined && createdTo !== undefined && createdTo <= createdFrom)
    ctx.addIssue({
      code: 'custom',
      path: ['createdTo'],
      message: 'Must be after createdFrom (createdTo itself is not included)',
    });
}

/** The store's filter for the parameters given (absent ones left out). */
export function instanceFilterOf(query: {
  workflowId?: string | undefined;
  status?: InstanceFilter['status'];
  startedBy?: string | undefined;
  version?: number | undefined;
  createdFrom?: number | undefined;
  createdTo?: number | undefined;
  hasIncident?: 'true' | 'false' | boolean | undefined;
  businessKey?: string | undefined;
  businessKeyPrefix?: string | undefined;
}): InstanceFilter {
  const hasIncident = query.hasIncident === undefined ? undefined : String(query.hasIncident) === 'true';
  return {
    ...(query.workflowId ? { workflowId: query.workflowId } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.startedBy ? { startedBy: query.startedBy } : {}),
    ...(query.version !== undefined ? { version: query.version } : {}),
    ...(query.createdFrom !== undefined ? { createdFrom: query.createdFrom } : {}),
    ...(query.createdTo !== undefined ? { createdTo: query.createdTo } : {}),
    ...(hasIncident !== undefined ? { hasIncident } : {}),
    ...(query.businessKey ? { businessKey: query.businessKey } : {}),
    ...(query.businessKeyPrefix ? { businessKeyPrefix: query.businessKeyPrefix } : {}),
  };
}

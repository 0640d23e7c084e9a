import { z } from 'zod';
import { DurationSchema } from '../duration';
import { ExpressionSchema, MappingSchema, WorkflowIdSchema } from '../identifiers';
import { nodeBase } from './base';
import { RetryPolicySchema, TaskNodeSchema } from './task';

/** The most items one visit of a for-each may run, whatever its own limit says. */
export const FOR_EACH_MAX_ITEMS = 1_000;
/** The most items a parallel for-each may run at once. */
export const FOR_EACH_MAX_CONCURRENCY = 50;

const ForEachTaskRunSchema = z
  .object({
    type: z.literal('task'),
    action: TaskNodeSchema.shape.action,
    connection: TaskNodeSchema.shape.connection,
    input: MappingSchema.default({}).meta({
      description: 'Action input field → expression; item and index name the item being run',
    }),
    retry: RetryPolicySchema.default({
      maxAttempts: 3,
      initialDelay: 'PT1S',
      multiplier: 2,
      maxDelay: 'PT5M',
    }),
    timeout: DurationSchema.default('PT30S').meta({
      description: 'How long one attempt for one item may take before it counts as failed',
    }),
  })
  .meta({ title: 'Connector action per item', description: 'Calls the action once for each item' });

const ForEachSubworkflowRunSchema = z
  .object({
    type: z.literal('subworkflow'),
    workflowId: WorkflowIdSchema.meta({ description: 'The published workflow started once per item' }),
    version: z
      .union([z.int().min(1), z.literal('latest')])
      .default('latest')
      .meta({ description: 'A published version number, or latest when each child starts' }),
    input: MappingSchema.default({}).meta({
      description: 'The child’s request form: field → expression; item and index name the item',
    }),
  })
  .meta({
    title: 'Subworkflow per item',
    description: 'Starts the workflow once for each item: the way to run a sub-path per item',
  });

/**
 * Multi-instance, in the shape Camunda gives it: one action run once per item of a list, one
 * after another or several at once, the results collected in item order.
 */
export const ForEachNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('forEach'),
    items: ExpressionSchema.meta({
      description: 'An expression giving the list to run over, e.g. input.groups',
    }),
    run: z
      .discriminatedUnion('type', [ForEachTaskRunSchema, ForEachSubworkflowRunSchema])
      .meta({ description: 'What runs for each item: a connector action or a subworkflow' }),
    mode: z
      .enum(['sequential', 'parallel'])
      .default('sequential')
      .meta({ description: 'One item after another, or several at once (up to the concurrency)' }),
    concurrency: z
      .int()
      .min(1)
      .max(FOR_EACH_MAX_CONCURRENCY)
      .default(5)
      .meta({ description: 'In parallel mode, how many items may run at once' }),
    maxItems: z
      .int()
      .min(1)
      .max(FOR_EACH_MAX_ITEMS)
      .default(100)
      .meta({ description: 'A longer list fails the node (its error handle) before any item runs' }),
    onItemError: z.enum(['fail', 'collect']).default('fail').meta({
      description:
        'fail: an item that fails for good stops the others and takes the error handle; collect: it is kept in the results as failed and the rest go on',
    }),
    /** Workflow variable → expression over `result` ({results, failed}). */
    output: MappingSchema.default({}).meta({
      description: 'Workflow variable → expression over result (results in item order, and failed: how many)',
    }),
  })
  .meta({
    title: 'For each',
    description:
      'Runs a connector action or a subworkflow once per item of a list, in order or in parallel; results in item order',
  });

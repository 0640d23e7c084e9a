import { z } from 'zod';
import { ApprovalNodeSchema } from './nodes/approval';
import { DecisionNodeSchema } from './nodes/decision';
import { EndNodeSchema } from './nodes/end';
import { ForEachNodeSchema } from './nodes/forEach';
import { JoinNodeSchema, ParallelNodeSchema } from './nodes/parallel';
import { ManualTaskNodeSchema } from './nodes/manualTask';
import { SubworkflowNodeSchema } from './nodes/subworkflow';
import { TaskNodeSchema } from './nodes/task';
import { TransformNodeSchema } from './nodes/transform';
import { TriggerNodeSchema } from './nodes/trigger';
import { WaitNodeSchema } from './nodes/wait';

export const NodeSchema = z.discriminatedUnion('kind', [
  TriggerNodeSchema,
  TaskNodeSchema,
  ApprovalNodeSchema,
  ManualTaskNodeSchema,
  DecisionNodeSchema,
  TransformNodeSchema,
  ParallelNodeSchema,
  JoinNodeSchema,
  WaitNodeSchema,
  SubworkflowNodeSchema,
  ForEachNodeSchema,
  EndNodeSchema,
]);

export const NODE_KINDS = NodeSchema.options.map((option) => option.shape.kind.value);

import type { z } from 'zod';
import type { EdgeSchema } from './edge';
import type { NodeSchema } from './nodeSchema';
import type { ApprovalNodeSchema } from './nodes/approval';
import type { DecisionNodeSchema } from './nodes/decision';
import type { EndNodeSchema } from './nodes/end';
import type { ForEachNodeSchema } from './nodes/forEach';
import type { JoinNodeSchema, ParallelNodeSchema } from './nodes/parallel';
import type { ManualTaskNodeSchema } from './nodes/manualTask';
import type { SubworkflowNodeSchema } from './nodes/subworkflow';
import type { TaskNodeSchema } from './nodes/task';
import type { TransformNodeSchema } from './nodes/transform';
import type { TriggerConfigSchema, TriggerNodeSchema, WebhookDeliverySchema } from './nodes/trigger';
import type { WaitConfigSchema, WaitNodeSchema } from './nodes/wait';
import type { LayoutEntrySchema, StickyNoteSchema, VariableSchema, WorkflowDefinitionSchema } from './schema';

/** A parsed definition (defaults applied). */
export type WorkflowDefinition = z.infer<typeof WorkflowDefinitionSchema>;
/** What an author may write (defaults optional). */
export type WorkflowDefinitionInput = z.input<typeof WorkflowDefinitionSchema>;
export type WorkflowNode = z.infer<typeof NodeSchema>;
export type NodeKind = WorkflowNode['kind'];
export type WorkflowEdge = z.infer<typeof EdgeSchema>;
export type Variable = z.infer<typeof VariableSchema>;
export type StickyNote = z.infer<typeof StickyNoteSchema>;
export type LayoutEntry = z.infer<typeof LayoutEntrySchema>;
export type TriggerNode = z.infer<typeof TriggerNodeSchema>;
export type TriggerConfig = z.infer<typeof TriggerConfigSchema>;
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;
export type TaskNode = z.infer<typeof TaskNodeSchema>;
export type ApprovalNode = z.infer<typeof ApprovalNodeSchema>;
export type ManualTaskNode = z.infer<typeof ManualTaskNodeSchema>;
/** A node that gives people tasks: an approval (a decision) or a manual task (work to do). */
export type HumanTaskNode = ApprovalNode | ManualTaskNode;
export type DecisionNode = z.infer<typeof DecisionNodeSchema>;
export type TransformNode = z.infer<typeof TransformNodeSchema>;
export type ParallelNode = z.infer<typeof ParallelNodeSchema>;
export type JoinNode = z.infer<typeof JoinNodeSchema>;
export type WaitNode = z.infer<typeof WaitNodeSchema>;
export type WaitConfig = z.infer<typeof WaitConfigSchema>;
export type SubworkflowNode = z.infer<typeof SubworkflowNodeSchema>;
export type ForEachNode = z.infer<typeof ForEachNodeSchema>;
export type EndNode = z.infer<typeof EndNodeSchema>;
export type NodeOfKind<K extends NodeKind> = Extract<WorkflowNode, { kind: K }>;

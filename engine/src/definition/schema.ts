import { z } from 'zod';
import { EdgeSchema } from './edge';
import { FormFieldSchema } from './formField';
import { IdentifierSchema, WorkflowIdSchema } from './identifiers';
import { NodeSchema } from './nodeSchema';

export const VariableSchema = z.object({
  name: IdentifierSchema,
  type: z.enum(['string', 'number', 'boolean', 'object', 'list', 'any']).default('any'),
  initial: z.json().optional(),
  description: z.string().max(500).optional().meta({ description: 'What it holds, shown in autocomplete' }),
});

export const PositionSchema = z.object({ x: z.number(), y: z.number() });

/**
 * A sticky note on the designer's canvas: text beside the drawing, kept in `layout` under a key
 * that is not a node id (the designer uses `note-1`, `note-2`…, which no node id can be). It has no
 * meaning to the engine.
 */
export const StickyNoteSchema = z
  .object({
    x: z.number(),
    y: z.number(),
    note: z.string().max(10_000),
    width: z.number().positive().optional(),
    height: z.number().positive().optional(),
    color: z.enum(['yellow', 'blue', 'green', 'pink', 'gray']).optional(),
  })
  .meta({ title: 'Sticky note', description: 'Text on the canvas; no meaning to the engine' });

/** A node's position, or a sticky note (it has `note`). */
export const LayoutEntrySchema = z.union([StickyNoteSchema, PositionSchema]);

/** Definition format v1: what the designer saves and the runtime publishes. */
export const WorkflowDefinitionSchema = z
  .object({
    $schema: z.string().optional(),
    schemaVersion: z.literal(1).default(1),
    id: WorkflowIdSchema,
    name: z.string().min(1).max(200),
    description: z
      .string()
      .max(4000)
      .optional()
      .meta({ description: 'What the workflow is for, in a sentence or two' }),
    version: z.int().min(1).default(1),
    /** The form a requester fills; becomes `input` in expressions. */
    input: z
      .array(FormFieldSchema)
      .default([])
      .meta({ description: 'The fields a requester fills; expressions read them as input.<key>' }),
    businessKey: z
      .string()
      .min(1, { message: 'Enter an expression, or leave the business key out' })
      .meta({
        title: 'Expression',
        description:
          'The text operators find each run by, from the request form, e.g. input.ticket (at most 200 characters)',
      })
      .optional(),
    variables: z
      .array(VariableSchema)
      .default([])
      .meta({ description: 'Values steps set and read as vars.<name>' }),
    nodes: z.array(NodeSchema),
    edges: z.array(EdgeSchema).default([]),
    /** Designer positions by node id, and sticky notes by note id; no meaning to the engine. */
    layout: z.record(z.string(), LayoutEntrySchema).default({}),
  })
  .meta({ title: 'Flowline workflow definition', id: 'WorkflowDefinition' });

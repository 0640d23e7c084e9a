import { z } from 'zod';
import { WorkflowDefinitionSchema } from './schema';

/**
 * The JSON Schema of definition format v1, generated from the zod schema (one source of truth),
 * so a definition file gets autocomplete and checks in any editor via its `$schema` key.
 */
export function definitionJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(WorkflowDefinitionSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    ...schema,
    $id: 'https://flowline.dev/schemas/workflow-definition-v1.json',
    title: 'Flowline workflow definition (v1)',
  };
}

import { z } from 'zod';
import { ConnectorDefinitionError } from './definitionError';

/**
 * Refuses, when a connector module loads, a schema the designer and the engine could not use:
 * one zod cannot describe as JSON Schema (a `z.date()`, a transform on the output side, …), or a
 * form (an action's input, settings, credentials) that is not an object. Without this the
 * runtime stopped at start with zod's bare "Date cannot be represented in JSON Schema".
 */
export function checkSchema(
  schema: z.ZodType,
  io: 'input' | 'output',
  what: string,
  { form }: { readonly form: boolean },
): void {
  let json: Record<string, unknown>;
  try {
    json = z.toJSONSchema(schema, { io });
  } catch (error) {
    throw new ConnectorDefinitionError(
      'INVALID_SCHEMA',
      `${what} cannot be described as JSON Schema (${(error as Error).message}); use JSON types ` +
        '(e.g. z.iso.datetime() for a date, no transform on what the action returns)',
    );
  }
  if (form && json['type'] !== 'object') {
    throw new ConnectorDefinitionError(
      'INVALID_SCHEMA',
      `${what} must be a z.object(...): its fields are the form the designer shows`,
    );
  }
}

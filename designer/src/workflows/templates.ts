import '../app/noEval';
import { exampleWorkflows } from '@flowline/examples';
import { parseDefinition, type WorkflowDefinition } from '@flowline/engine';

/** A workflow to start from: one of the examples, as the repository ships them. */
export interface Template {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly steps: number;
  readonly definition: WorkflowDefinition;
}

/**
 * The examples (`@flowline/examples`, the same files `pnpm start` seeds) as templates. This module
 * is loaded lazily (only the New workflow dialog imports it, with `import()`), so the examples'
 * JSON is a chunk of its own and never part of the first load.
 */
export const templates: readonly Template[] = exampleWorkflows.flatMap((example) => {
  const parsed = parseDefinition(example.definition);
  if (!parsed.ok) return [];
  const definition = parsed.value;
  return [
    {
      id: example.id,
      name: definition.name,
      description: definition.description ?? '',
      steps: definition.nodes.length,
      definition,
    },
  ];
});

/** A template's definition as a new workflow's first draft: its own id and name, version 1. */
export function fromTemplate(template: Template, id: string, name: string): WorkflowDefinition {
  return { ...structuredClone(template.definition), id, name, version: 1 };
}

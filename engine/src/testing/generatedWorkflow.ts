import { WorkflowDefinitionSchema } from '../definition/schema';
import type { WorkflowDefinition } from '../definition/types';
import { shapeToDefinition, type Block } from './arbitraries';

/** The repeating unit: a task, an approval with a due date, a decision with a wait, a parallel split. */
const UNIT: readonly Block[] = [
  { kind: 'task', retries: 2 },
  { kind: 'approval', policy: 'any', approvers: 2, rework: false, due: true },
  { kind: 'decision', threshold: 10, branches: [[{ kind: 'task', retries: 1 }], [{ kind: 'wait' }]] },
  { kind: 'parallel', join: 'all', branches: [[{ kind: 'task', retries: 1 }], [{ kind: 'transform' }]] },
];

/**
 * A valid workflow of at least `size` nodes made of a repeated mix of node kinds: the one the
 * designer's benchmarks (model and browser) measure, so their figures compare.
 */
export function generatedWorkflow(size: number): WorkflowDefinition {
  const shape: Block[] = [];
  let definition = WorkflowDefinitionSchema.parse(shapeToDefinition(shape));
  while (definition.nodes.length < size) {
    shape.push(...UNIT);
    definition = WorkflowDefinitionSchema.parse(shapeToDefinition(shape));
  }
  return definition;
}

import type { DurationOrExpression } from './computedDuration';
import type { WorkflowNode } from './types';

/** A field where a step waits for a person or an event: fixed text or `{expression}`. */
export interface DurationField {
  /** Within the node, e.g. ['due', 'after']. */
  readonly path: readonly string[];
  /** As messages name it: `due.after`. */
  readonly field: string;
  readonly value: DurationOrExpression;
}

/**
 * The bounded duration fields a node has. One list, so that a fixed value (checked at publish)
 * and a computed one (checked at publish where constant, and at run time) meet the same rule.
 */
export function durationFields(node: WorkflowNode): DurationField[] {
  const fields: DurationField[] = [];
  const add = (path: readonly string[], value: DurationOrExpression | undefined) => {
    if (value !== undefined) fields.push({ path, field: path.join('.'), value });
  };
  switch (node.kind) {
    case 'approval':
    case 'manualTask':
      add(['due', 'after'], node.due?.after);
      add(['reminders', 'every'], node.reminders?.every);
      break;
    case 'wait':
      if (node.wait.type === 'duration') add(['wait', 'duration'], node.wait.duration);
      if (node.wait.type === 'event') add(['wait', 'timeout'], node.wait.timeout);
      break;
    default:
      break;
  }
  return fields;
}

import type { WorkflowDefinitionInput } from '../src/definition/types';
import { shapeToDefinition, type Block } from '../src/testing';

/**
 * A realistic definition of about `size` nodes: tasks, approvals with due dates, decisions whose
 * branches converge, parallel splits with joins, and waits, in a repeating pattern.
 */
export function generateDefinition(size: number): WorkflowDefinitionInput {
  const pattern: Block[] = [
    { kind: 'task', retries: 3 },
    {
      kind: 'decision',
      threshold: 10,
      branches: [
        [
          { kind: 'task', retries: 2 },
          { kind: 'approval', policy: 'quorum', approvers: 3, rework: false, due: true },
        ],
        [{ kind: 'wait' }],
      ],
    },
    {
      kind: 'parallel',
      join: 'all',
      branches: [
        [{ kind: 'task', retries: 1 }],
        [{ kind: 'approval', policy: 'any', approvers: 2, rework: true, due: true }],
        [{ kind: 'task', retries: 3 }, { kind: 'wait' }],
      ],
    },
    { kind: 'approval', policy: 'sequence', approvers: 2, rework: false, due: true },
  ];
  const shape: Block[] = [];
  let doc = shapeToDefinition(shape);
  while (doc.nodes.length < size) {
    shape.push(...pattern);
    doc = shapeToDefinition(shape);
  }
  return doc;
}

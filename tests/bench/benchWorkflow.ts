import { WorkflowDefinitionSchema, type WorkflowDefinition } from '@flowline/engine';
import { generatedWorkflow } from '@flowline/engine/testing';

/**
 * A generated workflow of about `size` nodes (tasks, approvals with due dates, decisions, event
 * waits, parallel branches: the shape the designer's model benchmark uses), its tasks calling the
 * benchmark connector's `bench.noop`, laid out in columns by distance from the trigger.
 */
export function benchWorkflow(size: number, id: string): WorkflowDefinition {
  const definition = generatedWorkflow(size);
  const nodes = definition.nodes.map((node) =>
    node.kind === 'task' ? { ...node, action: 'bench.noop', input: {} } : node,
  );
  return WorkflowDefinitionSchema.parse({
    ...definition,
    id,
    name: `Benchmark, ${nodes.length} nodes`,
    nodes,
    layout: columns(definition),
  });
}

/** Positions: one column per distance from the trigger (breadth first), nodes stacked in it. */
function columns(definition: WorkflowDefinition): Record<string, { x: number; y: number }> {
  const next = new Map<string, string[]>();
  for (const edge of definition.edges) next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  const depth = new Map<string, number>();
  const start = definition.nodes.find((n) => n.kind === 'trigger')!.id;
  depth.set(start, 0);
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const target of next.get(id) ?? [])
      if (!depth.has(target)) {
        depth.set(target, depth.get(id)! + 1);
        queue.push(target);
      }
  }
  const rows = new Map<number, number>();
  const layout: Record<string, { x: number; y: number }> = {};
  for (const node of definition.nodes) {
    const column = depth.get(node.id) ?? 0;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    layout[node.id] = { x: column * 280, y: row * 200 };
  }
  return layout;
}

import type { WorkflowDefinition, WorkflowEdge, WorkflowNode } from '../definition/types';

/** Adjacency over a definition's nodes and edges; edges to unknown nodes are left out. */
export interface Graph {
  readonly nodes: ReadonlyMap<string, WorkflowNode>;
  readonly nodeIndex: ReadonlyMap<string, number>;
  readonly outgoing: ReadonlyMap<string, readonly WorkflowEdge[]>;
  readonly incoming: ReadonlyMap<string, readonly WorkflowEdge[]>;
}

export function buildGraph(definition: WorkflowDefinition): Graph {
  const nodes = new Map<string, WorkflowNode>();
  const nodeIndex = new Map<string, number>();
  definition.nodes.forEach((node, index) => {
    if (!nodes.has(node.id)) {
      nodes.set(node.id, node);
      nodeIndex.set(node.id, index);
    }
  });
  const outgoing = new Map<string, WorkflowEdge[]>();
  const incoming = new Map<string, WorkflowEdge[]>();
  for (const id of nodes.keys()) {
    outgoing.set(id, []);
    incoming.set(id, []);
  }
  for (const edge of definition.edges) {
    if (!nodes.has(edge.source) || !nodes.has(edge.target)) continue;
    outgoing.get(edge.source)!.push(edge);
    incoming.get(edge.target)!.push(edge);
  }
  return { nodes, nodeIndex, outgoing, incoming };
}

export const successors = (graph: Graph, id: string): string[] =>
  (graph.outgoing.get(id) ?? []).map((e) => e.target);

/** Every node reachable from `start`, start included. */
export function reachableFrom(graph: Graph, start: string): Set<string> {
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0) {
    for (const next of successors(graph, stack.pop()!)) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

/** Every node from which `target` can be reached (its upstream), target excluded. */
export function upstreamOf(graph: Graph, target: string): Set<string> {
  const seen = new Set<string>();
  const stack = [target];
  while (stack.length > 0) {
    for (const edge of graph.incoming.get(stack.pop()!) ?? []) {
      if (!seen.has(edge.source)) {
        seen.add(edge.source);
        stack.push(edge.source);
      }
    }
  }
  seen.delete(target);
  return seen;
}

/**
 * A cycle made only of nodes that do not wait (`keep` false for approvals and waits), as a list
 * of node ids, or undefined. Such a cycle would spin without ever yielding to time or people.
 */
export function findCycle(graph: Graph, keep: (node: WorkflowNode) => boolean): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    state.set(id, 'open');
    path.push(id);
    for (const next of successors(graph, id)) {
      const node = graph.nodes.get(next);
      if (!node || !keep(node)) continue;
      if (state.get(next) === 'open') return path.slice(path.indexOf(next));
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const [id, node] of graph.nodes) {
    if (keep(node) && !state.has(id)) {
      const found = visit(id);
      if (found) return found;
    }
  }
  return undefined;
}

import type { Catalog } from '../catalog';
import type { WorkflowDefinition, WorkflowNode } from '../definition/types';
import { buildGraph, upstreamOf, type Graph } from './graph';
import type { ValidationIssue } from './issue';
import { analyzeStructure, type Structure } from './structure';

/** What every rule reads; built once per validation. */
export interface RuleContext {
  readonly definition: WorkflowDefinition;
  readonly catalog: Catalog;
  readonly graph: Graph;
  readonly trigger: WorkflowNode | undefined;
  readonly structure: Structure;
  /** ['nodes', index] of a node, for issue paths. */
  nodePath(id: string): (string | number)[];
  /** Nodes upstream of `id` (memoised). */
  upstream(id: string): ReadonlySet<string>;
}

export type Rule = (ctx: RuleContext) => ValidationIssue[];

export function createRuleContext(definition: WorkflowDefinition, catalog: Catalog): RuleContext {
  const graph = buildGraph(definition);
  const triggers = definition.nodes.filter((n) => n.kind === 'trigger');
  const trigger = triggers.length === 1 ? triggers[0] : undefined;
  const structure = analyzeStructure(graph, trigger?.id);
  const upstreamCache = new Map<string, Set<string>>();
  return {
    definition,
    catalog,
    graph,
    trigger,
    structure,
    nodePath: (id) => ['nodes', graph.nodeIndex.get(id) ?? -1],
    upstream: (id) => {
      let found = upstreamCache.get(id);
      if (!found) {
        found = upstreamOf(graph, id);
        upstreamCache.set(id, found);
      }
      return found;
    },
  };
}

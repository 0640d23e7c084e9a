import type { Catalog } from '../catalog';
import type { WorkflowDefinition, WorkflowNode } from '../definition/types';
import { EVALUATION_LIMITS, type EvaluationLimits } from '../expression/limits';
import { parseExpression, type ParsedExpression } from '../expression/parse';
import { SCOPES } from '../expression/scope';
import { expressionSites } from '../expression/sites';
import { buildGraph, type Graph } from '../validate/graph';
import { analyzeStructure, type Structure } from '../validate/structure';

/** What the compiled machine's actions and guards read: the definition, pre-parsed. */
export interface CompileModel {
  readonly definition: WorkflowDefinition;
  readonly catalog: Catalog;
  readonly graph: Graph;
  readonly structure: Structure;
  node(id: string): WorkflowNode;
  /** The parsed expression at a definition path such as ['nodes', 3, 'input', 'email']. */
  expression(path: readonly (string | number)[]): ParsedExpression;
  /** What each evaluation, and each step's evaluations together, may do. */
  readonly limits: EvaluationLimits;
}

export const pathKey = (path: readonly (string | number)[]): string => path.join('\u0000');

/** Builds the model of a definition that passed validation (so every expression parses). */
export function createModel(
  definition: WorkflowDefinition,
  catalog: Catalog,
  limits: EvaluationLimits = EVALUATION_LIMITS,
): CompileModel {
  const graph = buildGraph(definition);
  const trigger = definition.nodes.find((n) => n.kind === 'trigger');
  const structure = analyzeStructure(graph, trigger?.id);
  const parsed = new Map<string, ParsedExpression>();
  for (const site of expressionSites(definition)) {
    const result = parseExpression(site.source, SCOPES[site.scope]);
    if (result.ok) parsed.set(pathKey(site.path), result.value);
  }
  return {
    definition,
    catalog,
    graph,
    structure,
    limits,
    node: (id) => {
      const node = graph.nodes.get(id);
      if (!node) throw new Error(`invariant: no node ${id}`);
      return node;
    },
    expression: (path) => {
      const expression = parsed.get(pathKey(path));
      if (!expression) throw new Error(`invariant: no parsed expression at ${path.join('.')}`);
      return expression;
    },
  };
}

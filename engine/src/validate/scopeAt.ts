import type { Catalog } from '../catalog';
import type { WorkflowDefinition } from '../definition/types';
import type { CelType, ObjectType } from '../expression/celTypes';
import type { ScopeName } from '../expression/scope';
import { expressionSites, type ExpressionSite } from '../expression/sites';
import { createRuleContext } from './context';
import { createExpressionTyping } from './rules/expressionTypes';
import { formType } from './scopeTypes';

/** What an expression at one place may read, with the types the validator checks it against. */
export interface ExpressionScope {
  /** Which names the place allows (SCOPES). */
  readonly scope: ScopeName;
  /**
   * The type of each name: `input`, `vars`, `nodes` (only nodes that always run before this
   * place), `now`, and `job`, `result` or `event` where the place has them.
   */
  readonly roots: Readonly<Record<string, CelType>>;
}

const keyOf = (path: readonly (string | number)[]): string => path.join('\u0000');

/**
 * The scope of the expression at `path` of node `nodeId` (a path as in validation issues, e.g.
 * ['nodes', 2, 'input', 'title']), for an editor's autocomplete. A path that holds no expression
 * yet gets the plain step scope of the node. The same types and upstream rule as validation.
 */
export function expressionScopeAt(
  definition: WorkflowDefinition,
  catalog: Catalog,
  nodeId: string,
  path?: readonly (string | number)[],
): ExpressionScope {
  // The business key belongs to no node: it reads the start input only.
  if (path?.length === 1 && path[0] === 'businessKey')
    return { scope: 'businessKey', roots: { input: formType('the request form', definition.input) } };
  const ctx = createRuleContext(definition, catalog);
  const typing = createExpressionTyping(ctx);
  const site: ExpressionSite = (path ? siteAt(definition, path) : undefined) ?? {
    nodeId,
    path: path ?? ctx.nodePath(nodeId),
    source: '',
    scope: 'step',
  };
  const roots = { ...typing.rootsFor(site) };
  const nodes = roots['nodes'];
  if (nodes?.kind === 'object') roots['nodes'] = upstreamOnly(nodes, ctx.upstream(site.nodeId));
  return { scope: site.scope, roots };
}

/**
 * The expression site at a path; for a place that holds no expression yet (a mapping key being
 * added), the site it would be once it does: the same rules (sites.ts) decide its scope.
 */
function siteAt(
  definition: WorkflowDefinition,
  path: readonly (string | number)[],
): ExpressionSite | undefined {
  const key = keyOf(path);
  const find = (d: WorkflowDefinition) => expressionSites(d).find((s) => keyOf(s.path) === key);
  return find(definition) ?? find(withValueAt(definition, path, 'null'));
}

/** A copy with `value` at `path` (objects along the way copied or created). */
function withValueAt<T>(target: T, path: readonly (string | number)[], value: unknown): T {
  const [head, ...rest] = path;
  if (head === undefined) return value as T;
  if (Array.isArray(target)) {
    const copy: unknown[] = [...target];
    copy[Number(head)] = withValueAt(copy[Number(head)], rest, value);
    return copy as T;
  }
  const record = typeof target === 'object' && target !== null ? (target as Record<string, unknown>) : {};
  return { ...record, [head]: withValueAt(record[String(head)], rest, value) } as T;
}

/** The node results an expression at a node can rely on: those of nodes always upstream of it. */
function upstreamOnly(nodes: ObjectType, upstream: ReadonlySet<string>): ObjectType {
  return {
    ...nodes,
    names: () => nodes.names().filter((id) => upstream.has(id)),
    field: (id) => (upstream.has(id) ? nodes.field(id) : undefined),
  };
}

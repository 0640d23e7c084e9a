import { SCOPES, expressionSites, type WorkflowDefinition, type WorkflowNode } from '@flowline/engine';
import { expressionParser } from './expressionParser';
import { setAt } from './paths';

const NODE_REFERENCE = /^(nodes\s*\.\s*)([A-Za-z][A-Za-z0-9_]*)/;

/**
 * A node whose expressions read `nodes.<old>` read `nodes.<new>` instead, for each rename. Only
 * references the engine's parser finds are rewritten (never text in strings); an expression that
 * does not parse is left as it is.
 */
export function renameReferences(node: WorkflowNode, renames: ReadonlyMap<string, string>): WorkflowNode {
  if (renames.size === 0) return node;
  // A reference to a renamed step has its id in the text: other expressions need no parsing.
  const sites = expressionSites({ nodes: [node] } as WorkflowDefinition).filter((site) =>
    [...renames.keys()].some((id) => site.source.includes(id)),
  );
  if (sites.length === 0) return node;
  const parseExpression = expressionParser();
  if (!parseExpression)
    throw new Error('The expression parser is not loaded: run the edit once whenReady(…) has resolved');
  let result = node;
  for (const site of sites) {
    const parsed = parseExpression(site.source, SCOPES[site.scope]);
    if (!parsed.ok) continue;
    const edits = parsed.value.references
      .filter((r) => r.root === 'nodes' && r.path[0] !== undefined && renames.has(r.path[0]))
      .sort((a, b) => b.range.start - a.range.start);
    if (edits.length === 0) continue;
    let source = site.source;
    for (const ref of edits) {
      const text = source.slice(ref.range.start, ref.range.end);
      const renamed = text.replace(
        NODE_REFERENCE,
        (_all, prefix: string, id: string) => prefix + (renames.get(id) ?? id),
      );
      source = source.slice(0, ref.range.start) + renamed + source.slice(ref.range.end);
    }
    result = setAt(result, site.path.slice(2), source);
  }
  return result;
}

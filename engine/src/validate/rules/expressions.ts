import type { Reference } from '../../expression/references';
import { expressionSites, type ExpressionSite } from '../../expression/sites';
import { issue, type ValidationIssue } from '../issue';
import type { RuleContext, Rule } from '../context';
import { createExpressionTyping } from './expressionTypes';

/**
 * Every expression parses, stays in budget, names only fields, variables and upstream nodes
 * that exist, and fits the types of what it reads and where its value goes (expressionTypes.ts).
 */
export const expressions: Rule = (ctx) => {
  const issues: ValidationIssue[] = [];
  const typing = createExpressionTyping(ctx);
  for (const site of expressionSites(ctx.definition)) {
    const parsed = typing.parse(site);
    const where = { nodeId: site.nodeId, path: site.path };
    if (!parsed.ok) {
      issues.push(issue(parsed.error.code, `${parsed.error.message} (in ${describe(site)})`, where));
      continue;
    }
    const before = issues.length;
    for (const ref of parsed.value.references) {
      const problem = checkReference(ctx, site, ref);
      if (problem) issues.push({ ...problem, ...where, path: site.path });
    }
    // A name that does not exist is reported once, above, not again as a type problem.
    if (issues.length === before) issues.push(...typing.check(site, parsed.value));
  }
  return issues;
};

function checkReference(ctx: RuleContext, site: ExpressionSite, ref: Reference): ValidationIssue | undefined {
  const [name] = ref.path;
  if (name === undefined) return undefined;
  const { definition, graph } = ctx;
  if (ref.root === 'input' && !definition.input.some((f) => f.key === name)) {
    const known = definition.input.map((f) => f.key).join(', ') || 'none';
    return issue('UNKNOWN_FIELD', `The request form has no field "${name}" (fields: ${known})`);
  }
  if (ref.root === 'vars' && !definition.variables.some((v) => v.name === name)) {
    return issue(
      'UNKNOWN_VARIABLE',
      `There is no variable "${name}"; declare it in the workflow's variables`,
    );
  }
  if (ref.root === 'nodes') {
    const target = graph.nodes.get(name);
    if (!target) return issue('UNKNOWN_NODE_REFERENCE', `There is no node with the id "${name}"`);
    if (!ctx.upstream(site.nodeId).has(name)) {
      return issue(
        'NODE_NOT_UPSTREAM',
        `"${target.name}" does not always run before this point, so its result may not exist here`,
      );
    }
  }
  return undefined;
}

const describe = (site: ExpressionSite): string => site.path.slice(2).join('.');

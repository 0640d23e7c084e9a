import { parseExpression } from '../../expression/parse';
import type { Reference } from '../../expression/references';
import { SCOPES } from '../../expression/scope';
import { expressionSites, type ExpressionSite } from '../../expression/sites';
import { issue, type ValidationIssue } from '../issue';
import type { RuleContext, Rule } from '../context';

/** Every expression parses, stays in budget, and names only fields, variables and upstream nodes that exist. */
export const expressions: Rule = (ctx) => {
  const issues: ValidationIssue[] = [];
  for (const site of expressionSites(ctx.definition)) {
    const parsed = parseExpression(site.source, SCOPES[site.scope]);
    const where = { nodeId: site.nodeId, path: site.path };
    if (!parsed.ok) {
      issues.push(issue(parsed.error.code, `${parsed.error.message} (in ${describe(site)})`, where));
      continue;
    }
    if (site.boolean && parsed.value.type !== 'bool' && parsed.value.type !== 'dyn') {
      issues.push(
        issue(
          'EXPRESSION_TYPE',
          `A condition must be true or false, but this one gives a ${parsed.value.type}`,
          where,
        ),
      );
    }
    for (const ref of parsed.value.references) {
      const problem = checkReference(ctx, site, ref);
      if (problem) issues.push({ ...problem, ...where, path: site.path });
    }
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
  if (ref.root === 'job' && name !== 'idempotencyKey') {
    return issue('UNKNOWN_FIELD', `A job has no "${name}" here (it has: idempotencyKey)`);
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

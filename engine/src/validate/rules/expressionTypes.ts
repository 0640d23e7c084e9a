import { findCatalogAction } from '../../catalog';
import { computedDurationMs } from '../../definition/computedDuration';
import type { FormField } from '../../definition/formField';
import type { Variable } from '../../definition/types';
import { DYN, describeType, storedType, type CelType, type Kind } from '../../expression/celTypes';
import { constantFailures } from '../../expression/constantFold';
import type { ExpressionIssue } from '../../expression/issue';
import { jsonSchemaType } from '../../expression/jsonSchemaType';
import { knownResults } from '../../expression/knownResults';
import { parseExpression, type ParsedExpression } from '../../expression/parse';
import { SCOPES } from '../../expression/scope';
import { expressionSites, type ExpressionSite } from '../../expression/sites';
import { checkTypes } from '../../expression/typeCheck';
import type { Result } from '../../result';
import type { RuleContext } from '../context';
import { issue, type ValidationIssue } from '../issue';
import { createScopeTypes } from '../scopeTypes';

type Path = readonly (string | number)[];
const keyOf = (path: Path): string => path.join('\u0000');

/**
 * Type checking for the expressions rule: each expression is checked against the types of what
 * it reads (scopeTypes.ts), its constant parts are evaluated, and what it gives must fit where
 * it goes (a condition, a variable, a form field, a wait, an approver, a correlation key).
 * Parses are shared, so a transform's results can be typed from its own expressions.
 */
export function createExpressionTyping(ctx: RuleContext) {
  const parsed = new Map<string, Result<ParsedExpression, ExpressionIssue>>();
  const inferred = new Map<string, CelType>();
  let sites: Map<string, ExpressionSite> | undefined;

  // Only expressions another one's type depends on (a transform's sets, a task's inputs) are
  // kept; the common case parses each expression once and keeps nothing.
  const parse = (site: ExpressionSite): Result<ParsedExpression, ExpressionIssue> =>
    (parsed.size > 0 ? parsed.get(keyOf(site.path)) : undefined) ??
    parseExpression(site.source, SCOPES[site.scope]);

  /** The inferred type of the expression at a path (dyn when it does not parse). */
  const typeAt = (path: Path): CelType => {
    const key = keyOf(path);
    const known = inferred.get(key);
    if (known) return known;
    sites ??= new Map(expressionSites(ctx.definition).map((s) => [keyOf(s.path), s]));
    const site = sites.get(key);
    const result = site ? parse(site) : undefined;
    if (result) parsed.set(key, result);
    inferred.set(key, DYN); // an expression that (indirectly) reads itself stays dyn
    const type = site && result?.ok ? checkTypes(result.value.ast, scope.rootsFor(site)).type : DYN;
    inferred.set(key, type);
    return type;
  };

  const scope = createScopeTypes(ctx, typeAt);

  /** Every issue the types and constant parts of one parsed expression show. */
  const check = (site: ExpressionSite, expression: ParsedExpression): ValidationIssue[] => {
    const at = { nodeId: site.nodeId, path: site.path };
    const { type, findings } = checkTypes(expression.ast, scope.rootsFor(site));
    const issues = findings.map((f) => issue(f.code, f.message, { ...at, range: f.range }, f.severity));
    for (const failure of constantFailures(expression.ast, expression.roots))
      issues.push(issue('EXPRESSION_FAILED', failure.message, { ...at, range: failure.range }));
    if (issues.some((i) => i.severity === 'error')) return issues;
    const misfit = destinationProblem(ctx, site, type);
    if (misfit) issues.push(issue(misfit.code, misfit.message, at, misfit.severity));
    else if (site.duration !== undefined) issues.push(...knownDurationProblems(site, expression));
    return issues;
  };

  return { parse, check, rootsFor: scope.rootsFor };
}

export type ExpressionTyping = ReturnType<typeof createExpressionTyping>;

/** Whether a value of this type can land where the site's result goes; an issue when it never can. */
function destinationProblem(
  ctx: RuleContext,
  site: ExpressionSite,
  type: CelType,
): ValidationIssue | undefined {
  const node = ctx.graph.nodes.get(site.nodeId);
  if (!node) return undefined;
  const [, , part, key, last] = site.path;
  const stored = storedType(type);
  const gives = describeType(type);
  if (site.duration !== undefined)
    return fits(type, ['string'])
      ? undefined
      : issue(
          'EXPRESSION_TYPE',
          `${site.duration} must give an ISO-8601 duration as text, such as "PT4H", but this gives ${gives}`,
        );
  if (site.boolean)
    return fits(type, ['bool', 'null'])
      ? undefined
      : issue('EXPRESSION_TYPE', `A condition must be true or false, but this one gives ${gives}`);
  if (part === 'cancelOn')
    return fits(stored, ['string', 'double'])
      ? undefined
      : issue('EXPRESSION_TYPE', `A correlation key must be text or a number, but this gives ${gives}`);
  switch (node.kind) {
    case 'transform':
    case 'task':
    case 'subworkflow':
      if (part === 'set' || part === 'output')
        return variableWrite(ctx, node.name, String(key), stored, gives);
      if (node.kind === 'task' && part === 'input')
        return actionInput(ctx, node.action, String(key), stored, gives);
      return undefined;
    case 'forEach':
      if (part === 'items')
        return fits(type, ['list', 'null'])
          ? undefined
          : issue(
              'EXPRESSION_TYPE',
              `"${node.name}" runs over a list, but its items expression gives ${gives}`,
            );
      if (part === 'output') return variableWrite(ctx, node.name, String(key), stored, gives);
      if (part === 'run' && key === 'input' && node.run.type === 'task')
        return actionInput(ctx, node.run.action, String(last), stored, gives);
      return undefined;
    case 'wait':
      if (key === 'output') return variableWrite(ctx, node.name, String(last), stored, gives);
      if (key === 'until' && !fits(type, ['timestamp', 'string']))
        return issue(
          'EXPRESSION_TYPE',
          `A wait until needs a timestamp (or date-and-time text), but this gives ${gives}`,
        );
      if (key === 'correlationKey' && !fits(stored, ['string', 'double']))
        return issue(
          'EXPRESSION_TYPE',
          `A correlation key must be text or a number, but this gives ${gives}`,
        );
      return undefined;
    case 'approval':
    case 'manualTask':
      // Details show any value; only an assignee must be user ids.
      if (
        part === 'assignees' &&
        !fits(stored, ['string']) &&
        !(stored.kind === 'list' && fits(stored.of, ['string']))
      )
        return issue(
          'EXPRESSION_TYPE',
          `An ${node.kind === 'approval' ? 'approver' : 'assignee'} expression must give a user id or a list of them, but this gives ${gives}`,
        );
      return undefined;
    case 'trigger':
      if (key === 'deliver')
        return last === 'correlationKey' && !fits(stored, ['string', 'double'])
          ? issue('EXPRESSION_TYPE', `A correlation key must be text or a number, but this gives ${gives}`)
          : undefined;
      return key === 'input' ? triggerInput(ctx, node.trigger.type, String(last), stored, gives) : undefined;
    default:
      return undefined;
  }
}

/**
 * The durations an expression gives without reading data (the whole of `"PT4H"`, the branches
 * of `input.p == "P1" ? "PT15M" : "PT8H"`) are checked as the run would check them.
 */
function knownDurationProblems(site: ExpressionSite, expression: ParsedExpression): ValidationIssue[] {
  const field = site.duration!;
  return knownResults(expression.ast, expression.roots).flatMap(({ value, range }) => {
    const checked = computedDurationMs(field, value);
    return checked.ok
      ? []
      : [issue('INVALID_DURATION', checked.error, { nodeId: site.nodeId, path: site.path, range })];
  });
}

const fits = (type: CelType, kinds: readonly Kind[]): boolean =>
  type.kind === 'dyn' || kinds.includes(type.kind);

/** The JSON kind a declared variable type holds. */
const VARIABLE_KINDS: Readonly<Record<Variable['type'], readonly Kind[] | undefined>> = {
  string: ['string'],
  number: ['double'],
  boolean: ['bool'],
  object: ['map', 'object'],
  list: ['list'],
  any: undefined,
};

function variableWrite(ctx: RuleContext, nodeName: string, name: string, stored: CelType, gives: string) {
  const variable = ctx.definition.variables.find((v) => v.name === name);
  const kinds = variable && VARIABLE_KINDS[variable.type];
  if (!kinds || fits(stored, [...kinds, 'null'])) return undefined;
  return issue(
    'VARIABLE_TYPE',
    `"${nodeName}" stores ${gives} in "${name}", which is declared as ${variable.type}`,
  );
}

function formFieldKinds(field: FormField): readonly Kind[] {
  switch (field.type) {
    case 'number':
    case 'integer':
      return ['double'];
    case 'boolean':
      return ['bool'];
    case 'multiselect':
      return ['list'];
    default:
      return ['string'];
  }
}

/** A trigger's input mapping fills the request form: only its fields, with values of their types. */
function triggerInput(ctx: RuleContext, trigger: string, key: string, stored: CelType, gives: string) {
  const field = ctx.definition.input.find((f) => f.key === key);
  // Cron input is trusted as it is; webhook and event input is checked against the form at start.
  const refused = trigger !== 'cron';
  if (!field)
    return issue(
      'UNKNOWN_FIELD',
      refused
        ? `The request form has no field "${key}", so every start would be refused`
        : `The request form has no field "${key}", so no expression can read it`,
      {},
      refused ? 'error' : 'warning',
    );
  if (fits(stored, [...formFieldKinds(field), 'null'])) return undefined;
  return issue('EXPRESSION_TYPE', `The form field "${key}" is ${field.type}, but this gives ${gives}`);
}

/**
 * A task input whose type never fits the action's input schema. A warning: a connector may
 * convert what it is given (the schema does not say), so the call is not certain to fail.
 */
function actionInput(ctx: RuleContext, action: string, key: string, stored: CelType, gives: string) {
  const found = findCatalogAction(ctx.catalog, action);
  const properties = found?.input['properties'];
  if (!properties || typeof properties !== 'object') return undefined;
  const expected = jsonSchemaType((properties as Record<string, unknown>)[key], action);
  if (expected.kind === 'dyn' || expected.kind === 'null') return undefined;
  const kinds: Kind[] =
    expected.kind === 'object' || expected.kind === 'map' ? ['map', 'object'] : [expected.kind];
  if (fits(stored, [...kinds, 'null'])) return undefined;
  return issue(
    'EXPRESSION_TYPE',
    `${action} takes ${describeType(expected)} as "${key}", but this gives ${gives}`,
    {},
    'warning',
  );
}

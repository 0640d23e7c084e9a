import { serialize, type ASTNode } from '@marcbachmann/cel-js';
import { evaluateExpression } from './evaluate';
import { MACROS } from './limits';
import { parseExpression } from './parse';

/** A part of an expression that reads nothing and fails every time it is evaluated. */
export interface ConstantFailure {
  readonly message: string;
  readonly range: { readonly start: number; readonly end: number };
}

/**
 * Evaluates every largest part of an expression that reads no name (`1/0`, `int("x")`,
 * `[1][5]`, `9223372036854775807 + 1`) and reports those that fail: they would fail on every
 * instance. Parts with comprehensions or cel.bind are left alone, so the work stays linear in
 * the expression's size. A constant part that fails inside one that works (`false && 1/0 == 1`)
 * is not reported: there the failure never shows.
 */
export function constantFailures(ast: ASTNode, roots: readonly string[]): ConstantFailure[] {
  const failures: ConstantFailure[] = [];
  const check = (node: ASTNode): void => {
    if (node.op === 'value') return;
    const failure = evaluateConstant(node, roots);
    if (failure) failures.push({ message: failure, range: { start: node.start, end: node.end } });
  };
  // Post-order: whether a part is constant; the largest constant parts are evaluated.
  const constant = (node: ASTNode): boolean => {
    const parts = children(node);
    const flags = parts.map(constant);
    const readsNothing =
      node.op !== 'id' &&
      !(node.op === 'rcall' && MACROS.has(node.args[0]) && node.args[2][0]?.op === 'id') &&
      !(node.op === 'call' && node.args[0] === 'has') &&
      flags.every(Boolean);
    if (!readsNothing) parts.forEach((part, i) => flags[i] && check(part));
    return readsNothing;
  };
  if (constant(ast)) check(ast);
  return failures;
}

function children(node: ASTNode): ASTNode[] {
  switch (node.op) {
    case 'value':
    case 'id':
      return [];
    case '.':
    case '.?':
      return [node.args[0]];
    case 'call':
      return [...node.args[1]];
    case 'rcall':
      return [node.args[1], ...node.args[2]];
    case 'list':
      return [...node.args];
    case 'map':
      return node.args.flatMap(([k, v]) => [k, v]);
    case '!_':
    case '-_':
      return [node.args];
    default:
      return [...(node.args as readonly ASTNode[])];
  }
}

/** Same source, same outcome: keystroke validation does not evaluate a part twice. */
const outcomes = new Map<string, string | null>();
const MAX_REMEMBERED = 500;

function evaluateConstant(node: ASTNode, roots: readonly string[]): string | undefined {
  let source: string;
  try {
    source = serialize(node);
  } catch {
    return undefined;
  }
  let outcome = outcomes.get(source);
  if (outcome === undefined) {
    const parsed = parseExpression(source, roots);
    // A part that does not parse alone (it should) is left to the run-time checks.
    const result = parsed.ok ? evaluateExpression(parsed.value, {}) : undefined;
    outcome = result && !result.ok ? result.error.message : null;
    if (outcomes.size >= MAX_REMEMBERED) outcomes.delete(outcomes.keys().next().value!);
    outcomes.set(source, outcome);
  }
  return outcome === null ? undefined : `${source} always fails: ${outcome}`;
}

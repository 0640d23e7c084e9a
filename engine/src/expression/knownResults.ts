import { serialize, type ASTNode } from '@marcbachmann/cel-js';
import { evaluateExpression } from './evaluate';
import { parseExpression } from './parse';

/** A value an expression gives on some runs, known without the run's data. */
export interface KnownResult {
  readonly value: unknown;
  readonly range: { readonly start: number; readonly end: number };
}

/**
 * The results of an expression that read no name: the whole expression when it is constant
 * (`"PT4H"`), else the constant branches of its conditionals (`input.p == "P1" ? "PT15M" :
 * "PT8H"` gives both literals). Publishing can then check them as values; a branch that reads
 * data is left to the run. A constant part that fails is not here (constantFold.ts reports it).
 */
export function knownResults(ast: ASTNode, roots: readonly string[]): KnownResult[] {
  const out: KnownResult[] = [];
  const visit = (node: ASTNode): void => {
    if (node.op === '?:') {
      visit(node.args[1]);
      visit(node.args[2]);
      return;
    }
    if (readsName(node)) return;
    const value = constantValue(node, roots);
    if (value) out.push({ value: value.value, range: { start: node.start, end: node.end } });
  };
  visit(ast);
  return out;
}

function readsName(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(readsName);
  if (typeof node !== 'object' || node === null || !('op' in node)) return false;
  const { op, args } = node as { op: string; args: unknown };
  return op === 'id' || readsName(args);
}

function constantValue(node: ASTNode, roots: readonly string[]): { value: unknown } | undefined {
  if (node.op === 'value' && typeof node.args === 'string') return { value: node.args };
  let source: string;
  try {
    source = serialize(node);
  } catch {
    return undefined;
  }
  const parsed = parseExpression(source, roots);
  const result = parsed.ok ? evaluateExpression(parsed.value, {}) : undefined;
  return result?.ok ? { value: result.value } : undefined;
}

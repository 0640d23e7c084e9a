import type { ASTNode } from '@marcbachmann/cel-js';
import { FORBIDDEN_FUNCTIONS, MACROS } from './limits';

/** A name an expression reads: `input.amount` → { root: 'input', path: ['amount'] }. */
export interface Reference {
  readonly root: string;
  readonly path: readonly string[];
  readonly range: { readonly start: number; readonly end: number };
}

export interface ExpressionShape {
  readonly references: readonly Reference[];
  readonly forbiddenCalls: readonly { name: string; range: { start: number; end: number } }[];
  readonly macroCount: number;
  readonly macroNesting: number;
}

/** Walks a parsed expression once: names read (outside macro-bound ones), forbidden calls, macros. */
export function shapeOf(ast: ASTNode): ExpressionShape {
  const references: Reference[] = [];
  const forbiddenCalls: { name: string; range: { start: number; end: number } }[] = [];
  let macroCount = 0;
  let macroNesting = 0;

  const visit = (node: ASTNode, bound: ReadonlySet<string>, nesting: number): void => {
    const chain = accessChain(node);
    if (chain) {
      if (!bound.has(chain.root)) references.push({ ...chain, range: { start: node.start, end: node.end } });
      return;
    }
    switch (node.op) {
      case 'value':
        return;
      case 'id':
        return;
      case '.':
      case '.?':
        visit(node.args[0], bound, nesting);
        return;
      case 'call': {
        const [name, args] = node.args;
        if (FORBIDDEN_FUNCTIONS.has(name))
          forbiddenCalls.push({ name, range: { start: node.start, end: node.end } });
        for (const arg of args) visit(arg, bound, nesting);
        return;
      }
      case 'rcall': {
        const [name, receiver, args] = node.args;
        if (FORBIDDEN_FUNCTIONS.has(name))
          forbiddenCalls.push({ name, range: { start: node.start, end: node.end } });
        const first = args[0];
        if (MACROS.has(name) && first?.op === 'id') {
          macroCount += 1;
          macroNesting = Math.max(macroNesting, nesting + 1);
          const inner = new Set(bound).add(first.args);
          if (!(name === 'bind' && receiver.op === 'id' && receiver.args === 'cel'))
            visit(receiver, bound, nesting);
          args.slice(1).forEach((arg, i) =>
            // cel.bind's value is evaluated once, outside the bound scope; its body is not a loop.
            name === 'bind' && i === 0
              ? visit(arg, bound, nesting)
              : visit(arg, inner, nesting + (name === 'bind' ? 0 : 1)),
          );
          return;
        }
        visit(receiver, bound, nesting);
        for (const arg of args) visit(arg, bound, nesting);
        return;
      }
      case 'list':
        for (const item of node.args) visit(item, bound, nesting);
        return;
      case 'map':
        for (const [k, v] of node.args) {
          visit(k, bound, nesting);
          visit(v, bound, nesting);
        }
        return;
      case '!_':
      case '-_':
        visit(node.args, bound, nesting);
        return;
      default:
        for (const arg of node.args as readonly ASTNode[]) visit(arg, bound, nesting);
    }
  };

  visit(ast, new Set(), 0);
  return { references, forbiddenCalls, macroCount, macroNesting };
}

/** `a.b.c` or `a["b"].c` → root a, path [b, c]; undefined when the node is not such a chain. */
function accessChain(node: ASTNode): { root: string; path: string[] } | undefined {
  const path: string[] = [];
  let current: ASTNode = node;
  for (;;) {
    if (current.op === 'id') return { root: current.args, path: path.reverse() };
    if (current.op === '.' || current.op === '.?') {
      path.push(current.args[1]);
      current = current.args[0];
      continue;
    }
    if (current.op === '[]' || current.op === '[?]') {
      const [target, index] = current.args;
      if (index.op !== 'value' || typeof index.args !== 'string') return undefined;
      path.push(index.args);
      current = target;
      continue;
    }
    return undefined;
  }
}

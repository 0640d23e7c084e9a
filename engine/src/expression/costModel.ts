import type { ASTNode } from '@marcbachmann/cel-js';
import { FUNCTION_GUARDS, METHOD_GUARDS, type CallGuard } from './costlyCalls';
import { Charge, COST, currentMeter, weight, type MeteredNode } from './meter';

/**
 * The parts of a checked cel-js 8.0.0 AST node that costModel reads (internals: the version is
 * pinned exactly, and expression.test.ts fails if the meter stops counting).
 */
interface InternalNode extends MeteredNode {
  readonly args: unknown;
  readonly meta: {
    readonly alternate?: InternalNode;
    readonly macro?: {
      readonly val?: InternalNode;
      readonly exp?: InternalNode;
      readonly macroHasProps?: readonly InternalNode[];
    };
  };
  handle?: (args: readonly unknown[], a: unknown, b: unknown) => unknown;
}

interface Comprehension {
  readonly iterable: InternalNode;
  readonly init: InternalNode;
  readonly step: InternalNode;
  readonly kind?: string;
  readonly errorsAreFatal?: boolean;
  readonly condition?: (accu: unknown) => boolean;
}

/**
 * Operations per evaluation, by kind of node: close to what each costs next to the plainest node
 * (a literal), measured with `pnpm bench`. Operators and accesses on dynamic values look up
 * overloads and field shapes; calls look up overloads by runtime types; a comprehension step
 * carries the loop's own work.
 */
const PLAIN = weight(1);
const ACCESS = weight(2);
const OPERATOR = weight(2);
const CALL = weight(4);
const STEP = weight(2);

const BINARY = new Set(['==', '!=', '<', '<=', '>', '>=', 'in', '+', '-', '*', '/', '%']);

/**
 * Decides, once per parsed and checked expression, how each node's evaluation is charged (see
 * Cost in meter.ts) and puts guards in front of costly library calls. The rule that keeps the
 * count an upper bound of the work: every value a node yields is charged its size when it is
 * produced or read whole (a variable, a field, an operator's or function's result), so whatever
 * consumes it linearly has been paid for; a value only looked into by a parent access (`a.b`,
 * `a[i]`) is not, as the access does constant work whatever its size.
 */
export function prepareForMetering(root: ASTNode): void {
  visit(root as unknown as InternalNode, false);
}

function visit(node: InternalNode, navigated: boolean): void {
  const { alternate, macro } = node.meta;
  if (alternate) {
    // A constant (its value node) or a macro expanded into a comprehension.
    node[COST] = Charge.pass | PLAIN;
    if (alternate.op === 'comprehension') visitComprehension(alternate);
    return;
  }
  if (macro) {
    // cel.bind(name, value, body) or has(a.b.c): the macro evaluates these nodes.
    node[COST] = Charge.pass | PLAIN;
    if (macro.val) visit(macro.val, false);
    if (macro.exp) visit(macro.exp, false);
    const root = macro.macroHasProps?.at(-1);
    if (root) visit(root, true);
    return;
  }
  const args = node.args;
  switch (node.op) {
    case 'id':
      node[COST] = (navigated ? Charge.pass : Charge.measure) | PLAIN;
      return;
    case 'value':
      node[COST] = Charge.measure | PLAIN;
      return;
    case '.':
    case '.?':
      node[COST] = (navigated ? Charge.pass : Charge.measure) | ACCESS;
      visit((args as [InternalNode])[0], true);
      return;
    case '[]':
    case '[?]': {
      const [target, index] = args as [InternalNode, InternalNode];
      node[COST] = (navigated ? Charge.pass : Charge.measure) | ACCESS;
      visit(target, true);
      visit(index, false);
      return;
    }
    case 'list':
    case '?:':
    case '||':
    case '&&':
      node[COST] = Charge.pass | PLAIN;
      for (const child of args as InternalNode[]) visit(child, false);
      return;
    case 'map':
      node[COST] = Charge.pass | PLAIN;
      for (const [key, value] of args as [InternalNode, InternalNode][]) {
        visit(key, false);
        visit(value, false);
      }
      return;
    case '!_':
    case '-_':
      node[COST] = Charge.measure | OPERATOR;
      visit(args as InternalNode, false);
      return;
    case 'call': {
      const [name, callArgs] = args as [string, InternalNode[]];
      node[COST] = Charge.measure | CALL;
      for (const child of callArgs) visit(child, false);
      guard(node, FUNCTION_GUARDS[name]);
      return;
    }
    case 'rcall': {
      const [name, receiver, callArgs] = args as [string, InternalNode, InternalNode[]];
      node[COST] = Charge.measure | CALL;
      visit(receiver, false);
      for (const child of callArgs) visit(child, false);
      guard(node, METHOD_GUARDS[name]);
      return;
    }
    default:
      // Binary operators; anything unknown keeps the default (measure, weight 1).
      if (!BINARY.has(node.op)) return;
      node[COST] = Charge.measure | OPERATOR;
      for (const child of args as InternalNode[]) visit(child, false);
  }
}

function visitComprehension(node: InternalNode): void {
  const args = node.args as Comprehension;
  visit(args.iterable, false);
  visit(args.init, false);
  visitStep(args.step);
  // The step runs once per item: it also carries the loop's own work.
  const charge = (args.step[COST] ?? Charge.measure) & 7;
  args.step[COST] = charge | STEP;
  if (args.kind === 'quantifier' && !args.errorsAreFatal && args.condition) {
    // all() goes on while its accumulator is true, exists() while it is false: once the meter is
    // exhausted the step yields the value that stops the loop instead of one error per item.
    args.step[COST] = (args.condition(true) ? Charge.stepOfAll : Charge.stepOfExists) | STEP;
  }
}

/** A comprehension's step: the accumulator moves through it, so only pushes are charged. */
function visitStep(node: InternalNode): void {
  switch (node.op) {
    case 'accuValue':
    case 'accuInc':
      node[COST] = Charge.pass | PLAIN;
      return;
    case 'accuPush':
      node[COST] = Charge.push | PLAIN;
      visit(node.args as InternalNode, false);
      return;
    case '?:': {
      const [condition, then, otherwise] = node.args as [InternalNode, InternalNode, InternalNode];
      node[COST] = Charge.pass | PLAIN;
      visit(condition, false);
      visitStep(then);
      visitStep(otherwise);
      return;
    }
    default:
      visit(node, false);
  }
}

function guard(node: InternalNode, check: CallGuard | undefined): void {
  const inner = node.handle;
  if (!check || !inner) return;
  node.handle = (args, a, b) => {
    check(args, currentMeter(), node);
    return inner(args, a, b);
  };
}

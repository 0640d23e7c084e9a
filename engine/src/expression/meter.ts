import type { EvaluationLimits } from './limits';
import { sizeOf, ValueTooLarge } from './valueSize';

/**
 * Counts what one evaluation does, while it runs, and stops it the moment it goes over. The CEL
 * library evaluates every child node through `evaluator.run(node, ctx)`; celEnvironment.ts
 * replaces `run` on the evaluator instance of our own environments with `meteredRun` below, so
 * every node evaluation (macro bodies included: a comprehension runs its step once per item) is
 * counted. Evaluation is synchronous, so the meter of the evaluation in progress is a module
 * variable set for its duration.
 */
export interface Meter {
  /** Operations counted so far. */
  ops: number;
  /** Operations at which the evaluation stops (its own cap, or what its step has left). */
  readonly limit: number;
  readonly limits: EvaluationLimits;
  /** Set once exhausted; from then on every node throws at entry (see meteredRun). */
  exhausted: Exhaustion | undefined;
  /** Approximate JSON size of objects already measured in this evaluation. */
  sizes: WeakMap<object, number> | undefined;
  /** True when `limit` is what the step (not this expression) had left. */
  readonly stepBound: boolean;
}

export interface Exhaustion {
  readonly message: string;
  readonly range?: { readonly start: number; readonly end: number };
}

/**
 * How a node's evaluation is charged, set per node by costModel.ts: what to do with its value
 * (the low three bits) and how many operations its evaluation itself counts (the rest), e.g.
 * `Charge.measure | weight(4)` for a function call. A node without one is `measure`, weight 1.
 */
export const COST = Symbol('flowline.cost');
export const Charge = {
  /** Charge the value it yields by its size (valueSize.ts), and hold it to the size limits. */
  measure: 0,
  /** Nothing more: it yields a value a child yielded and was charged for, a small literal, or a
   * value only looked into by a parent access (`a.b`: constant work whatever the size of `a`). */
  pass: 1,
  /** A comprehension's push: the list it grows is held to maxListLength. */
  push: 2,
  /** The step of all(): yields false once the meter is exhausted, which ends the loop. */
  stepOfAll: 3,
  /** The step of exists(): yields true once the meter is exhausted, which ends the loop. */
  stepOfExists: 4,
} as const;
export type Charge = (typeof Charge)[keyof typeof Charge];
export const weight = (operations: number): number => operations << 3;
const DEFAULT_COST = Charge.measure | weight(1);
const MEASURE = Charge.measure;
const PUSH = Charge.push;
const STEP_OF_ALL = Charge.stepOfAll;
const STEP_OF_EXISTS = Charge.stepOfExists;

/** The parts of a cel-js 8.0.0 AST node the meter uses (the version is pinned exactly). */
export interface MeteredNode {
  readonly op: string;
  readonly start: number;
  readonly end: number;
  evaluate(evaluator: unknown, node: MeteredNode, ctx: unknown): unknown;
  [COST]?: number;
}

/**
 * Thrown (always this one instance: cheap) once a meter is exhausted. CEL's `||`, `&&`, all() and
 * exists() absorb errors of their operands, so the meter stays exhausted and every further node
 * throws again; evaluateExpression reports the exhaustion whatever value came back.
 */
export class BudgetExhausted extends Error {
  override readonly name = 'BudgetExhausted';
}
const EXHAUSTED = new BudgetExhausted('The expression went over its budget');

let current: Meter | undefined;

export function openMeter(limits: EvaluationLimits, limit: number, stepBound: boolean): Meter {
  return { ops: 0, limit, limits, exhausted: undefined, sizes: undefined, stepBound };
}

/** Runs `fn` with `meter` counting every node it evaluates. */
export function withMeter<T>(meter: Meter, fn: () => T): T {
  const previous = current;
  current = meter;
  try {
    return fn();
  } finally {
    current = previous;
  }
}

/** The meter of the evaluation in progress (costly function guards charge it). */
export function currentMeter(): Meter | undefined {
  return current;
}

/** Marks the meter exhausted and throws; `message` says which bound was hit. */
export function exhaust(meter: Meter, message: string, node?: MeteredNode): never {
  meter.exhausted ??= node ? { message, range: { start: node.start, end: node.end } } : { message };
  throw EXHAUSTED;
}

function overBudget(meter: Meter, node?: MeteredNode): never {
  return exhaust(
    meter,
    meter.stepBound
      ? `The expressions of this step went over their shared budget of ${meter.limits.maxStepOperations} operations`
      : `The expression went over its budget of ${meter.limit} operations`,
    node,
  );
}

/** Adds `ops` operations already done; exhausts the meter when that goes over its limit. */
export function chargeOps(meter: Meter, ops: number, node?: MeteredNode): void {
  meter.ops += ops;
  if (meter.ops > meter.limit) overBudget(meter, node);
}

/** Adds `ops` operations about to be done, or exhausts the meter without doing them. */
export function chargeBefore(meter: Meter, ops: number, node?: MeteredNode): void {
  if (meter.ops + ops > meter.limit) overBudget(meter, node);
  meter.ops += ops;
}

/**
 * Charges a value one operation per 16 bytes of its approximate JSON size (valueSize.ts), and
 * holds it to the size limits. Returns the size.
 */
export function chargeValue(meter: Meter, value: unknown, node?: MeteredNode): number {
  let bytes: number;
  if (typeof value === 'string') {
    if (value.length > meter.limits.maxStringLength)
      exhaust(
        meter,
        `The expression reached a string of ${value.length} characters; the limit is ${meter.limits.maxStringLength}`,
        node,
      );
    bytes = value.length + 2;
  } else if (typeof value === 'object' && value !== null) {
    try {
      bytes = sizeOf(meter, value, (meter.limit - meter.ops + 1) * 16);
    } catch (error) {
      if (!(error instanceof ValueTooLarge)) throw error;
      if (error.reason === undefined) overBudget(meter, node);
      exhaust(meter, error.reason, node);
    }
  } else return 8;
  chargeOps(meter, bytes >>> 4, node);
  return bytes;
}

const CHARGED = Symbol('flowline.charged');
/**
 * An error costs microseconds to build (its stack trace), far more than a node; `||`, `&&`,
 * all() and exists() absorb errors, so a loop of failing steps would otherwise run nearly free.
 */
const ERROR_OPS = 1_000;

function chargeError(meter: Meter, error: unknown, node: MeteredNode): void {
  if (typeof error !== 'object' || error === null) return chargeOps(meter, ERROR_OPS, node);
  const marked = error as { [CHARGED]?: true };
  if (marked[CHARGED]) return;
  marked[CHARGED] = true;
  chargeOps(meter, ERROR_OPS, node);
}

/**
 * Replaces `evaluator.run`. Kept small: it runs for every node of every expression. Without a
 * meter (an evaluation outside evaluateExpression) it only evaluates.
 */
export function meteredRun(this: unknown, node: MeteredNode, ctx: unknown): unknown {
  const meter = current;
  if (meter === undefined) return node.evaluate(this, node, ctx);
  const cost = node[COST] ?? DEFAULT_COST;
  if (meter.exhausted !== undefined) {
    if ((cost & 7) === STEP_OF_ALL) return false;
    if ((cost & 7) === STEP_OF_EXISTS) return true;
    throw EXHAUSTED;
  }
  if ((meter.ops += cost >>> 3) > meter.limit) overBudget(meter, node);
  let value: unknown;
  try {
    value = node.evaluate(this, node, ctx);
  } catch (error) {
    if (error !== EXHAUSTED) chargeError(meter, error, node);
    throw error;
  }
  if ((cost & 7) === MEASURE) chargeValue(meter, value, node);
  else if ((cost & 7) === PUSH && (value as unknown[]).length > meter.limits.maxListLength)
    exhaust(meter, `The expression built a list of more than ${meter.limits.maxListLength} items`, node);
  return value;
}

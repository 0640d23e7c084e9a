import { z } from 'zod';

/**
 * What an expression may look like, checked when a definition is validated. These are part of
 * the language (a definition valid on one runtime is valid on every other), so they are fixed.
 */
export const EXPRESSION_LIMITS = {
  maxSourceLength: 2_000,
  maxAstNodes: 400,
  maxDepth: 32,
  /** Comprehension macros (map, filter, all, exists, exists_one) and cel.bind in one expression. */
  maxMacros: 6,
  /** Macros inside macros: cost grows as (list length)^nesting. */
  maxMacroNesting: 2,
  maxListLiteral: 200,
  maxMapLiteral: 200,
} as const;

/**
 * What one evaluation may do, enforced while it runs (see meter.ts). Counted in operations, never
 * time, so a step stays deterministic: one per expression node evaluated, plus one per 16 bytes
 * (approximate JSON size) of every value a node produces or reads whole, plus what a costly
 * function call is charged before it runs. A runtime may change these (`limits.expression`).
 */
export const EvaluationLimitsSchema = z.object({
  /** Operations one expression may use. */
  maxOperations: z.int().min(1_000).max(1_000_000_000),
  /**
   * Operations all expressions of one engine step (one event, or one request's trigger mappings)
   * may use together, so a definition with many expressions cannot multiply the bound.
   */
  maxStepOperations: z.int().min(1_000).max(1_000_000_000),
  /** Characters of any string an expression produces or reads whole. */
  maxStringLength: z.int().min(1_000).max(100_000_000),
  /** Items of any list (or entries of any map) an expression produces or reads whole. */
  maxListLength: z.int().min(100).max(10_000_000),
  /** Approximate JSON size of an expression's result, checked before anything is stored. */
  maxResultBytes: z.int().min(1_000).max(1_000_000_000),
  /** Nesting of any value an expression produces or reads whole. */
  maxValueDepth: z.int().min(8).max(1_000),
});

export type EvaluationLimits = z.infer<typeof EvaluationLimitsSchema>;

/** Overrides of the defaults, e.g. from the runtime's `limits.expression` config. */
export const EvaluationLimitsOverrideSchema = EvaluationLimitsSchema.partial().strict();
export type EvaluationLimitsOverride = z.infer<typeof EvaluationLimitsOverrideSchema>;

/**
 * Defaults, calibrated with `pnpm bench` (engine/bench/expressionBench.ts): the worst expression
 * found there, at these limits, holds the event loop for well under 50 ms on a 2-core machine.
 */
export const EVALUATION_LIMITS: EvaluationLimits = {
  maxOperations: 1_000_000,
  maxStepOperations: 2_000_000,
  maxStringLength: 1_048_576,
  maxListLength: 100_000,
  maxResultBytes: 2_097_152,
  maxValueDepth: 64,
};

export function evaluationLimits(override: EvaluationLimitsOverride = {}): EvaluationLimits {
  const merged = { ...EVALUATION_LIMITS };
  for (const [key, value] of Object.entries(override) as [keyof EvaluationLimits, number | undefined][])
    if (value !== undefined) merged[key] = value;
  return merged;
}

/**
 * `matches()` runs a backtracking JavaScript regular expression: a 27-character input has been
 * seen to take 6 s. Refused until a linear-time engine backs it.
 */
export const FORBIDDEN_FUNCTIONS: ReadonlySet<string> = new Set(['matches']);

export const MACROS: ReadonlySet<string> = new Set(['map', 'filter', 'all', 'exists', 'exists_one', 'bind']);

/**
 * Every budget an expression is held to, in one place. Checked when a definition is validated
 * (size, depth, nodes, macros, forbidden functions) and again when an expression is evaluated
 * (the cost bound over the actual data).
 */
export const EXPRESSION_LIMITS = {
  maxSourceLength: 2_000,
  maxAstNodes: 400,
  maxDepth: 32,
  /** Comprehension macros (map, filter, all, exists, exists_one) and cel.bind in one expression. */
  maxMacros: 6,
  /** Macros inside macros: cost grows as (list length)^nesting. */
  maxMacroNesting: 2,
  /** Upper bound of evaluation steps: (longest list in scope + 1)^nesting × AST nodes. */
  maxEvaluationCost: 5_000_000,
  maxListLiteral: 200,
  maxMapLiteral: 200,
} as const;

/**
 * `matches()` runs a backtracking JavaScript regular expression: a 27-character input has been
 * seen to take 6 s. Refused until a linear-time engine backs it.
 */
export const FORBIDDEN_FUNCTIONS: ReadonlySet<string> = new Set(['matches']);

export const MACROS: ReadonlySet<string> = new Set(['map', 'filter', 'all', 'exists', 'exists_one', 'bind']);

/** Why an expression was refused or failed, in words a process owner can act on. */
export interface ExpressionIssue {
  readonly code:
    | 'EXPRESSION_SYNTAX'
    | 'EXPRESSION_TOO_COMPLEX'
    | 'EXPRESSION_FORBIDDEN_FUNCTION'
    | 'EXPRESSION_UNKNOWN_NAME'
    | 'EXPRESSION_TYPE'
    | 'EXPRESSION_FAILED'
    | 'EXPRESSION_BUDGET_EXCEEDED';
  readonly message: string;
  /** Character offsets in the expression source, when known. */
  readonly range?: { readonly start: number; readonly end: number };
}

/** Every code a validation issue can carry. A process owner sees `message`; tools key on `code`. */
export type ValidationCode =
  | 'INVALID_DEFINITION'
  | 'DUPLICATE_NODE_ID'
  | 'DUPLICATE_EDGE_ID'
  | 'DANGLING_EDGE'
  | 'UNKNOWN_HANDLE'
  | 'DUPLICATE_HANDLE_EDGE'
  | 'MISSING_TRIGGER'
  | 'MULTIPLE_TRIGGERS'
  | 'TRIGGER_HAS_INCOMING'
  | 'UNREACHABLE_NODE'
  | 'NO_WAY_OUT'
  | 'END_HAS_OUTGOING'
  | 'DECISION_WITHOUT_DEFAULT'
  | 'APPROVAL_OUTCOME_WITHOUT_EDGE'
  | 'APPROVAL_TIMEOUT_WITHOUT_EDGE'
  | 'APPROVAL_UNKNOWN_OUTCOME'
  | 'APPROVAL_MISSING_APPROVED'
  | 'QUORUM_TOO_LARGE'
  | 'SPLIT_WITHOUT_JOIN'
  | 'JOIN_WITHOUT_SPLIT'
  | 'JOIN_MISMATCH'
  | 'BRANCH_LEAVES_SPLIT'
  | 'JOIN_N_TOO_LARGE'
  | 'CYCLE_WITHOUT_WAIT'
  | 'EXPRESSION_SYNTAX'
  | 'EXPRESSION_TOO_COMPLEX'
  | 'EXPRESSION_FORBIDDEN_FUNCTION'
  | 'EXPRESSION_UNKNOWN_NAME'
  | 'EXPRESSION_TYPE'
  | 'EXPRESSION_FAILED'
  | 'INVALID_DURATION'
  | 'EXPRESSION_BUDGET_EXCEEDED'
  | 'UNKNOWN_FIELD'
  | 'UNKNOWN_VARIABLE'
  | 'UNKNOWN_NODE_REFERENCE'
  | 'NODE_NOT_UPSTREAM'
  | 'UNKNOWN_ACTION'
  | 'MAPPING_UNKNOWN_FIELD'
  | 'MAPPING_MISSING_REQUIRED'
  | 'AUTHORED_FIELD_NOT_LITERAL'
  | 'INVALID_CRON'
  | 'INVALID_TIMEZONE'
  | 'UNSIGNED_WEBHOOK'
  | 'UNKNOWN_WEBHOOK_SECRET'
  | 'DELIVERY_EVENT_NOT_AWAITED'
  | 'CONNECTION_MISSING'
  | 'DUPLICATE_NAME'
  | 'APPROVAL_WITHOUT_DUE'
  | 'UNUSED_VARIABLE'
  | 'VARIABLE_TYPE'
  | 'SUBWORKFLOW_CYCLE'
  | 'TOO_MANY_BRANCHES'
  | 'MANUAL_TASK_OUTCOME_WITHOUT_EDGE'
  | 'MANUAL_TASK_TIMEOUT_WITHOUT_EDGE'
  | 'MANUAL_TASK_UNKNOWN_OUTCOME'
  | 'CANCELLED_WITHOUT_EDGE'
  | 'CANCEL_ON_OUTCOME_CLASH'
  /** A name, title or label with control characters or text-direction controls. */
  | 'UNSAFE_TEXT';

export interface ValidationIssue {
  readonly code: ValidationCode;
  readonly severity: 'error' | 'warning';
  /** The node the problem is on, so the designer can highlight it. */
  readonly nodeId?: string;
  readonly edgeId?: string;
  /** Where in the definition document, e.g. ['nodes', 3, 'conditions', 0, 'when']. */
  readonly path: readonly (string | number)[];
  /** For an expression: the characters of the part at fault, when known. */
  readonly range?: { readonly start: number; readonly end: number };
  readonly message: string;
}

export const issue = (
  code: ValidationCode,
  message: string,
  where: {
    nodeId?: string;
    edgeId?: string;
    path?: readonly (string | number)[];
    range?: { readonly start: number; readonly end: number };
  } = {},
  severity: 'error' | 'warning' = 'error',
): ValidationIssue => ({
  code,
  severity,
  ...(where.nodeId !== undefined ? { nodeId: where.nodeId } : {}),
  ...(where.edgeId !== undefined ? { edgeId: where.edgeId } : {}),
  path: where.path ?? [],
  ...(where.range !== undefined ? { range: where.range } : {}),
  message,
});

export const hasErrors = (issues: readonly ValidationIssue[]): boolean =>
  issues.some((i) => i.severity === 'error');

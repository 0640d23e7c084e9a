/** Every error the runtime reports to a client, by code; mapped to HTTP once, at the edge. */
export type AppErrorCode =
  | 'INVALID_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'ALREADY_DECIDED'
  /** A delegate who already holds another place of the task's step (they would decide twice). */
  | 'ALREADY_HOLDS_TASK'
  /** The task was cancelled with its instance, or withdrawn when the instance moved on. */
  | 'TASK_WITHDRAWN'
  | 'NOT_ASSIGNEE'
  /** The requester may not decide their own request (the approval's segregation of duties). */
  | 'SELF_APPROVAL'
  /** The workflow does not start this way (its trigger), or not by this caller (its starters). */
  | 'START_NOT_ALLOWED'
  /** The workflow was deactivated: nothing starts it until it is activated again. */
  | 'WORKFLOW_INACTIVE'
  | 'DEFINITION_INVALID'
  | 'INSTANCE_ENDED'
  | 'EVENT_IGNORED'
  | 'LIMIT_EXCEEDED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'BAD_SIGNATURE'
  | 'UNAVAILABLE'
  /** Too much runnable work is queued (limits.backlog): a new start is refused, with Retry-After. */
  | 'OVERLOADED'
  | 'INTERNAL';

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: { readonly issues?: readonly FieldIssue[]; readonly [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const isAppError = (value: unknown): value is AppError => value instanceof AppError;

/** A schema issue as zod reports it (only what is read here). */
export interface SchemaIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly keys?: readonly string[];
}

/**
 * Schema issues as field issues under `prefix`. Zod reports unknown keys once, at their parent
 * (`(body)` for the body itself); each key becomes its own issue at its own path, so a client can
 * name the field to remove.
 */
export function fieldIssuesOf(
  issues: readonly SchemaIssue[],
  prefix: readonly string[] = [],
  root = '(body)',
): FieldIssue[] {
  const at = (path: readonly PropertyKey[]) => [...prefix, ...path.map(String)].join('.') || root;
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' && issue.keys?.length
      ? issue.keys.map((key) => ({ path: at([...issue.path, key]), message: `Unknown field "${key}"` }))
      : [{ path: at(issue.path), message: issue.message }],
  );
}

/**
 * The one place where what the API answers on failure becomes what a person reads. Components
 * show `problem.sentence` (and `problem.fields` beside their inputs); never a body, never a stack.
 */

/** A field the server named as wrong (`path` as the server spells it: `definition.id`, `next`). */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

export interface ApiProblem {
  /** HTTP status; 0 when the server could not be reached at all. */
  readonly status: number;
  /** The server's code (`INVALID_INPUT`, `CONFLICT`…), or `NETWORK` / `UNEXPECTED` from the client. */
  readonly code: string;
  /** One or two sentences for a person. */
  readonly sentence: string;
  readonly fields: readonly FieldProblem[];
  /** For 500s: what to quote to an administrator. */
  readonly requestId?: string;
  /** For refusals that say when to try again (503 OVERLOADED, 429): seconds, from Retry-After. */
  readonly retryAfterSeconds?: number;
}

/** What the caller was doing, when the same code means different things. */
export interface ProblemContext {
  /** Signing in: a 401 is a wrong password, not an ended session. */
  readonly signingIn?: boolean;
  /** Creating something with a chosen id: a 409 means the id is taken. */
  readonly creating?: string;
}

export class ApiError extends Error {
  readonly problem: ApiProblem;
  constructor(problem: ApiProblem) {
    super(problem.sentence);
    this.name = 'ApiError';
    this.problem = problem;
  }
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** Field issues from `issues: [{path, message}]` (engine issues carry `path` as an array). */
function fieldsOf(body: Record<string, unknown> | undefined): FieldProblem[] {
  const issues = body?.['issues'];
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((issue): FieldProblem[] => {
    const entry = record(issue);
    const message = text(entry?.['message']);
    if (!entry || !message) return [];
    const raw = entry['path'];
    const path = Array.isArray(raw) ? raw.map(String).join('.') : (text(raw) ?? '');
    return [{ path, message }];
  });
}

const capital = (sentence: string): string => sentence.charAt(0).toUpperCase() + sentence.slice(1);

const ensureStop = (sentence: string): string => (/[.!?…]$/.test(sentence) ? sentence : `${sentence}.`);

const GENERIC: Readonly<Record<number, string>> = {
  400: 'The request was not accepted.',
  401: 'Your session has ended. Sign in again.',
  403: 'You do not have permission to do this.',
  404: 'This no longer exists, or never did.',
  409: 'Someone else changed this in the meantime. Reload to see the latest version.',
  413: 'That is too large to send.',
  429: 'Too many attempts. Wait a moment and try again.',
  503: 'The server cannot do this right now. Try again in a minute.',
};

/**
 * When to try again: the Retry-After header (seconds, or an HTTP date), else the body's
 * `retryAfterSeconds` (the runtime sends both; a proxy may drop one).
 */
function retryAfterOf(header: string | null | undefined, body: Record<string, unknown> | undefined) {
  const value = header?.trim();
  if (value) {
    if (/^\d+$/.test(value)) return Number(value);
    const at = Date.parse(value);
    if (!Number.isNaN(at)) return Math.max(1, Math.ceil((at - Date.now()) / 1000));
  }
  const seconds = body?.['retryAfterSeconds'];
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0
    ? Math.ceil(seconds)
    : undefined;
}

// A no-break space keeps the number and its unit on one line.
const tryAgainIn = (seconds: number | undefined): string =>
  seconds === undefined ? 'try again in a moment' : `try again in ${Math.max(1, seconds)}\u00a0s`;

function sentenceFor(
  status: number,
  code: string,
  message: string | undefined,
  body: Record<string, unknown> | undefined,
  context: ProblemContext,
  retryAfter: number | undefined,
): string {
  switch (code) {
    // A full backlog (limits.backlog): the server's message names the limit, which is the
    // administrator's business; the person starting something only needs to know when to retry.
    case 'OVERLOADED':
      return `The server is busy; nothing was started. ${capital(tryAgainIn(retryAfter))}.`;
    case 'RATE_LIMITED': {
      // The server says why (its sentence); say when, where it knows and the sentence does not.
      const why = message ?? 'Too many requests right now';
      if (/\bin \d+\s+s\b/.test(why) || (retryAfter === undefined && message)) return ensureStop(why);
      return `${why.replace(/[;,.]?\s*try again (soon|later)\.?$/i, '')}; ${tryAgainIn(retryAfter)}.`;
    }
    case 'UNAUTHENTICATED':
      return context.signingIn && message ? ensureStop(message) : GENERIC[401]!;
    case 'PASSWORD_CHANGE_REQUIRED':
      return 'Choose a new password before you continue.';
    case 'FORBIDDEN': {
      // The route table's refusal names the permission; say it in the user's terms.
      const permission = /permission ([a-z]+:[a-z]+)/.exec(message ?? '')?.[1];
      if (permission) return `You do not have permission to do this (it needs ${permission}).`;
      return message && !/^This route/.test(message) ? ensureStop(message) : GENERIC[403]!;
    }
    case 'CONFLICT':
      return context.creating
        ? `A workflow with the id “${context.creating}” already exists. Choose another id.`
        : GENERIC[409]!;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 'The app sent a request the server did not understand. Reload the page and try again.';
    case 'PAYLOAD_TOO_LARGE':
      return GENERIC[413]!;
    case 'INTERNAL': {
      const id = text(body?.['requestId']);
      return `Something went wrong on the server. Try again; if it keeps happening, give your administrator this reference: ${id ?? 'none'}.`;
    }
    default:
      if (message) return ensureStop(message);
      return GENERIC[status] ?? `The server answered unexpectedly (HTTP ${status}).`;
  }
}

/**
 * Reads any failed answer (a JSON error body, HTML from a proxy, nothing) as a problem;
 * `retryAfter` is the answer's Retry-After header, when it has one.
 */
export function problemFromResponse(
  status: number,
  body: unknown,
  context: ProblemContext = {},
  retryAfter?: string | null,
): ApiProblem {
  const fields = record(body);
  const code = text(fields?.['code']) ?? (status >= 500 ? 'UNEXPECTED' : `HTTP_${status}`);
  const message = text(fields?.['message']);
  const requestId = text(fields?.['requestId']);
  const retryAfterSeconds = retryAfterOf(retryAfter, fields);
  return {
    status,
    code,
    sentence: sentenceFor(status, code, message, fields, context, retryAfterSeconds),
    fields: fieldsOf(fields),
    ...(requestId ? { requestId } : {}),
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  };
}

/** fetch() itself failed: the server is down, the network is gone, or the request was aborted. */
export function networkProblem(): ApiProblem {
  return {
    status: 0,
    code: 'NETWORK',
    sentence: 'Cannot reach the Flowline server. Check that it is running and try again.',
    fields: [],
  };
}

/** A request not sent because the user was signing out: answered as the server would have. */
export function signedOutProblem(): ApiProblem {
  return { status: 401, code: 'UNAUTHENTICATED', sentence: GENERIC[401]!, fields: [] };
}

/** Anything caught in the UI as one sentence (an ApiError's, or a generic one: never a stack). */
export function sentenceOf(error: unknown): string {
  if (error instanceof ApiError) return error.problem.sentence;
  return 'Something went wrong in the app. Reload the page and try again.';
}

/** The message for one form field (`definition.id` matches the field `id` when told so). */
export function fieldMessage(error: unknown, ...paths: string[]): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.problem.fields.find((field) => paths.includes(field.path))?.message;
}

/** The message for a list field or one of its items (`groups`, `groups.1`), for beside the list. */
export function listFieldMessage(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.problem.fields.find((field) => field.path === path || field.path.startsWith(`${path}.`))
    ?.message;
}

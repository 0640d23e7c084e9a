import createClient from 'openapi-fetch';
import type { paths } from '@flowline/runtime/api';
import { UsageError, type CliIo } from './io';
import { issueLine, type IssueLike } from './issueText';

export interface ApiTarget {
  /** The runtime's origin, without a trailing slash. */
  readonly url: string;
  readonly token: string;
}

/** The options every command that talks to a runtime takes. */
export const API_OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
} as const;

export const API_HELP = `  --url <runtime>        the runtime's address, e.g. http://localhost:3000
                         (or FLOWLINE_URL)
  --token <api token>    an API token of a user who may do this (or
                         FLOWLINE_TOKEN, which keeps it out of the process list)`;

/** The runtime and token from the options or the environment; a usage error without them. */
export function apiTarget(
  values: { url?: string | undefined; token?: string | undefined },
  io: CliIo,
): ApiTarget {
  const url = values.url ?? io.env['FLOWLINE_URL'];
  const token = values.token ?? io.env['FLOWLINE_TOKEN'];
  if (!url) throw new UsageError('name the runtime with --url (or FLOWLINE_URL)');
  if (!token) throw new UsageError('give an API token with --token (or FLOWLINE_TOKEN)');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url "${url}" is not a URL; give one like http://localhost:3000`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new UsageError(`--url "${url}" is not an http(s) address`);
  return { url: url.replace(/\/+$/, ''), token };
}

/** A client typed by the runtime's OpenAPI document, sending the token on every call. */
export function createApiClient(target: ApiTarget) {
  return createClient<paths>({
    baseUrl: target.url,
    headers: { authorization: `Bearer ${target.token}` },
  });
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** A field issue as the API words it: a dotted path, or a validation issue with its node. */
export type ApiIssue = IssueLike | { readonly path: string; readonly message: string };

/** What went wrong talking to the runtime, as a sentence and the field issues it gave. */
export class ApiFailure extends Error {
  override readonly name = 'ApiFailure';
  constructor(
    message: string,
    readonly issues: readonly ApiIssue[] = [],
    /** The runtime could not be reached at all: later files need not be tried. */
    readonly unreachable = false,
  ) {
    super(message);
  }
}

/** Runs one API call; a network failure becomes an ApiFailure naming the runtime. */
export async function reach<T>(target: ApiTarget, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new ApiFailure(`cannot reach the runtime at ${target.url} (${reason})`, [], true);
  }
}

/** The runtime's refusal as a sentence: its message and code, and what the status means. */
export function refusal(error: unknown, response: Response): ApiFailure {
  const body = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const code = typeof body['code'] === 'string' ? body['code'] : undefined;
  const message = typeof body['message'] === 'string' ? body['message'] : undefined;
  const issues = Array.isArray(body['issues']) ? (body['issues'] as ApiIssue[]) : [];
  if (!message)
    return new ApiFailure(`the runtime answered ${response.status} ${response.statusText}`.trim());
  const hint =
    response.status === 401
      ? '; check the token'
      : response.status === 403
        ? "; the token's user lacks the permission"
        : '';
  return new ApiFailure(`${message}${code ? ` (${code})` : ''}${hint}`, issues);
}

/** One issue from the API in words, addressed in the local file where it can be. */
export function apiIssueLine(issue: ApiIssue, document: unknown): string {
  if (typeof issue.path !== 'string') return issueLine(issue as IssueLike, document);
  // Field issues of a refused request name a dotted path into the body (`definition.nodes.1.name`).
  const path = issue.path
    .replace(/^definition\.?/, '')
    .split('.')
    .filter((part) => part !== '' && part !== '(body)')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  return issueLine({ code: 'INVALID_INPUT', severity: 'error', path, message: issue.message }, document);
}

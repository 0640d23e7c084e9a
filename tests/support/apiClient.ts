import { request as httpRequest } from 'node:http';
import { createConformanceChecker, type ConformanceChecker } from '@flowline/runtime/testing';

/** What the API answered: status, parsed JSON body (or text), headers. */
export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface RequestOptions {
  /** Replaces the JSON encoding: sent as is. */
  readonly rawBody?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

/**
 * A small HTTP client for one runtime as a browser-less client sees it: keeps the session cookie
 * and sends `X-Requested-With`, which the API asks of cookie-authenticated writes.
 */
export interface ApiClient {
  signIn(email: string, password: string): Promise<ApiResponse>;
  /** Signs in with the first start's one-time password, replaces it (as required), signs in again. */
  signInFirstTime(email: string, oneTimePassword: string): Promise<ApiResponse>;
  get<T = unknown>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  post<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  put<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  /**
   * POSTs a body through node:http, which reads an early answer (e.g. 413 sent on the
   * Content-Length alone) even when the server closes the connection before the upload ends;
   * fetch reports such a close as "other side closed" instead.
   */
  upload<T = unknown>(path: string, body: string, contentType: string): Promise<ApiResponse<T>>;
}

export function createApiClient(baseUrl: string): ApiClient {
  const cookies = new Map<string, string>();
  // Every answer is held against the server's own OpenAPI document: drift fails the test that saw it.
  let conformance: Promise<ConformanceChecker> | undefined;
  const checkConformance = async (
    method: string,
    path: string,
    status: number,
    headers: Headers,
    body: unknown,
  ) => {
    conformance ??= fetch(`${baseUrl}/api/openapi.json`).then(async (r) =>
      createConformanceChecker(await r.json()),
    );
    const problems = (await conformance).check({
      method,
      path,
      status,
      contentType: headers.get('content-type'),
      body: body === '' ? undefined : body,
    });
    if (problems.length > 0)
      throw new Error(`The response does not match the OpenAPI document:\n  ${problems.join('\n  ')}`);
  };
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');

  async function request<T>(
    method: string,
    path: string,
    body: unknown,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { 'x-requested-with': 'fetch', ...options.headers };
    if (cookies.size > 0) headers['cookie'] = cookieHeader();
    let payload: string | undefined = options.rawBody;
    if (payload === undefined && body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(payload !== undefined ? { body: payload } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (at > 0) cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    const parsed = parseBody(await bodyText(response), response.headers.get('content-type'));
    await checkConformance(method, path, response.status, response.headers, parsed);
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  function upload<T>(path: string, body: string, contentType: string): Promise<ApiResponse<T>> {
    return new Promise((resolve, reject) => {
      const payload = Buffer.from(body);
      const req = httpRequest(`${baseUrl}${path}`, {
        method: 'POST',
        headers: {
          'content-type': contentType,
          'content-length': payload.length,
          'x-requested-with': 'fetch',
          ...(cookies.size > 0 ? { cookie: cookieHeader() } : {}),
        },
        timeout: 15_000,
      });
      let answered = false;
      req.on('response', (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const parsed = parseBody(Buffer.concat(chunks).toString('utf8'), response.headers['content-type']);
          const headers = new Headers();
          for (const [k, v] of Object.entries(response.headers)) if (typeof v === 'string') headers.set(k, v);
          resolve({ status: response.statusCode ?? 0, body: parsed as T, headers });
        });
        response.on('error', reject);
      });
      // The server may close the connection once it has answered; only an error before an answer counts.
      req.on('error', (error) => {
        if (!answered) reject(error);
      });
      req.on('timeout', () => req.destroy(new Error(`upload to ${path} timed out`)));
      req.end(payload);
    });
  }

  return {
    upload,
    async signIn(email, password) {
      const response = await request('POST', '/api/auth/sign-in', { email, password });
      if (response.status !== 200)
        throw new Error(`Sign-in as ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
      return response;
    },
    async signInFirstTime(email, oneTimePassword) {
      await this.signIn(email, oneTimePassword);
      const next = `${oneTimePassword}-changed`;
      const changed = await request('POST', '/api/auth/password', { current: oneTimePassword, next });
      if (changed.status !== 204)
        throw new Error(
          `Password change for ${email} failed: ${changed.status} ${JSON.stringify(changed.body)}`,
        );
      return this.signIn(email, next);
    },
    get: (path, options) => request('GET', path, undefined, options),
    post: (path, body, options) => request('POST', path, body, options),
    put: (path, body, options) => request('PUT', path, body, options),
  };
}

/** JSON when the server says so (and it parses), the text otherwise. */
function parseBody(text: string, contentType: string | null | undefined): unknown {
  if (!contentType?.includes('application/json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Polls `probe` until it returns a value (not undefined) or the deadline passes. */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 200));
  }
}

/** The body as text; of an event stream (GET /api/stream never ends by itself) its opening only. */
async function bodyText(response: Response): Promise<string> {
  if (!response.headers.get('content-type')?.startsWith('text/event-stream') || !response.body)
    return response.text();
  const reader = response.body.getReader();
  const { value } = await reader.read();
  await reader.cancel();
  return new TextDecoder().decode(value);
}

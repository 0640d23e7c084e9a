/** A query value; arrays repeat the key (`?tag=a&tag=b`), undefined drops it. */
export type QueryValue = string | number | boolean | undefined | readonly (string | number | boolean)[];

/** What one request may carry. At most one of `json`, `form`, `text` is used as the body. */
export interface RequestOptions {
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly form?: Readonly<Record<string, string | number | boolean>>;
  readonly text?: string;
  /** Per-request timeout; the attempt's own deadline still applies. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Set false to receive 4xx/5xx responses instead of a thrown ConnectorError. */
  readonly throwOnHttpError?: boolean;
}

/** A fully buffered response. `json()` returns `unknown` on purpose: parse it with a zod schema. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The final URL after redirects. */
  readonly url: string;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/**
 * The HTTP surface a connector gets: SSRF-guarded, base URL, auth and the attempt's signal applied.
 * Statuses map to errors: network/408/429/5xx → retryable, other 4xx → permanent `HTTP_<status>`.
 *
 * @example
 * const res = await ctx.http.get('/api/now/table/incident', { query: { sysparm_limit: 1 } });
 */
export interface SafeHttpClient {
  request(method: HttpMethod, path: string, options?: RequestOptions): Promise<HttpResponse>;
  get(path: string, options?: RequestOptions): Promise<HttpResponse>;
  post(path: string, options?: RequestOptions): Promise<HttpResponse>;
  put(path: string, options?: RequestOptions): Promise<HttpResponse>;
  patch(path: string, options?: RequestOptions): Promise<HttpResponse>;
  delete(path: string, options?: RequestOptions): Promise<HttpResponse>;
}

import { permanent } from '../errors';
import type { RequestOptions } from './clientTypes';

/**
 * Joins a base URL and a path the way authors expect: `'/api/x'` under `https://h/base` becomes
 * `https://h/base/api/x` (plain `new URL` would drop `/base`). Absolute URLs pass through.
 */
export function buildUrl(baseUrl: string | undefined, path: string, query: RequestOptions['query']): URL {
  let url: URL;
  try {
    if (/^https?:\/\//i.test(path) || baseUrl === undefined) url = new URL(path);
    else url = new URL(`${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
  } catch (cause) {
    throw permanent('INVALID_URL', `"${path}" is not a valid URL${baseUrl ? ' under the base URL' : ''}`, {
      cause,
    });
  }
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
  }
  return url;
}

/** The encoded body and its default content type; explicit headers still win. */
export function encodeBody(options: RequestOptions): { body: Buffer; contentType: string } | undefined {
  const given = [options.json !== undefined, options.form !== undefined, options.text !== undefined];
  if (given.filter(Boolean).length > 1) {
    throw permanent('INVALID_REQUEST', 'Give at most one of json, form and text as the request body');
  }
  if (options.json !== undefined) {
    return { body: Buffer.from(JSON.stringify(options.json)), contentType: 'application/json' };
  }
  if (options.form !== undefined) {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(options.form)) form.append(key, String(value));
    return { body: Buffer.from(form.toString()), contentType: 'application/x-www-form-urlencoded' };
  }
  if (options.text !== undefined) {
    return { body: Buffer.from(options.text), contentType: 'text/plain; charset=utf-8' };
  }
  return undefined;
}

/** Lower-cases header names so author headers and auth headers merge predictably. */
export function normalizeHeaders(
  headers: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = value;
  return out;
}

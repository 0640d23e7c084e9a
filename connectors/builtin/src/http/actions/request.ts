import { defineAction, permanent, type HttpResponse, type RequestOptions } from '@flowline/connector-sdk';
import { HttpSettingsSchema } from '../httpSettings';
import { HttpRequestInputSchema, HttpResponseSchema, type HttpRequestInput } from '../requestSchema';

const isJson = (contentType: string | null) => contentType !== null && /[/+]json\b/i.test(contentType);

function bodyOptions(body: HttpRequestInput['body']): Pick<RequestOptions, 'json' | 'form' | 'text'> {
  if (body === undefined) return {};
  if (body.type === 'json') return { json: body.value ?? null };
  if (body.type === 'form') return { form: body.value };
  return { text: body.value };
}

async function toOutput(res: HttpResponse) {
  const text = await res.text();
  let body: unknown = text;
  // A JSON content type with an unreadable body is still returned, as text, rather than failing.
  if (isJson(res.headers.get('content-type')) && text !== '') {
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = text;
    }
  }
  return { status: res.status, headers: Object.fromEntries(res.headers), body };
}

/**
 * The request's headers plus the step's idempotency key under the configured header, unless the
 * author set that header (a mapping may send `job.idempotencyKey` in a form the API wants).
 */
function withIdempotencyKey(
  headers: Record<string, string>,
  name: string,
  key: string,
): Record<string, string> {
  if (name === '' || Object.keys(headers).some((h) => h.toLowerCase() === name.toLowerCase())) return headers;
  return { ...headers, [name]: key };
}

/** One action for both `http` and `http-oauth2`: it declares no credentials, the connector's apply. */
export const request = defineAction({
  id: 'request',
  title: 'HTTP request',
  description:
    'Sends an HTTP request and returns its status, headers and body (parsed when JSON). The step’s idempotency key goes in an Idempotency-Key header (configurable, or off). Private and loopback addresses are refused unless the operator allows them.',
  settings: HttpSettingsSchema,
  input: HttpRequestInputSchema,
  output: HttpResponseSchema,
  async run(ctx, input) {
    const header = input.idempotencyHeader ?? ctx.settings.idempotencyHeader;
    const res = await ctx.http.request(input.method, input.url, {
      headers: withIdempotencyKey(input.headers, header, ctx.idempotencyKey),
      query: input.query,
      ...bodyOptions(input.body),
      throwOnHttpError: input.failOnNon2xx,
    });
    // Redirects are followed and 4xx/5xx already failed; what is left outside 2xx (e.g. 304) fails too.
    if (input.failOnNon2xx && (res.status < 200 || res.status > 299)) {
      throw permanent(`HTTP_${res.status}`, `${input.method} ${input.url} answered ${res.status}`, {
        details: { status: res.status },
      });
    }
    return toOutput(res);
  },
});

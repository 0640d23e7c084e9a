import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '@flowline/runtime/api';
import {
  ApiError,
  networkProblem,
  problemFromResponse,
  signedOutProblem,
  type ProblemContext,
} from './apiErrors';
import { gatedFetch, SignedOutLocally } from './signOutGate';

export type Schemas = components['schemas'];
export type Me = Schemas['Me'];
export type Permission = Me['permissions'][number];

/**
 * The typed API client: paths, parameters and bodies come from the runtime's OpenAPI document
 * (types only: no runtime code reaches the browser). The session cookie rides along on the
 * same origin; cookie-authenticated writes must say X-Requested-With (the runtime's CSRF rule:
 * a cross-site page cannot set it without a preflight, which is never granted).
 */
export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  credentials: 'same-origin',
  fetch: gatedFetch,
});

const sameOriginWrites: Middleware = {
  onRequest({ request }) {
    request.headers.set('X-Requested-With', 'flowline-designer');
    return request;
  },
};
api.use(sameOriginWrites);

type Answer<T> =
  { data: T; error?: never; response: Response } | { data?: never; error: unknown; response: Response };

/**
 * Waits for a call and returns its data, or throws an ApiError whose sentence a person can read
 * (also when fetch itself fails: the server is down).
 *
 * @example
 * const draft = await read(api.GET('/api/definitions/{id}', { params: { path: { id } } }));
 */
export async function read<T>(call: Promise<Answer<T>>, context: ProblemContext = {}): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (error instanceof SignedOutLocally) throw new ApiError(signedOutProblem());
    throw new ApiError(networkProblem());
  }
  if (answer.error !== undefined || !answer.response.ok)
    throw new ApiError(
      problemFromResponse(
        answer.response.status,
        answer.error,
        context,
        answer.response.headers.get('Retry-After'),
      ),
    );
  return answer.data as T;
}

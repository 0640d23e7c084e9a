import openapiTS, { astToString } from 'openapi-typescript';
import { createTestApp } from './testApp';

const HEADER = [
  '// Generated from the OpenAPI document by `pnpm --filter @flowline/runtime api-types`; do not edit.',
  '// A test fails when it is stale. Use it with openapi-fetch: createClient<paths>({ baseUrl }).',
  '',
].join('\n');

/** The TypeScript types of the API, as openapi-typescript generates them from our document. */
export async function apiTypesSource(): Promise<string> {
  const { app } = await createTestApp();
  const ast = await openapiTS(await (await app.request('/api/openapi.json')).text());
  return `${HEADER}${astToString(ast)}`;
}

// Regenerates src/http/api.generated.ts (the API's TypeScript types, from the OpenAPI document);
// a test fails when it is stale. Clients (the designer, scripts) use it with openapi-fetch.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { apiTypesSource } from '../src/http/apiTypes';

const target = fileURLToPath(new URL('../src/http/api.generated.ts', import.meta.url));
writeFileSync(target, await apiTypesSource());
console.log(`wrote ${target}`);
process.exit(0);

// Regenerates engine/definition.schema.json from the zod schema; a test fails when it is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { definitionJsonSchema } from '../src/definition/publishJsonSchema';

const target = fileURLToPath(new URL('../definition.schema.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(definitionJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);

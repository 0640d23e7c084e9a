import { exampleWorkflows } from '@flowline/examples';
import { hasErrors, parseDefinition, validate, type Catalog } from '@flowline/engine';
import type { Logger } from '../observability/logger';
import type { Store } from '../store';
import { asJsonObject } from '../store/plainJson';

/** Publishes each example workflow once (as draft and version 1), so a fresh start has something to run. */
export async function seedExamples(deps: {
  store: Store;
  catalog: Catalog;
  logger: Logger;
  now: number;
}): Promise<string[]> {
  const seeded: string[] = [];
  for (const example of exampleWorkflows) {
    if (await deps.store.getLatestVersion(example.id)) continue;
    const parsed = parseDefinition(example.definition);
    if (!parsed.ok || hasErrors(validate(parsed.value, deps.catalog))) {
      deps.logger.warn(
        { workflowId: example.id },
        'example does not validate against the installed connectors; not published',
      );
      continue;
    }
    if (!(await deps.store.getDraft(example.id))) {
      await deps.store.saveDraft({
        workflowId: example.id,
        name: parsed.value.name,
        definition: asJsonObject(example.definition, 'The example'),
        expectedDraftRev: 0,
        updatedAt: deps.now,
        updatedBy: 'system',
      });
    }
    await deps.store.publishVersion({
      workflowId: example.id,
      version: 1,
      definition: asJsonObject(example.definition, 'The example'),
      publishedAt: deps.now,
      publishedBy: 'system',
    });
    seeded.push(example.id);
  }
  return seeded;
}

import {
  callSitesOf,
  parseDefinition,
  subworkflowCycles,
  type CalledVersion,
  type ValidationIssue,
  type WorkflowDefinition,
} from '@flowline/engine';
import type { Store } from '../store';

/** How many published versions one publish may read to follow its calls. */
const MAX_VERSIONS_READ = 500;

/**
 * The subworkflow nodes of a definition about to be published as `version` that would start it
 * again, directly or through published workflows (a pinned version, or the latest one, this
 * definition being the latest of its own). Drafts are not followed: they do not run, and a draft
 * that closes a cycle is refused when it is published in turn.
 */
export async function subworkflowCycleIssues(
  store: Store,
  definition: WorkflowDefinition,
  version: number,
): Promise<ValidationIssue[]> {
  const start: CalledVersion = { workflowId: definition.id, version, calls: callSitesOf(definition) };
  if (start.calls.length === 0) return [];
  const latest = new Map<string, number | null>([[start.workflowId, version]]);
  const versions = new Map<string, CalledVersion | null>([[`${start.workflowId}@${version}`, start]]);

  const numberOf = async (workflowId: string, wanted: number | 'latest') => {
    if (wanted !== 'latest') return wanted;
    if (!latest.has(workflowId)) latest.set(workflowId, await store.getLatestVersionNumber(workflowId));
    return latest.get(workflowId) ?? null;
  };

  // Reads every version the calls reach (breadth first, bounded), then looks for a way back.
  const queue = [...start.calls];
  while (queue.length > 0 && versions.size < MAX_VERSIONS_READ) {
    const call = queue.shift()!;
    const number = await numberOf(call.workflowId, call.version);
    if (number === null) continue;
    const key = `${call.workflowId}@${number}`;
    if (versions.has(key)) continue;
    const stored = await store.getVersion(call.workflowId, number);
    const parsed = stored ? parseDefinition(stored.definition) : undefined;
    if (!parsed?.ok) {
      versions.set(key, null);
      continue;
    }
    const found = { workflowId: call.workflowId, version: number, calls: callSitesOf(parsed.value) };
    versions.set(key, found);
    queue.push(...found.calls);
  }

  return subworkflowCycles(start, (workflowId, wanted) => {
    const number = wanted === 'latest' ? latest.get(workflowId) : wanted;
    return number === undefined || number === null
      ? undefined
      : (versions.get(`${workflowId}@${number}`) ?? undefined);
  });
}

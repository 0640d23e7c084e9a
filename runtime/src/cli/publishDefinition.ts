import { reach, refusal, type ApiClient, type ApiIssue, type ApiTarget } from './apiClient';
import { sameJson } from './canonicalJson';

export type Publication =
  | { readonly status: 'published'; readonly version: number; readonly warnings: readonly ApiIssue[] }
  /** The latest published version is this definition already. */
  | { readonly status: 'unchanged'; readonly version: number };

/**
 * Saves a definition as the workflow's draft and publishes it, through the API as any client
 * would; skips both when the latest published version holds the same definition (the API makes
 * a new version on every publish). Throws ApiFailure with the runtime's refusal.
 */
export async function publishDefinition(
  api: ApiClient,
  target: ApiTarget,
  id: string,
  definition: Record<string, unknown>,
): Promise<Publication> {
  const path = { params: { path: { id } } };
  const latest = await latestVersion(api, target, id);
  if (latest && sameJson(withoutVersion(latest.definition), withoutVersion(definition)))
    return { status: 'unchanged', version: latest.version };

  const current = await reach(target, () => api.GET('/api/definitions/{id}', path));
  if (current.error && current.response.status !== 404) throw refusal(current.error, current.response);
  const saved = await reach(target, () =>
    api.PUT('/api/definitions/{id}', {
      ...path,
      body: { definition, draftRev: current.data?.draft.draftRev ?? 0 },
    }),
  );
  if (saved.error) throw refusal(saved.error, saved.response);

  const published = await reach(target, () => api.POST('/api/definitions/{id}/publish', path));
  if (published.error) throw refusal(published.error, published.response);
  return { status: 'published', version: published.data.version, warnings: published.data.warnings };
}

/** The newest published version and its definition, if there is one. */
export async function latestVersion(
  api: ApiClient,
  target: ApiTarget,
  id: string,
): Promise<{ version: number; definition: Record<string, unknown> } | undefined> {
  const listed = await reach(target, () =>
    api.GET('/api/definitions/{id}/versions', { params: { path: { id } } }),
  );
  if (listed.error) {
    if (listed.response.status === 404) return undefined;
    throw refusal(listed.error, listed.response);
  }
  const newest = Math.max(0, ...listed.data.items.map((v) => v.version));
  if (newest === 0) return undefined;
  return readVersion(api, target, id, newest);
}

/** One published version's definition. */
export async function readVersion(api: ApiClient, target: ApiTarget, id: string, version: number) {
  const found = await reach(target, () =>
    api.GET('/api/definitions/{id}/versions/{version}', { params: { path: { id, version } } }),
  );
  if (found.error) throw refusal(found.error, found.response);
  return { version: found.data.version, definition: found.data.definition as Record<string, unknown> };
}

// The runtime stamps each published copy with its version number; a file may carry any.
const withoutVersion = ({ version: _, ...rest }: Record<string, unknown>) => rest;

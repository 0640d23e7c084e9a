import { parseDefinition, type WorkflowDefinition } from '@flowline/engine';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, read, type Schemas } from '../app/apiClient';
import { ApiError } from '../app/apiErrors';
import { WORKFLOWS_KEY } from '../workflows/useWorkflows';
import type { SaveAnswer, SaveTransport } from './autosaver';
import { draftDocument } from './draftDocument';

export type VersionSummary = {
  readonly version: number;
  readonly publishedAt: number;
  readonly publishedBy: string;
  readonly note?: string;
};

export const versionsKey = (id: string) => ['workflows', id, 'versions'] as const;

/** The published versions of a workflow, newest first (GET /api/definitions/{id}/versions). */
export function useVersionList(id: string, enabled = true) {
  return useQuery({
    queryKey: versionsKey(id),
    enabled,
    queryFn: async (): Promise<VersionSummary[]> => {
      const answer = await read(api.GET('/api/definitions/{id}/versions', { params: { path: { id } } }));
      return [...answer.items].sort((a, b) => b.version - a.version);
    },
  });
}

export interface LoadedVersion {
  readonly version: number;
  readonly definition: WorkflowDefinition;
}

async function fetchVersion(id: string, version: number): Promise<LoadedVersion> {
  const answer = await read(
    api.GET('/api/definitions/{id}/versions/{version}', { params: { path: { id, version } } }),
  );
  const parsed = parseDefinition(answer.definition);
  // Published versions passed the engine's check; one that no longer reads is said, not drawn.
  if (!parsed.ok)
    throw new ApiError({
      status: 200,
      code: 'UNREADABLE',
      sentence: `Version ${version} does not follow the workflow format this designer reads.`,
      fields: [],
    });
  return { version, definition: parsed.value };
}

/** One published version, read by the engine (immutable: kept for the session). */
export function useVersion(id: string, version: number | undefined) {
  return useQuery(versionQuery(id, version));
}

/** The query of one published version (a version never changes: read once), for useQueries too. */
export function versionQuery(id: string, version: number | undefined) {
  return {
    queryKey: [...versionsKey(id), version] as const,
    enabled: version !== undefined && Number.isInteger(version) && version > 0,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: () => fetchVersion(id, version!),
  };
}

/** A publish the server refused because the draft has errors (422): the issues are the engine's. */
export class PublishRefused extends Error {
  readonly issues: readonly Schemas['ValidationIssue'][];
  constructor(message: string, issues: readonly Schemas['ValidationIssue'][]) {
    super(message);
    this.name = 'PublishRefused';
    this.issues = issues;
  }
}

/** Publishes the draft at the revision the editor saved last, with a note. */
export function usePublish(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ note, expectedDraftRev }: { note: string; expectedDraftRev: number }) => {
      const body = { ...(note.trim() ? { note: note.trim() } : {}), expectedDraftRev };
      const answer = await api
        .POST('/api/definitions/{id}/publish', { params: { path: { id } }, body })
        .catch(() => undefined);
      if (answer?.response.status === 422) {
        const refused = answer.error as { message?: string; issues?: Schemas['ValidationIssue'][] };
        throw new PublishRefused(refused.message ?? 'Fix the errors before publishing', refused.issues ?? []);
      }
      return read(answer ? Promise.resolve(answer) : Promise.reject(new TypeError('fetch failed')));
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: versionsKey(id) });
      void queryClient.invalidateQueries({ queryKey: WORKFLOWS_KEY, exact: true });
    },
  });
}

/** Autosave's way to the server: PUT with the expected revision, keepalive when the page goes away. */
export function saveTransport(id: string): SaveTransport {
  return {
    async save(definition, expectedRev, leaving) {
      let answer;
      try {
        answer = await api.PUT('/api/definitions/{id}', {
          params: { path: { id } },
          body: { draftRev: expectedRev, definition: definition as unknown as Record<string, never> },
          ...(leaving ? { keepalive: true } : {}),
        });
      } catch {
        return { ok: false, kind: 'unavailable', message: 'Cannot reach the Flowline server.' };
      }
      if (answer.data) return { ok: true, draftRev: answer.data.draft.draftRev };
      const status = answer.response.status;
      const error = answer.error as { message?: string } | undefined;
      if (status === 409) return { ok: false, kind: 'conflict', message: error?.message ?? 'Changed since.' };
      if (status >= 500 || status === 429 || status === 0)
        return { ok: false, kind: 'unavailable', message: 'The server could not save the draft.' };
      if (status === 401)
        return { ok: false, kind: 'refused', message: 'Your session has ended. Sign in again.' };
      return {
        ok: false,
        kind: 'refused',
        message: error?.message
          ? `${error.message}.`.replace(/\.\.$/, '.')
          : `The server refused it (HTTP ${status}).`,
      } satisfies SaveAnswer;
    },
    async currentRev() {
      const answer = await read(api.GET('/api/definitions/{id}', { params: { path: { id } } }));
      return answer.draft.draftRev;
    },
  };
}

/** The stored draft now (after a conflict: theirs), read by the engine. */
export async function fetchDraft(id: string) {
  const answer = await read(api.GET('/api/definitions/{id}', { params: { path: { id } } }));
  return { draftRev: answer.draft.draftRev, definition: draftDocument(answer.draft.definition) };
}

import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, read } from '../app/apiClient';
import { browserStorage, clearBackup } from '../versions/localBackup';
import { emptyDefinition } from './workflowSummary';

export const WORKFLOWS_KEY = ['workflows'] as const;

/** The drafts, each with its newest published version (GET /api/definitions), a page at a time. */
export function useWorkflows() {
  return useInfiniteQuery({
    queryKey: WORKFLOWS_KEY,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      read(
        api.GET('/api/definitions', {
          params: { query: { limit: 100, ...(pageParam === undefined ? {} : { cursor: pageParam }) } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/**
 * Creates a draft, empty or from a template's definition (PUT with draftRev 0: refused with 409
 * when the id is taken).
 */
export function useCreateWorkflow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name, definition }: { id: string; name: string; definition?: object }) =>
      read(
        api.PUT('/api/definitions/{id}', {
          params: { path: { id } },
          body: {
            draftRev: 0,
            definition: (definition ?? emptyDefinition(id, name)) as Record<string, never>,
          },
        }),
        { creating: id },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: WORKFLOWS_KEY }),
  });
}

/**
 * Deletes a workflow that was never published, at the revision the list showed (409 when it was
 * saved since, or published). Its unsaved local backup goes with it, so a new workflow given the
 * same id is not offered the old one's work.
 */
export function useDeleteWorkflow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, draftRev }: { id: string; draftRev: number }) => {
      await read(api.DELETE('/api/definitions/{id}', { params: { path: { id }, query: { draftRev } } }));
      clearBackup(browserStorage(), id);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: WORKFLOWS_KEY }),
  });
}

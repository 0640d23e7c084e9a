import { parseDefinition, type WorkflowDefinition } from '@flowline/engine';
import { useQuery } from '@tanstack/react-query';
import { api, read, type Schemas } from '../app/apiClient';

export type Issue = Schemas['ValidationIssue'];

export interface LoadedWorkflow {
  readonly draft: Schemas['Draft'];
  readonly issues: readonly Issue[];
  /** Undefined when the stored draft does not follow the format (the issues say why). */
  readonly definition: WorkflowDefinition | undefined;
}

/** A workflow's draft (GET /api/definitions/{id}), read by the engine as the canvas needs it. */
export function useWorkflow(id: string) {
  return useQuery({
    queryKey: ['workflows', id],
    // The editor holds the draft from here on (autosave writes it back); a refetch on focus would
    // only race with it. Another tab's save is found by the draft revision when saving.
    refetchOnWindowFocus: false,
    queryFn: async (): Promise<LoadedWorkflow> => {
      const answer = await read(api.GET('/api/definitions/{id}', { params: { path: { id } } }));
      const parsed = parseDefinition(answer.draft.definition);
      return { draft: answer.draft, issues: answer.issues, definition: parsed.ok ? parsed.value : undefined };
    },
  });
}

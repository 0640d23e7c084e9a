import type { WorkflowDefinition } from '@flowline/engine';
import { useQuery } from '@tanstack/react-query';
import { api, read, type Schemas } from '../app/apiClient';
import { draftDocument } from '../versions/draftDocument';

export type Issue = Schemas['ValidationIssue'];

export interface LoadedWorkflow {
  readonly draft: Schemas['Draft'];
  readonly issues: readonly Issue[];
  /** Undefined when the stored draft cannot be drawn at all (the issues say why). */
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
      // Work in progress that autosave kept opens too; live validation says what is missing.
      return {
        draft: answer.draft,
        issues: answer.issues,
        definition: draftDocument(answer.draft.definition),
      };
    },
  });
}

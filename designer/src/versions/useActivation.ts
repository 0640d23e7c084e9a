import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, read, type Schemas } from '../app/apiClient';
import { WORKFLOWS_KEY } from '../workflows/useWorkflows';

export type Activation = Pick<Schemas['WorkflowActivation'], 'active' | 'deactivated'>;

export const activationKey = (id: string) => ['workflows', id, 'activation'] as const;

/** Whether the workflow takes new starts, and since when and by whom it does not (GET /api/definitions/{id}). */
export function useActivation(id: string, enabled = true) {
  return useQuery({
    queryKey: activationKey(id),
    enabled,
    queryFn: async (): Promise<Activation> => {
      const answer = await read(api.GET('/api/definitions/{id}', { params: { path: { id } } }));
      return { active: answer.active, ...(answer.deactivated ? { deactivated: answer.deactivated } : {}) };
    },
  });
}

/** Deactivates or activates it; the list's badge and the request portal follow. */
export function useSetActive(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (active: boolean) =>
      read(
        active
          ? api.POST('/api/definitions/{id}/activate', { params: { path: { id } } })
          : api.POST('/api/definitions/{id}/deactivate', { params: { path: { id } } }),
      ),
    onSuccess: (answer) => {
      queryClient.setQueryData<Activation>(activationKey(id), {
        active: answer.active,
        ...(answer.deactivated ? { deactivated: answer.deactivated } : {}),
      });
      void queryClient.invalidateQueries({ queryKey: WORKFLOWS_KEY, exact: true });
      void queryClient.invalidateQueries({ queryKey: ['request-forms'] });
    },
  });
}

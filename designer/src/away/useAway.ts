import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, read, type Schemas } from '../app/apiClient';
import { SESSION_KEY } from '../app/queryClient';

export type Away = Schemas['Away'];

export interface AwayRequest {
  readonly delegate: string;
  readonly until: number;
  readonly from?: number;
  readonly note?: string;
}

/** Where a setting is shown: the signed-in user (the session) and the admin's users list. */
const AWAY_SHOWN_IN = [SESSION_KEY, ['admin', 'users']] as const;

/**
 * Sets or clears the away setting of the signed-in user (no `userId`), or, for an admin, of
 * another user (PUT/DELETE /api/users/{id}/away).
 */
export function useAway(userId?: string) {
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all(AWAY_SHOWN_IN.map((queryKey) => queryClient.invalidateQueries({ queryKey: [...queryKey] })));
  const save = useMutation({
    mutationFn: (body: AwayRequest) =>
      userId === undefined
        ? read(api.PUT('/api/me/away', { body }))
        : read(api.PUT('/api/users/{id}/away', { params: { path: { id: userId } }, body })),
    onSuccess: refresh,
  });
  const clear = useMutation({
    mutationFn: () =>
      userId === undefined
        ? read(api.DELETE('/api/me/away'))
        : read(api.DELETE('/api/users/{id}/away', { params: { path: { id: userId } } })),
    onSuccess: refresh,
  });
  return { save, clear };
}

import { useQuery } from '@tanstack/react-query';
import { api, read } from '../app/apiClient';

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

/** Active users whose e-mail, name or a word of it starts with `query` (GET /api/people). */
export function usePeople(query: string, enabled: boolean) {
  const q = query.trim();
  return useQuery({
    queryKey: ['people', q],
    queryFn: () => read(api.GET('/api/people', { params: { query: { q, limit: 8 } } })),
    enabled: enabled && q.length > 0,
    staleTime: 30_000,
  });
}

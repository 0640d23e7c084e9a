import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, read, type Schemas } from '../app/apiClient';

export type User = Schemas['User'];
export type GroupListItem = Schemas['GroupListItem'];
export type ConnectionListed = Schemas['ConnectionListed'];
export type ConnectorEntry = Awaited<ReturnType<typeof fetchConnectors>>[number];
export type ApiToken = Awaited<ReturnType<typeof fetchTokens>>[number];

/** Every query of these screens sits under `['admin', …]` (not the editor's `['connectors']`). */
export const ADMIN_KEYS = {
  users: ['admin', 'users'],
  groups: ['admin', 'groups'],
  group: (id: string) => ['admin', 'groups', id],
  tokens: ['admin', 'tokens'],
  connections: ['admin', 'connections'],
  connection: (id: string) => ['admin', 'connections', id],
  connectors: ['admin', 'connectors'],
} as const;

/** Follows the cursor to the end: an organisation's users and groups fit in a few pages. */
async function allPages<T>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i += 1) {
    const answer = await page(cursor);
    items.push(...answer.items);
    if (!answer.nextCursor) break;
    cursor = answer.nextCursor;
  }
  return items;
}

export const useUsers = () =>
  useQuery({
    queryKey: ADMIN_KEYS.users,
    queryFn: () =>
      allPages((cursor) =>
        read(api.GET('/api/users', { params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } } })),
      ),
  });

export const useGroups = () =>
  useQuery({
    queryKey: ADMIN_KEYS.groups,
    queryFn: () =>
      allPages((cursor) =>
        read(api.GET('/api/groups', { params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } } })),
      ),
  });

export const useGroup = (id: string | undefined) =>
  useQuery({
    queryKey: ADMIN_KEYS.group(id ?? ''),
    enabled: id !== undefined,
    queryFn: () => read(api.GET('/api/groups/{id}', { params: { path: { id: id! } } })),
  });

async function fetchTokens() {
  return (await read(api.GET('/api/tokens'))).items;
}
export const useTokens = () => useQuery({ queryKey: ADMIN_KEYS.tokens, queryFn: fetchTokens });

/** Every user's tokens (GET /api/admin/tokens), under the tokens key so a change rereads both. */
export const useAllTokens = () =>
  useQuery({
    queryKey: [...ADMIN_KEYS.tokens, 'all'],
    queryFn: async () => (await read(api.GET('/api/admin/tokens'))).items,
  });

export const useConnections = () =>
  useQuery({
    queryKey: ADMIN_KEYS.connections,
    queryFn: async () => (await read(api.GET('/api/connections', { params: { query: {} } }))).items,
  });

export const useConnection = (id: string | undefined) =>
  useQuery({
    queryKey: ADMIN_KEYS.connection(id ?? ''),
    enabled: id !== undefined,
    // Always read afresh: another admin may have changed it.
    staleTime: 0,
    queryFn: () => read(api.GET('/api/connections/{id}', { params: { path: { id: id! } } })),
  });

async function fetchConnectors() {
  return (await read(api.GET('/api/connectors'))).items;
}
export const useConnectors = () =>
  useQuery({ queryKey: ADMIN_KEYS.connectors, queryFn: fetchConnectors, staleTime: 5 * 60_000 });

/** A mutation that makes the given admin queries stale when it succeeds. */
export function useAdminMutation<A, R>(
  mutationFn: (args: A) => Promise<R>,
  invalidates: ReadonlyArray<readonly unknown[]>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async () => {
      await Promise.all(invalidates.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    },
  });
}

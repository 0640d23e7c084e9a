import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { api, read, type Me, type Permission } from '../app/apiClient';
import { ApiError } from '../app/apiErrors';

import { SESSION_KEY } from '../app/queryClient';
import { runBeforeSignOut } from '../app/beforeSignOut';
import { withGateClosed } from '../app/signOutGate';

export { SESSION_KEY };

/** The signed-in user, or null when nobody is (a 401 is an answer here, not an error). */
async function fetchSession(): Promise<Me | null> {
  try {
    return await read(api.GET('/api/auth/me'));
  } catch (error) {
    if (error instanceof ApiError && error.problem.status === 401) return null;
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000 });
}

/**
 * The user RequireSession last rendered its routes for. Read from context, not from the session
 * query: when the session ends, the guard re-renders first and unmounts them, so a route never
 * renders with no user (reading the query directly, a child could see the sign-out before its
 * guard did).
 */
const MeContext = createContext<Me | null>(null);
export const MeProvider = MeContext.Provider;

/** The signed-in user; only inside routes that RequireSession guards. */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside a signed-in route');
  return me;
}

/** What the server says the user's roles grant (GET /api/auth/me), never a copy of the role table. */
export const can = (me: Me | null | undefined, permission: Permission): boolean =>
  me?.permissions.includes(permission) ?? false;

export function useCan(permission: Permission): boolean {
  return can(useSession().data, permission);
}

/**
 * Another user (or nobody) from now on: forget every other answer (they were read with the old
 * session's permissions), keep the session query itself so its observers see the change.
 */
function switchUser(queryClient: QueryClient, me: Me | null): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
  queryClient.setQueryData(SESSION_KEY, me);
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { email: string; password: string }) =>
      read(api.POST('/api/auth/sign-in', { body: credentials }), { signingIn: true }),
    onSuccess: (me) => switchUser(queryClient, me),
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await runBeforeSignOut();
      // Reads already sent are answered first; none start until the sign-out is through and
      // the old user's answers are forgotten (so none is refetched with no session).
      return withGateClosed(async (send) => {
        try {
          return await read(api.POST('/api/auth/sign-out', { fetch: send }));
        } finally {
          // Signed out locally whatever the server said: the cookie may already be gone.
          switchUser(queryClient, null);
        }
      });
    },
  });
}

/**
 * Changes the password, then signs in again with the new one (the change ends every session of
 * the user, this one included).
 */
export function useChangePassword(email: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (passwords: { current: string; next: string }) => {
      await read(api.POST('/api/auth/password', { body: passwords }));
      return read(api.POST('/api/auth/sign-in', { body: { email, password: passwords.next } }), {
        signingIn: true,
      });
    },
    onSuccess: (me) => switchUser(queryClient, me),
  });
}

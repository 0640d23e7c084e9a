import { QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './apiErrors';

export const SESSION_KEY = ['session'] as const;

/**
 * Server state for the whole app. Client errors (4xx) are answers, not hiccups: retried only when
 * the server could not answer. A request refused because the session ended or the password must
 * change re-reads the session, so the guard shows sign-in or the password screen.
 */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (query.queryKey[0] === SESSION_KEY[0] || !(error instanceof ApiError)) return;
        if (error.problem.status === 401 || error.problem.code === 'PASSWORD_CHANGE_REQUIRED')
          void client.invalidateQueries({ queryKey: SESSION_KEY });
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        retry: (failures, error) =>
          failures < 2 &&
          (!(error instanceof ApiError) || error.problem.status === 0 || error.problem.status >= 500),
      },
      mutations: { retry: false },
    },
  });
  return client;
}

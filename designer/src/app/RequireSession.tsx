import { lazy, Suspense } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { MeProvider, useSession } from '../auth/session';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Loading } from '../ui/Loading';
import { sentenceOf } from './apiErrors';

const ChangePasswordPage = lazy(() =>
  import('../auth/ChangePasswordPage').then((m) => ({ default: m.ChangePasswordPage })),
);

/** Everything but sign-in: signed in, and with a password of the user's own choosing. */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Loading fullPage label="Loading Flowline…" />;
  if (session.isError)
    return (
      <main className="page page--narrow">
        <Alert>{sentenceOf(session.error)}</Alert>
        <Button onClick={() => void session.refetch()} busy={session.isFetching}>
          Try again
        </Button>
      </main>
    );
  if (!session.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <MeProvider value={session.data}>
      {session.data.mustChangePassword ? (
        <Suspense fallback={<Loading fullPage />}>
          <ChangePasswordPage />
        </Suspense>
      ) : (
        <Outlet />
      )}
    </MeProvider>
  );
}

import { createBrowserRouter, Navigate } from 'react-router';
import { Loading } from '../ui/Loading';
import { AppShell } from './AppShell';
import { ErrorPage, NotFoundPage } from './ErrorPage';
import { RequireSession } from './RequireSession';

/**
 * The pages. Each is loaded when first visited, so the first load carries the shell only; the
 * editor (React Flow, the engine) arrives with the editor. Later screens (inbox, runs,
 * requests, dashboard, admin) are further children of the shell.
 */
export function createRouter() {
  return createBrowserRouter([
    {
      path: '/sign-in',
      errorElement: <ErrorPage />,
      hydrateFallbackElement: <Loading fullPage />,
      lazy: async () => ({ Component: (await import('../auth/SignInPage')).SignInPage }),
    },
    {
      path: '/',
      element: <RequireSession />,
      errorElement: <ErrorPage />,
      hydrateFallbackElement: <Loading fullPage />,
      children: [
        {
          element: <AppShell />,
          errorElement: <ErrorPage />,
          children: [
            { index: true, element: <Navigate to="/workflows" replace /> },
            {
              path: 'workflows',
              lazy: async () => ({ Component: (await import('../workflows/WorkflowsPage')).WorkflowsPage }),
            },
            {
              path: 'workflows/:id',
              lazy: async () => ({ Component: (await import('../editor/EditorPage')).EditorPage }),
            },
            {
              path: 'workflows/:id/versions/:version',
              lazy: async () => ({ Component: (await import('../versions/VersionPage')).VersionPage }),
            },
            {
              path: 'workflows/:id/compare',
              lazy: async () => ({ Component: (await import('../versions/ComparePage')).ComparePage }),
            },
            {
              path: 'admin/*',
              lazy: async () => ({ Component: (await import('../admin/AdminPage')).AdminPage }),
            },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ]);
}

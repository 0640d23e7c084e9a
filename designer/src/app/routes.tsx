import { createBrowserRouter } from 'react-router';
import { Loading } from '../ui/Loading';
import { AppShell } from './AppShell';
import { ErrorPage, NotFoundPage } from './ErrorPage';
import { HomeRedirect } from './HomeRedirect';
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
            { index: true, element: <HomeRedirect /> },
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
              path: 'dashboard',
              lazy: async () => ({ Component: (await import('../dashboard/DashboardPage')).DashboardPage }),
            },
            {
              path: 'runs',
              lazy: async () => ({ Component: (await import('../runs/RunsPage')).RunsPage }),
            },
            {
              path: 'runs/:id',
              lazy: async () => ({ Component: (await import('../runs/RunPage')).RunPage }),
            },
            {
              path: 'requests',
              lazy: async () => ({ Component: (await import('../portal/PortalPage')).PortalPage }),
            },
            {
              path: 'requests/new/:workflowId',
              lazy: async () => ({ Component: (await import('../portal/RequestFormPage')).RequestFormPage }),
            },
            {
              path: 'requests/:id',
              lazy: async () => ({ Component: (await import('../portal/RequestPage')).RequestPage }),
            },
            {
              path: 'inbox',
              lazy: async () => ({ Component: (await import('../inbox/InboxPage')).InboxPage }),
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

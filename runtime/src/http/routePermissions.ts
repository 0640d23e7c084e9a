import { defineRoutePermissions } from '../auth';

/** THE route → permission table. A route missing here is refused (and the app refuses to start). */
export const routePermissions = defineRoutePermissions(
  {
    'GET /healthz': 'public',
    'GET /readyz': 'public',
    'GET /metrics': 'metrics:read',
    'GET /api/openapi.json': 'public',
    'GET /api/docs': 'public',
    'GET /api/docs.js': 'public',
    'POST /api/auth/sign-in': 'public',
    'POST /api/auth/sign-out': 'public',
    'GET /api/auth/me': 'authenticated',
    'POST /api/auth/password': 'authenticated',
    // Out of office: anyone may say they are away (it hands on only tasks they were given).
    'PUT /api/me/away': 'authenticated',
    'DELETE /api/me/away': 'authenticated',
    'GET /api/definitions': 'definitions:read',
    'POST /api/definitions/validate': 'definitions:read',
    'GET /api/definitions/:id': 'definitions:read',
    'PUT /api/definitions/:id': 'definitions:write',
    'DELETE /api/definitions/:id': 'definitions:write',
    'POST /api/definitions/:id/publish': 'definitions:publish',
    // Retiring a workflow and bringing it back weigh as much as publishing it.
    'POST /api/definitions/:id/deactivate': 'definitions:publish',
    'POST /api/definitions/:id/activate': 'definitions:publish',
    'GET /api/definitions/:id/versions': 'definitions:read',
    'GET /api/definitions/:id/versions/:version': 'definitions:read',
    'POST /api/instances': 'instances:start',
    'GET /api/instances': 'instances:read',
    'GET /api/instances/:id': 'instances:read',
    // The version an instance runs, for whoever may see that instance (the handler checks).
    'GET /api/instances/:id/definition': 'instances:read',
    // The request portal's catalogue: only those who may start requests need it.
    'GET /api/request-forms': 'instances:start',
    'GET /api/request-forms/:workflowId': 'instances:start',
    'POST /api/instances/:id/cancel': 'instances:cancel',
    // The handler lets the instance's starter, or an instances:cancel holder, withdraw it.
    'POST /api/instances/:id/withdraw': 'authenticated',
    // Registered only in a process started with FLOWLINE_TEST_CLOCK (refused in production).
    'GET /api/test/clock': 'users:admin',
    'POST /api/test/clock': 'users:admin',
    'POST /api/instances/:id/events': 'events:send',
    'POST /api/instances/:id/retry': 'jobs:retry',
    'POST /api/events': 'events:send',
    'GET /api/tasks': 'tasks:read',
    'GET /api/tasks/:id': 'tasks:read',
    'POST /api/tasks/:id/decide': 'tasks:decide',
    'POST /api/tasks/:id/delegate': 'tasks:decide',
    'GET /api/connectors': 'connectors:read',
    'POST /api/webhooks/:workflowId': 'public',
    'POST /api/users': 'users:admin',
    'GET /api/users': 'users:admin',
    'PATCH /api/users/:id': 'users:admin',
    'PUT /api/users/:id/password': 'users:admin',
    'PUT /api/users/:id/away': 'users:admin',
    'DELETE /api/users/:id/away': 'users:admin',
    'POST /api/tokens': 'authenticated',
    'GET /api/tokens': 'authenticated',
    'DELETE /api/tokens/:id': 'authenticated',
    'GET /api/admin/tokens': 'users:admin',
    'DELETE /api/admin/tokens/:id': 'users:admin',
    'POST /api/tasks/:id/links': 'tasks:decide',
    'GET /api/connections': 'connections:read',
    'PUT /api/connections/:connectorId/:name': 'credentials:write',
    'GET /api/connections/:id': 'credentials:write',
    'DELETE /api/connections/:id': 'credentials:write',
    'POST /api/connections/:id/test': 'credentials:write',
    // Each event is checked again per user: instances need instances:read, tasks their assignee.
    'GET /api/stream': 'authenticated',
    // People pickers (a form naming a person, delegation): the handler asks for a reason to pick.
    'GET /api/people': 'authenticated',
    // Pickers (approval assignees, starter groups) list groups; admins manage them and see members.
    'GET /api/groups': 'definitions:read',
    'POST /api/groups': 'users:admin',
    'GET /api/groups/:id': 'users:admin',
    'PATCH /api/groups/:id': 'users:admin',
    'DELETE /api/groups/:id': 'users:admin',
    'PUT /api/groups/:id/members/:userId': 'users:admin',
    'DELETE /api/groups/:id/members/:userId': 'users:admin',
    // Aggregates over every instance (volumes, who waits where): only those who may see every
    // instance; scoped to one approver's or requester's runs they would mean little.
    'GET /api/statistics/workflows': 'instances:read:all',
    'GET /api/statistics/workflows/:id': 'instances:read:all',
    // Retention removes ended instances and their audit trail: an admin's decision.
    'GET /api/definitions/:id/retention': 'users:admin',
    'PUT /api/definitions/:id/retention': 'users:admin',
    'DELETE /api/definitions/:id/retention': 'users:admin',
    'GET /approve/:token': 'public',
    'POST /approve/:token': 'public',
    // The designer (web app): static pages and scripts, no data; every page outside /api and /approve.
    'GET /': 'public',
    'GET /:path{(?!api(?:/|$)|approve(?:/|$)).+}': 'public',
  },
  {
    middleware: ['/*', '/api/*', '/api/auth/sign-in', '/api/webhooks/*', '/approve/*', '/api/auth/password'],
    beforePasswordChange: [
      'GET /api/auth/me',
      'POST /api/auth/password',
      'POST /api/auth/sign-out',
      // The app must load to show its password-change screen.
      'GET /',
      'GET /:path{(?!api(?:/|$)|approve(?:/|$)).+}',
    ],
  },
);

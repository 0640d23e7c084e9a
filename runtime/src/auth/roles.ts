import type { Role } from '../store';

export type { Role };
export const ROLES = [
  'admin',
  'designer',
  'approver',
  'viewer',
  'requester',
] as const satisfies readonly Role[];

export const PERMISSIONS = [
  'definitions:read',
  'definitions:write',
  'definitions:publish',
  /** Instances the holder started, or (with tasks:read) has or had a task on; see instanceScope.ts. */
  'instances:read',
  /** Every instance, and the statistics aggregated over all of them. */
  'instances:read:all',
  'instances:start',
  'instances:cancel',
  'tasks:read',
  'tasks:decide',
  'events:send',
  'connectors:read',
  /** Connection names and connector ids (to pick one in a task), never credentials or settings. */
  'connections:read',
  'credentials:write',
  'users:admin',
  'metrics:read',
  'jobs:retry',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

// Requesters start requests through forms and follow their own; they read no definitions and decide nothing.
const REQUEST: readonly Permission[] = ['instances:read', 'instances:start'];
const READ_OWN: readonly Permission[] = [
  'definitions:read',
  'instances:read',
  'tasks:read',
  'connectors:read',
];
// Viewers read everything (every run, the dashboard) and change nothing. The metrics count every
// run of every workflow, so they go with reading all runs, not with reading one's own.
const READ: readonly Permission[] = [...READ_OWN, 'instances:read:all', 'metrics:read'];
// Approvers decide tasks (the handler checks they are an assignee) and start instances through
// request forms; they change no definitions, and see only the runs they started or have a task on.
const APPROVE: readonly Permission[] = [...READ_OWN, 'tasks:decide', 'instances:start'];
// Designers (process owners) draw, publish and run their processes; users and credentials stay with admins.
const DESIGN: readonly Permission[] = [
  ...APPROVE,
  'instances:read:all',
  'definitions:write',
  'definitions:publish',
  'instances:cancel',
  'events:send',
  'jobs:retry',
  'connections:read',
  'metrics:read',
];

/** The role → permission table; the only place that says what a role may do. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  requester: new Set(REQUEST),
  viewer: new Set(READ),
  approver: new Set(APPROVE),
  designer: new Set(DESIGN),
  admin: new Set(PERMISSIONS),
};

/** True when any of the roles grants the permission. */
// Own keys only: a stray role string such as '__proto__' must grant nothing, not reach Object.prototype.
export const hasPermission = (roles: readonly Role[], permission: Permission): boolean =>
  roles.some((role) => Object.hasOwn(ROLE_PERMISSIONS, role) && ROLE_PERMISSIONS[role].has(permission));

/** Every permission the roles grant together. */
export const permissionsOf = (roles: readonly Role[]): Set<Permission> =>
  new Set(PERMISSIONS.filter((permission) => hasPermission(roles, permission)));

/**
 * The requested roles' permissions the holder lacks (empty: the holder may grant them). Compared
 * by permission, not by role name, so a designer may hand out a narrower approver token but no
 * caller can hand out more than its own effective roles carry.
 */
export function permissionsBeyond(held: readonly Role[], requested: readonly Role[]): Permission[] {
  const mine = permissionsOf(held);
  return [...permissionsOf(requested)].filter((permission) => !mine.has(permission));
}

export const isPermission = (value: string): value is Permission =>
  (PERMISSIONS as readonly string[]).includes(value);

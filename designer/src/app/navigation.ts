import { Activity, ChartColumn, Inbox, Send, Settings, Workflow, type LucideIcon } from 'lucide-react';
import type { Permission } from './apiClient';

export interface NavItem {
  readonly to: string;
  readonly label: string;
  readonly icon: LucideIcon;
  /** Shown only to users whose roles grant it. */
  readonly permission: Permission;
  /** And this too, when the screen needs a second permission. */
  readonly alsoNeeds?: Permission;
}

/**
 * The left navigation. The operations screens (inbox, runs, requests, dashboard, admin) join
 * this list as they are built; a screen that does not exist yet is not shown.
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/workflows', label: 'Workflows', icon: Workflow, permission: 'definitions:read' },
  // Aggregates over every instance: only for those who may see every instance.
  { to: '/dashboard', label: 'Dashboard', icon: ChartColumn, permission: 'instances:read:all' },
  // A run draws its version's canvas (definitions:read); requesters follow theirs in Requests.
  {
    to: '/runs',
    label: 'Runs',
    icon: Activity,
    permission: 'instances:read',
    alsoNeeds: 'definitions:read',
  },
  { to: '/inbox', label: 'Inbox', icon: Inbox, permission: 'tasks:read' },
  { to: '/requests', label: 'Requests', icon: Send, permission: 'instances:start' },
  { to: '/admin', label: 'Administration', icon: Settings, permission: 'users:admin' },
];

/** Whether the user may use a navigation item's screen. */
export const mayUse = (granted: (permission: Permission) => boolean, item: NavItem): boolean =>
  granted(item.permission) && (item.alsoNeeds === undefined || granted(item.alsoNeeds));

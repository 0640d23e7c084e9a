import { Activity, ChartColumn, Inbox, Send, Settings, Workflow, type LucideIcon } from 'lucide-react';
import type { Permission } from './apiClient';

export interface NavItem {
  readonly to: string;
  readonly label: string;
  readonly icon: LucideIcon;
  /** Shown only to users whose roles grant it. */
  readonly permission: Permission;
}

/**
 * The left navigation. The operations screens (inbox, runs, requests, dashboard, admin) join
 * this list as they are built; a screen that does not exist yet is not shown.
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/workflows', label: 'Workflows', icon: Workflow, permission: 'definitions:read' },
  { to: '/dashboard', label: 'Dashboard', icon: ChartColumn, permission: 'instances:read' },
  { to: '/runs', label: 'Runs', icon: Activity, permission: 'instances:read' },
  { to: '/inbox', label: 'Inbox', icon: Inbox, permission: 'tasks:read' },
  { to: '/requests', label: 'Requests', icon: Send, permission: 'instances:start' },
  { to: '/admin', label: 'Administration', icon: Settings, permission: 'users:admin' },
];

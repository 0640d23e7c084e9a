import type { Permission } from './apiClient';
import { mayUse, NAV_ITEMS } from './navigation';

/**
 * The page `/` leads to: the one that fits the user's work. Those who change workflows start at
 * Workflows; those who decide tasks (approvers) at their Inbox; those who only start requests at
 * Requests; anyone else at the first screen they may use. Read from permissions, as the server
 * grants them, never from role names.
 */
export function homePage(granted: (permission: Permission) => boolean): string {
  if (granted('definitions:write')) return '/workflows';
  if (granted('tasks:decide') && granted('tasks:read')) return '/inbox';
  if (granted('instances:start') && !granted('definitions:read')) return '/requests';
  return NAV_ITEMS.find((item) => mayUse(granted, item))?.to ?? '/workflows';
}

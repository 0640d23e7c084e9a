import { describe, expect, it } from 'vitest';
import type { Permission } from './apiClient';
import { homePage } from './homePage';

// The grants of each role as GET /api/auth/me reports them (runtime/src/auth/roles.ts).
const READ_OWN: Permission[] = ['definitions:read', 'instances:read', 'tasks:read', 'connectors:read'];
const APPROVER: Permission[] = [...READ_OWN, 'tasks:decide', 'instances:start'];
const REQUESTER: Permission[] = ['instances:read', 'instances:start'];
const VIEWER: Permission[] = [...READ_OWN, 'instances:read:all', 'metrics:read'];
const DESIGNER: Permission[] = [
  ...APPROVER,
  'instances:read:all',
  'definitions:write',
  'definitions:publish',
  'instances:cancel',
];
const of = (permissions: Permission[]) => homePage((p) => permissions.includes(p));

describe('the page a user lands on', () => {
  it('sends approvers to their inbox, not to the workflows they cannot change', () => {
    expect(of(APPROVER)).toBe('/inbox');
  });

  it('sends requesters to their requests', () => {
    expect(of(REQUESTER)).toBe('/requests');
  });

  it('sends designers and admins to the workflows, even when they also approve', () => {
    expect(of(DESIGNER)).toBe('/workflows');
  });

  it('sends readers to the first screen they may use', () => {
    expect(of(VIEWER)).toBe('/workflows');
  });
});

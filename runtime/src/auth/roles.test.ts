import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLE_PERMISSIONS, hasPermission, type Role } from './roles';

describe('role → permission table', () => {
  it('gives a viewer only reads', () => {
    expect([...ROLE_PERMISSIONS.viewer].every((permission) => /:read(:all)?$/.test(permission))).toBe(true);
  });

  it('lets a requester start requests and read their own, and nothing else', () => {
    expect([...ROLE_PERMISSIONS.requester].sort()).toEqual(['instances:read', 'instances:start']);
  });

  it('lets viewers, designers and admins see every instance, approvers and requesters only theirs', () => {
    for (const role of ['viewer', 'designer', 'admin'] as const)
      expect(hasPermission([role], 'instances:read:all')).toBe(true);
    for (const role of ['approver', 'requester'] as const)
      expect(hasPermission([role], 'instances:read:all')).toBe(false);
  });

  it('gives the metrics, which count every run, only to those who see every run', () => {
    for (const role of ['viewer', 'designer', 'admin'] as const)
      expect(hasPermission([role], 'metrics:read')).toBe(true);
    for (const role of ['approver', 'requester'] as const)
      expect(hasPermission([role], 'metrics:read')).toBe(false);
  });

  it('lets an approver decide tasks and start instances, and change nothing else', () => {
    expect(hasPermission(['approver'], 'tasks:decide')).toBe(true);
    expect(hasPermission(['approver'], 'instances:start')).toBe(true);
    for (const permission of [
      'definitions:write',
      'definitions:publish',
      'instances:cancel',
      'users:admin',
    ] as const) {
      expect(hasPermission(['approver'], permission)).toBe(false);
    }
  });

  it('lets a designer edit, publish, start and cancel, but not manage users or credentials', () => {
    for (const permission of [
      'definitions:write',
      'definitions:publish',
      'instances:start',
      'instances:cancel',
    ] as const) {
      expect(hasPermission(['designer'], permission)).toBe(true);
    }
    expect(hasPermission(['designer'], 'users:admin')).toBe(false);
    expect(hasPermission(['designer'], 'credentials:write')).toBe(false);
  });

  it('gives an admin every permission', () => {
    expect(PERMISSIONS.every((permission) => hasPermission(['admin'], permission))).toBe(true);
  });

  it('grants nothing to no roles, or to role names it does not know', () => {
    expect(PERMISSIONS.some((permission) => hasPermission([], permission))).toBe(false);
    const strays = ['__proto__', 'constructor', 'root'] as unknown as Role[];
    expect(PERMISSIONS.some((permission) => hasPermission(strays, permission))).toBe(false);
  });
});

import type { User } from '../store';

/**
 * Maria, the manager the access-approval examples' forms name (`manager: 'maria'`): an approver
 * the runtime can give that form's task to. Sign-in is not tested with her (no usable password).
 */
export const maria = {
  id: 'maria',
  email: 'maria@example.com',
  name: 'Maria',
  passwordHash: 'x',
  roles: ['approver' as const],
  groups: [],
  disabled: false,
  createdAt: 0,
} satisfies User;

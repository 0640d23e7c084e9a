import { hasPermission, type Role } from '../auth/roles';
import { AppError } from '../errors';
import type { Instance } from '../store';

/**
 * Who may withdraw a request: the person who started the instance, and whoever may cancel
 * instances (instances:cancel). Read from the caller's effective roles at request time, so a
 * revoked role stops working at once.
 */
export function assertMayWithdraw(
  instance: Pick<Instance, 'startedBy'>,
  caller: { readonly id: string; readonly roles: readonly Role[] },
): void {
  if (instance.startedBy !== undefined && instance.startedBy === caller.id) return;
  if (hasPermission(caller.roles, 'instances:cancel')) return;
  throw new AppError(
    'FORBIDDEN',
    'Only the person who started this request, or someone who may cancel instances, can withdraw it',
  );
}

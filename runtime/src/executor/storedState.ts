import { isPersistedState, type PersistedState } from '@flowline/engine';
import { AppError } from '../errors';
import type { Instance } from '../store';

/** The engine state an instance holds, checked on the way back from the store. */
export function storedState(instance: Pick<Instance, 'id' | 'snapshot'>): PersistedState {
  if (isPersistedState(instance.snapshot)) return instance.snapshot;
  throw new AppError('INTERNAL', `The stored state of instance ${instance.id} is not an engine state`);
}

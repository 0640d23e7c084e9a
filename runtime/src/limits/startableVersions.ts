import { checkDefinitionLimits } from '@flowline/engine';
import { AppError } from '../errors';
import type { LoadedVersion } from '../workflows/machineCache';
import type { RunLimits } from './runLimits';
import { LIMIT_EXCEEDED } from './stepLimits';

/**
 * Refuses to start a version that breaks today's definition limits (one published under other
 * limits, or stored around the publish route). Versions are immutable: each is judged once.
 */
export function createStartableCheck(limits: RunLimits) {
  const judged = new WeakMap<LoadedVersion, string | null>();
  return (loaded: LoadedVersion): void => {
    let problem = judged.get(loaded);
    if (problem === undefined) {
      problem = checkDefinitionLimits(loaded.definition, limits)[0]?.message ?? null;
      judged.set(loaded, problem);
    }
    if (problem !== null)
      throw new AppError(
        LIMIT_EXCEEDED,
        `Version ${loaded.version} of "${loaded.workflowId}" cannot start: ${problem}`,
      );
  };
}

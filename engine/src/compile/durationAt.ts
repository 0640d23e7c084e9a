import {
  computedDurationMs,
  isDurationExpression,
  type DurationOrExpression,
} from '../definition/computedDuration';
import { toMilliseconds } from '../definition/duration';
import { err, ok, type Result } from '../result';
import type { MachineContext } from './context';
import { evaluateAt, scopeData, type EvaluationFailure } from './evaluation';
import type { CompileModel } from './model';

/**
 * The milliseconds of a duration field (`path`, e.g. ['nodes', 3, 'due', 'after']) for the step
 * in progress: a fixed one as written; a computed one evaluated over the run's data, with `now`
 * the event's time (never a clock). A computed value that is not a usable duration fails with
 * `INVALID_DURATION`, naming the field, so the step fails visibly instead of waiting forever or
 * not at all.
 */
export function durationAt(
  model: CompileModel,
  context: MachineContext,
  path: readonly (string | number)[],
  value: DurationOrExpression,
): Result<number, EvaluationFailure> {
  if (!isDurationExpression(value)) return ok(toMilliseconds(value));
  const result = evaluateAt(model, [...path, 'expression'], scopeData(context));
  if (!result.ok) return result;
  const ms = computedDurationMs(path.slice(2).join('.'), result.value);
  return ms.ok ? ms : err({ code: 'INVALID_DURATION', message: ms.error });
}

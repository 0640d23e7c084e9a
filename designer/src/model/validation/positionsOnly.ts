import type { WorkflowDefinition } from '@flowline/engine';

/**
 * Whether `next` differs from `previous` only in where things sit on the canvas (the `x`/`y` of
 * layout entries): what a drag changes on every frame. The engine gives positions no meaning, so
 * such a change is not validated again (posting a thousand-node definition to the validation
 * worker on every frame of a drag cost the canvas ~6 ms a frame). A note's text or size, or any
 * other part of the definition, is a change.
 */
export function positionsOnly(previous: WorkflowDefinition, next: WorkflowDefinition): boolean {
  if (previous === next) return true;
  const keys = new Set([...Object.keys(previous), ...Object.keys(next)]) as Set<keyof WorkflowDefinition>;
  for (const key of keys) if (key !== 'layout' && previous[key] !== next[key]) return false;
  const before = previous.layout;
  const after = next.layout;
  if (before === after) return true;
  const ids = Object.keys(after);
  if (ids.length !== Object.keys(before).length) return false;
  for (const id of ids) {
    const a = before[id];
    const b = after[id];
    if (a === b) continue;
    if (a === undefined || b === undefined || !sameBesidesPosition(a, b)) return false;
  }
  return true;
}

function sameBesidesPosition(a: object, b: object): boolean {
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) if (key !== 'x' && key !== 'y' && left[key] !== right[key]) return false;
  return true;
}

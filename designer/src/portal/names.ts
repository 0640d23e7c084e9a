import type { Me } from '../app/apiClient';
import type { TimelineNames } from './timeline';
import { formatTime } from '../app/formatTime';

/**
 * Names for a timeline as this reader reads it: "you" for themselves, others by the names the
 * instance gives (`people`), a node by its name in the version's definition.
 */
export function timelineNames(
  me: Pick<Me, 'id'>,
  definition: unknown,
  people: Readonly<Record<string, string>> = {},
): TimelineNames {
  const nodes = new Map<string, string>();
  const list = (definition as { nodes?: unknown } | undefined)?.nodes;
  if (Array.isArray(list))
    for (const node of list) {
      const { id, name } = (node ?? {}) as { id?: unknown; name?: unknown };
      if (typeof id === 'string' && typeof name === 'string' && name.trim() !== '') nodes.set(id, name);
    }
  return {
    person: (id) => (id === me.id ? 'you' : (people[id] ?? id)),
    node: (id) => nodes.get(id),
    time: (at) => formatTime(at),
  };
}

/**
 * A list with one item moved by `offset` places (-1: up, +1: down), the others keeping their
 * order; the same array when the move would leave the list (the first item up, the last down).
 * The inspector's collection fields (form fields, outcomes, conditions, approvers) reorder with
 * it, as one undoable change of the list.
 */
export function movedItem<T>(items: readonly T[], index: number, offset: number): readonly T[] {
  const to = index + offset;
  if (index < 0 || index >= items.length || to < 0 || to >= items.length || offset === 0) return items;
  const next = [...items];
  const [item] = next.splice(index, 1);
  next.splice(to, 0, item as T);
  return next;
}

import { useCallback, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { rovingTarget, tabStop } from './rovingFocus';

/**
 * One Tab stop for a list of controls, each marked with `attribute` holding its id in `ids`
 * order: spread `handlers` on their container, give each `tabIndexOf(id)`. The arrows, Home and
 * End move focus (rovingFocus.ts); the Tab stop follows the last control focused.
 */
export function useRovingFocus(ids: readonly string[], attribute: string) {
  const container = useRef<HTMLDivElement>(null);
  const [last, setLast] = useState<string>();
  const stop = tabStop(ids, last);
  const idOf = (target: EventTarget) =>
    target instanceof Element ? (target.closest(`[${attribute}]`)?.getAttribute(attribute) ?? null) : null;
  const focusItem = useCallback(
    (id: string | undefined) => {
      if (id === undefined) return;
      container.current?.querySelector<HTMLElement>(`[${attribute}="${CSS.escape(id)}"]`)?.focus();
    },
    [attribute],
  );
  const handlers = {
    onKeyDown(event: KeyboardEvent<HTMLElement>) {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const id = idOf(event.target);
      if (id === null) return;
      const target = rovingTarget(event.key, ids.indexOf(id), ids.length);
      if (target === undefined) return;
      // The arrows would otherwise scroll the panel as well.
      event.preventDefault();
      focusItem(ids[target]);
    },
    onFocus(event: FocusEvent<HTMLElement>) {
      const id = idOf(event.target);
      if (id !== null) setLast(id);
    },
  };
  return {
    container,
    handlers,
    tabIndexOf: (id: string) => (id === stop ? 0 : -1),
    /** Moves focus to the control holding the Tab stop (from a search field above, say). */
    focusStop: () => focusItem(stop),
  };
}

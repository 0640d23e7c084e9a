import {
  Calendar,
  CalendarClock,
  ClipboardList,
  Plug,
  Radio,
  Search,
  Webhook,
  type LucideIcon,
} from 'lucide-react';
import { useId, useMemo, useState, type DragEvent } from 'react';
import { KIND_VISUALS } from '../canvas/kindVisuals';
import { PALETTE_MIME, useViewCentre } from '../canvas/viewCentre';
import { useEditorSession } from '../editor/editorSession';
import {
  freePosition,
  newNodeSize,
  nodeArgsOf,
  paletteItems,
  paletteOrigin,
  searchPalette,
  type PaletteItem,
} from '../model';
import { useRovingFocus } from './useRovingFocus';
import './palette.css';

/** Icons the palette names beyond the kinds' own (lucide, tree-shaken). */
const ICONS: Readonly<Record<string, LucideIcon>> = {
  'clipboard-list': ClipboardList,
  'calendar-clock': CalendarClock,
  calendar: Calendar,
  webhook: Webhook,
  radio: Radio,
};

const iconOf = (item: PaletteItem): LucideIcon =>
  ICONS[item.icon] ?? (item.action ? Plug : KIND_VISUALS[item.kind].icon);

/**
 * The palette: node kinds and the connectors' actions, searchable by name and by what they do.
 * Drag an entry onto the canvas (or onto an edge, to insert it in between), or press Enter (or
 * click) to add it at the centre of the view. The entries are a vertical toolbar: one Tab stop,
 * the arrows move between them (Down from the search too). Only for users who may edit.
 */
export function PalettePanel() {
  const { store, catalog, canEdit } = useEditorSession();
  const viewCentre = useViewCentre();
  const [query, setQuery] = useState('');
  const items = useMemo(() => paletteItems(catalog), [catalog]);
  const found = useMemo(() => searchPalette(items, query), [items, query]);
  const groups = useMemo(() => {
    if (query.trim() !== '') return [['Results', found] as const];
    const byGroup = new Map<string, PaletteItem[]>();
    for (const item of found) byGroup.set(item.group, [...(byGroup.get(item.group) ?? []), item]);
    return [...byGroup];
  }, [found, query]);
  const searchId = useId();
  // The entries are one Tab stop (arrows, Home and End move between them), not one per entry.
  const ids = useMemo(() => groups.flatMap(([, list]) => list.map((item) => item.id)), [groups]);
  const roving = useRovingFocus(ids, 'data-palette-id');
  if (!canEdit) return null;

  const add = (item: PaletteItem) => {
    const args = nodeArgsOf(item);
    const position = freePosition(store.getState().doc.definition, viewCentre(), 20, newNodeSize(args));
    store.getState().dispatch('addNode', { ...args, position });
  };
  const onDragStart = (event: DragEvent, item: PaletteItem) => {
    event.dataTransfer.setData(PALETTE_MIME, item.id);
    event.dataTransfer.effectAllowed = 'copy';
  };

  return (
    <aside className="editor__palette panel palette" aria-labelledby="palette-title">
      <h2 className="panel__title" id="palette-title">
        Node kinds and actions
      </h2>
      <div className="palette__search">
        <Search size={14} aria-hidden="true" className="palette__search-icon" />
        <input
          id={searchId}
          type="search"
          className="palette__search-input"
          placeholder="Search steps…"
          aria-label="Search node kinds and actions"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key !== 'ArrowDown') return;
            event.preventDefault();
            roving.focusStop();
          }}
        />
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {query.trim() === '' ? '' : `${found.length} ${found.length === 1 ? 'match' : 'matches'}`}
      </p>
      {found.length === 0 && <p className="palette__empty">Nothing matches “{query}”.</p>}
      <div
        ref={roving.container}
        role="toolbar"
        aria-orientation="vertical"
        aria-label="Steps to add"
        className="palette__entries"
        {...roving.handlers}
      >
        {groups.map(([group, list], index) => (
          <div
            key={group}
            role="group"
            className="palette__group"
            aria-labelledby={`${searchId}-group-${index}`}
          >
            <h3 className="palette__group-title" id={`${searchId}-group-${index}`}>
              {group}
            </h3>
            <ul className="palette__list">
              {list.map((item) => {
                const Icon = iconOf(item);
                const origin = paletteOrigin(item, query.trim() !== '');
                return (
                  <li key={item.id}>
                    <button
                      type="button"
                      draggable
                      className={`palette__item kind-list__item--${item.kind}`}
                      data-palette-id={item.id}
                      tabIndex={roving.tabIndexOf(item.id)}
                      title={`${item.description}. Drag onto the canvas, or press Enter to add it.`}
                      onDragStart={(event) => onDragStart(event, item)}
                      onClick={() => add(item)}
                    >
                      <span className="kind-list__icon">
                        <Icon size={14} aria-hidden="true" />
                      </span>
                      <span className="palette__text">
                        <span className="palette__title">{item.title}</span>
                        {origin && <span className="palette__origin">{origin}</span>}
                        <span className="palette__description">{item.description}</span>
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </div>
    </aside>
  );
}

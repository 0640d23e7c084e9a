import type { Catalog, NodeKind } from '@flowline/engine';
import { kindMeta } from '../document/newNode';
import type { AddNodeArgs } from '../document/edits';

/** One entry of the palette: what a drop on the canvas adds. */
export interface PaletteItem {
  /** Stable key: `kind:approval`, `kind:trigger:webhook`, `action:servicenow.createIncident`. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly kind: NodeKind;
  /** For a connector action: `connector.action`, and the connector's id and title. */
  readonly action?: string;
  readonly connector?: { readonly id: string; readonly title: string };
  /** Starting configuration (a trigger's type, a wait's kind). */
  readonly preset?: Readonly<Record<string, unknown>>;
  /** lucide icon name the canvas draws (`user-check`…). */
  readonly icon: string;
  /** Palette section. */
  readonly group: string;
  /** Other words it is found by (synonyms, what it does). */
  readonly keywords: readonly string[];
}

/** Icons by node kind (lucide names). */
export const KIND_ICONS: Readonly<Record<NodeKind, string>> = {
  trigger: 'play',
  task: 'plug',
  approval: 'user-check',
  manualTask: 'clipboard-check',
  decision: 'git-branch',
  transform: 'variable',
  parallel: 'git-fork',
  join: 'git-merge',
  wait: 'hourglass',
  subworkflow: 'workflow',
  forEach: 'repeat',
  end: 'flag',
};

interface KindEntry {
  readonly kind: NodeKind;
  readonly variant?: string;
  readonly title?: string;
  readonly description?: string;
  readonly preset?: Readonly<Record<string, unknown>>;
  readonly icon?: string;
  readonly group: string;
  readonly keywords: readonly string[];
}

/** Node kinds (tasks come from the catalog's actions), with the words people search by. */
const KIND_ENTRIES: readonly KindEntry[] = [
  {
    kind: 'trigger',
    variant: 'form',
    title: 'Request form',
    description: 'Starts when someone fills in the request form (self-service)',
    preset: { trigger: { type: 'form' } },
    icon: 'clipboard-list',
    group: 'Start',
    keywords: ['start', 'trigger', 'self-service', 'portal', 'request', 'form'],
  },
  {
    kind: 'trigger',
    variant: 'manual',
    title: 'Manual start',
    description: 'Started by hand or through the API',
    preset: { trigger: { type: 'manual' } },
    group: 'Start',
    keywords: ['start', 'trigger', 'api', 'button'],
  },
  {
    kind: 'trigger',
    variant: 'webhook',
    title: 'Webhook',
    description: 'Starts when another system calls its URL',
    preset: { trigger: { type: 'webhook' } },
    icon: 'webhook',
    group: 'Start',
    keywords: ['start', 'trigger', 'http', 'callback', 'incoming', 'integration'],
  },
  {
    kind: 'trigger',
    variant: 'cron',
    title: 'Schedule',
    description: 'Starts on a schedule (cron), e.g. every Monday at 9',
    preset: { trigger: { type: 'cron', schedule: '0 9 * * 1' } },
    icon: 'calendar-clock',
    group: 'Start',
    keywords: ['start', 'trigger', 'cron', 'timer', 'recurring', 'daily', 'weekly', 'periodic'],
  },
  {
    kind: 'trigger',
    variant: 'event',
    title: 'Named event',
    description: 'Starts when a named event is published',
    preset: { trigger: { type: 'event', event: 'ticket.created' } },
    icon: 'radio',
    group: 'Start',
    keywords: ['start', 'trigger', 'message', 'signal', 'listen'],
  },
  {
    kind: 'approval',
    group: 'People',
    keywords: [
      'approve',
      'review',
      'sign-off',
      'manager',
      'human',
      'person',
      'authorize',
      'consent',
      'reject',
    ],
  },
  {
    kind: 'manualTask',
    group: 'People',
    keywords: ['checklist', 'to do', 'todo', 'form', 'fill in', 'human', 'person', 'work', 'assign'],
  },
  {
    kind: 'decision',
    group: 'Flow',
    keywords: ['if', 'condition', 'branch', 'switch', 'route', 'choose', 'gateway', 'rule'],
  },
  {
    kind: 'parallel',
    group: 'Flow',
    keywords: ['fork', 'split', 'concurrent', 'branches', 'simultaneous', 'at the same time'],
  },
  { kind: 'join', group: 'Flow', keywords: ['merge', 'synchronize', 'wait for branches', 'gather'] },
  {
    kind: 'transform',
    group: 'Flow',
    keywords: ['set', 'variable', 'assign', 'map', 'compute', 'calculate', 'data'],
  },
  {
    kind: 'wait',
    variant: 'duration',
    title: 'Wait for a time',
    description: 'Pauses for a duration, e.g. two days',
    preset: { wait: { type: 'duration', duration: 'PT1H' } },
    group: 'Flow',
    keywords: ['delay', 'timer', 'sleep', 'pause', 'hold'],
  },
  {
    kind: 'wait',
    variant: 'until',
    title: 'Wait until',
    description: 'Pauses until a date and time computed from the request',
    preset: { wait: { type: 'until', until: 'now + duration("24h")' } },
    icon: 'calendar',
    group: 'Flow',
    keywords: ['delay', 'date', 'deadline', 'schedule', 'pause'],
  },
  {
    kind: 'wait',
    variant: 'event',
    title: 'Wait for an event',
    description: 'Pauses until another system sends a matching event',
    preset: { wait: { type: 'event', event: 'ticket.closed', correlationKey: '', output: {} } },
    icon: 'radio',
    group: 'Flow',
    keywords: ['message', 'signal', 'callback', 'receive', 'listen', 'correlate'],
  },
  {
    kind: 'subworkflow',
    group: 'Flow',
    keywords: ['call', 'child', 'reuse', 'sub-process', 'nested', 'invoke'],
  },
  {
    kind: 'forEach',
    group: 'Flow',
    keywords: ['loop', 'each', 'every', 'list', 'multi-instance', 'repeat', 'batch', 'per item'],
  },
  {
    kind: 'end',
    group: 'End',
    keywords: ['finish', 'stop', 'complete', 'done', 'outcome', 'terminate', 'result'],
  },
];

/** Palette entries: the node kinds, then one per connector action in the catalog. */
export function paletteItems(catalog: Catalog): PaletteItem[] {
  const kinds = KIND_ENTRIES.map((entry): PaletteItem => {
    const meta = kindMeta(entry.kind);
    return {
      id: entry.variant ? `kind:${entry.kind}:${entry.variant}` : `kind:${entry.kind}`,
      title: entry.title ?? meta.title,
      description: entry.description ?? meta.description,
      kind: entry.kind,
      ...(entry.preset ? { preset: entry.preset } : {}),
      icon: entry.icon ?? KIND_ICONS[entry.kind],
      group: entry.group,
      keywords: entry.keywords,
    };
  });
  const actions = catalog.connectors.flatMap((connector) =>
    connector.actions.map((action): PaletteItem => ({
      id: `action:${connector.id}.${action.id}`,
      title: action.title,
      description: action.description ?? `${action.title} (${connector.title})`,
      kind: 'task',
      action: `${connector.id}.${action.id}`,
      connector: { id: connector.id, title: connector.title },
      icon: `connector:${connector.id}`,
      group: connector.title,
      keywords: [connector.title, connector.id, ...splitWords(action.id), 'task', 'connector', 'integration'],
    })),
  );
  return [...kinds, ...actions];
}

/**
 * What an entry says about where it comes from, beside its title: search results are one list,
 * so a connector action names its connector there ("Create item" of which system?); in the
 * grouped list the connector's heading says it.
 */
export function paletteOrigin(item: PaletteItem, searching: boolean): string | undefined {
  return searching ? item.connector?.title : undefined;
}

/** What a drop of a palette entry adds (the addNode / insertNodeOnEdge arguments). */
export function nodeArgsOf(item: PaletteItem): Omit<AddNodeArgs, 'position'> {
  return {
    kind: item.kind,
    name: item.title,
    ...(item.action !== undefined ? { action: item.action } : {}),
    ...(item.preset !== undefined ? { preset: item.preset } : {}),
  };
}

/** `createIncident` → ['create', 'incident']. */
function splitWords(id: string): string[] {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

const words = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^a-z0-9\u00c0-\u024f]+/)
    .filter(Boolean);

/** How well one query word matches a field's words: whole word 3, word start 2, inside a word 1. */
function wordScore(query: string, fieldWords: readonly string[]): number {
  let best = 0;
  for (const w of fieldWords) {
    if (w === query) return 3;
    if (w.startsWith(query)) best = Math.max(best, 2);
    else if (query.length >= 3 && w.includes(query)) best = Math.max(best, 1);
  }
  return best;
}

/**
 * Palette entries matching a query by name and by what they do: every query word must match the
 * title, the keywords, the connector or the description. Ranked: title matches before keyword
 * matches before description matches; a title that starts with the query first of all.
 */
export function searchPalette(items: readonly PaletteItem[], query: string): PaletteItem[] {
  const terms = words(query);
  if (terms.length === 0) return [...items];
  const phrase = query.trim().toLowerCase();
  const scored = items.flatMap((item, index) => {
    const title = words(item.title);
    const keywords = item.keywords.flatMap(words);
    const description = words(item.description);
    let total = item.title.toLowerCase().startsWith(phrase) ? 20 : 0;
    for (const term of terms) {
      const score = Math.max(
        wordScore(term, title) * 4,
        wordScore(term, keywords) * 2,
        wordScore(term, description),
      );
      if (score === 0) return [];
      total += score;
    }
    return [{ item, total, index }];
  });
  return scored.sort((a, b) => b.total - a.total || a.index - b.index).map((s) => s.item);
}

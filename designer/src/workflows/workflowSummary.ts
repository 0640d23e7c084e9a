import { formatTime } from '../app/formatTime';
/** How a workflow stands, in the words the list shows. */
export type PublicationState = 'draft' | 'published' | 'changed';

export interface SummaryFields {
  readonly latestVersion: { readonly version: number; readonly publishedAt: number } | null;
  readonly unpublishedChanges: boolean;
}

export function publicationState(summary: SummaryFields): PublicationState {
  if (!summary.latestVersion) return 'draft';
  return summary.unpublishedChanges ? 'changed' : 'published';
}

export const STATE_LABELS: Readonly<Record<PublicationState, string>> = {
  draft: 'Draft, never published',
  published: 'Published',
  changed: 'Unpublished changes',
};

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

/** "3 hours ago", "yesterday", "just now" (in the browser's language). */
export function relativeTime(at: number, now: number, locale?: string): string {
  const elapsed = at - now;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(elapsed) >= ms) return format.format(Math.round(elapsed / ms), unit);
  }
  return 'just now';
}

/** A workflow id from its name: lower-case letters, digits and dashes, as the engine asks. */
export function idFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/g, '');
}

/** The document of a new, empty workflow (no nodes yet: the author starts from the palette). */
export function emptyDefinition(id: string, name: string) {
  return {
    schemaVersion: 1,
    id,
    name,
    version: 1,
    input: [],
    variables: [],
    nodes: [],
    edges: [],
    layout: {},
  };
}

/** Who published or saved, as the lists say it (a user id otherwise: names need the users API). */
/** The tooltip of an Inactive badge: when, and by whom, a workflow was deactivated. */
export function deactivatedText(
  deactivated: { readonly at: number; readonly by: string; readonly byName?: string },
  myId: string,
): string {
  const who = deactivated.by === myId ? 'you' : (deactivated.byName ?? personLabel(deactivated.by, myId));
  return `Deactivated ${formatTime(deactivated.at)} by ${who}: nothing starts it`;
}

export function personLabel(by: string, myId: string): string {
  if (by === myId) return 'you';
  if (by === 'system') return 'the examples (seeded)';
  return by;
}

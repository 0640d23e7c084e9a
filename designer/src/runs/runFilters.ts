/**
 * The runs list's filters, kept in the URL's query string (a filtered list can be bookmarked and
 * shared) and turned into GET /api/instances parameters. No React here.
 */
/** The runtime's limit on a business key (engine BUSINESS_KEY_MAX_LENGTH): a longer search finds nothing. */
export const BUSINESS_KEY_MAX_LENGTH = 200;
export const RUN_STATUSES = ['running', 'completed', 'rejected', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface RunFilters {
  readonly workflowId?: string;
  readonly version?: number;
  readonly status?: RunStatus;
  readonly startedBy?: string;
  /** First day (YYYY-MM-DD, local time), inclusive. */
  readonly from?: string;
  /** Last day (YYYY-MM-DD, local time), inclusive. */
  readonly to?: string;
  /** Only runs waiting for an operator (an open incident). */
  readonly incident?: true;
  /** Only runs whose business key starts with this (`INC00123` finds INC0012345). */
  readonly key?: string;
}

export const NO_FILTERS: RunFilters = {};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (value: string) => DAY.test(value) && !Number.isNaN(dayStart(value));
/** Midnight at the start of a local day, in ms since epoch (NaN for a day that does not exist). */
function dayStart(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(y, m - 1, d);
  return date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d
    ? date.getTime()
    : Number.NaN;
}

/** The filters a query string names; unknown or malformed values are left out, never guessed. */
export function filtersFromSearch(search: URLSearchParams): RunFilters {
  const text = (key: string) => {
    const value = search.get(key)?.trim();
    return value ? value : undefined;
  };
  const workflowId = text('workflow');
  const versionText = text('version');
  const version = versionText && /^[1-9]\d{0,8}$/.test(versionText) ? Number(versionText) : undefined;
  const statusText = text('status');
  const status = RUN_STATUSES.find((s) => s === statusText);
  const startedBy = text('startedBy');
  const from = text('from');
  const to = text('to');
  const incident = text('incident') === '1';
  const key = text('key');
  return {
    ...(workflowId ? { workflowId } : {}),
    ...(version !== undefined && workflowId ? { version } : {}),
    ...(status ? { status } : {}),
    ...(startedBy ? { startedBy } : {}),
    ...(from && isDay(from) ? { from } : {}),
    ...(to && isDay(to) ? { to } : {}),
    ...(incident ? { incident: true as const } : {}),
    ...(key && isSearchableKey(key) ? { key } : {}),
  };
}

// eslint-disable-next-line no-control-regex -- keys never hold these (the runtime refuses them)
const NOT_IN_KEYS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/** Text some business key can start with: what else is typed finds nothing, and the runtime refuses it. */
export const isSearchableKey = (text: string): boolean =>
  text.length <= BUSINESS_KEY_MAX_LENGTH && !NOT_IN_KEYS.test(text);

/** The query string for the filters (stable order; empty filters leave no trace). */
export function filtersToSearch(filters: RunFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.workflowId) search.set('workflow', filters.workflowId);
  if (filters.version !== undefined && filters.workflowId) search.set('version', String(filters.version));
  if (filters.status) search.set('status', filters.status);
  if (filters.startedBy) search.set('startedBy', filters.startedBy);
  if (filters.from) search.set('from', filters.from);
  if (filters.to) search.set('to', filters.to);
  if (filters.incident) search.set('incident', '1');
  if (filters.key) search.set('key', filters.key);
  return search;
}

export interface InstanceQuery {
  workflowId?: string;
  version?: number;
  status?: RunStatus;
  startedBy?: string;
  createdFrom?: number;
  createdTo?: number;
  hasIncident?: 'true';
  businessKeyPrefix?: string;
}

/** GET /api/instances parameters: whole local days, the last one included. */
export function instanceQuery(filters: RunFilters): InstanceQuery {
  const from = filters.from ? dayStart(filters.from) : Number.NaN;
  // The day after the last one, at midnight (daylight saving changes make days 23 or 25 hours long).
  let to = Number.NaN;
  if (filters.to) {
    const [y, m, d] = filters.to.split('-').map(Number) as [number, number, number];
    to = new Date(y, m - 1, d + 1).getTime();
  }
  return {
    ...(filters.workflowId ? { workflowId: filters.workflowId } : {}),
    ...(filters.version !== undefined && filters.workflowId ? { version: filters.version } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.startedBy ? { startedBy: filters.startedBy } : {}),
    ...(Number.isFinite(from) ? { createdFrom: from } : {}),
    ...(Number.isFinite(to) ? { createdTo: to } : {}),
    ...(filters.incident ? { hasIncident: 'true' as const } : {}),
    ...(filters.key ? { businessKeyPrefix: filters.key } : {}),
  };
}

/** A date range that ends before it starts: said next to the date fields. */
export function rangeProblem(filters: RunFilters): string | undefined {
  if (filters.from && filters.to && filters.to < filters.from)
    return 'The last day is before the first day: no run can match.';
  return undefined;
}

export const hasFilters = (filters: RunFilters): boolean => Object.keys(filters).length > 0;

/**
 * What an empty list says under these filters. Under the incident filter alone, empty is the good
 * news an operator looks for, not a reason to widen a date range.
 */
export function emptyListNote(filters: RunFilters): { readonly title: string; readonly text: string } {
  if (filters.incident && Object.keys(filters).length === 1)
    return {
      title: 'No run waits for an operator',
      text: 'A run whose step stopped with an incident shows here until it is retried or cancelled.',
    };
  return {
    title: 'No run matches these filters',
    text: 'Widen the date range or clear a filter to see more runs.',
  };
}

/**
 * Under the list: how many runs match (the runtime's exact count, once it answers) and how many of
 * them are loaded, so a long list is never mistaken for all there is, nor for less.
 */
export function countNote(loaded: number, total: number | undefined, hasMore: boolean): string {
  const runs = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'run' : 'runs'}`;
  if (total === undefined || total < loaded)
    return `${runs(loaded)}${hasMore ? ' loaded; more as you scroll' : ''}`;
  if (!hasMore && total === loaded) return runs(total);
  return `${loaded.toLocaleString('en')} of ${runs(total)} loaded; more as you scroll`;
}

// The dashboard's logic without React: time ranges, durations for people, the report's rows and
// their CSV. Components only lay these out.
import { filtersToSearch } from '../runs/runFilters';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const RANGES = [
  { id: '7d', label: 'Last 7 days', days: 7 },
  { id: '30d', label: 'Last 30 days', days: 30 },
  { id: '90d', label: 'Last 90 days', days: 90 },
  { id: '365d', label: 'Last 12 months', days: 365 },
] as const;
export type RangeId = (typeof RANGES)[number]['id'];
export const DEFAULT_RANGE: RangeId = '7d';

export const isRangeId = (value: string | null): value is RangeId => RANGES.some((r) => r.id === value);

/** The range ending now (exclusive end: a moment ahead, so what starts now is counted). */
export function rangeFor(id: RangeId, now: number): { from: number; to: number } {
  const days = RANGES.find((r) => r.id === id)?.days ?? 7;
  const to = now + MINUTE;
  return { from: to - days * DAY, to };
}

/** "45 s", "12 min", "3 h 20 min", "2 d 4 h"; an em dash when nothing was measured. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  // Automated runs end in milliseconds: "0 s" would say nothing about them.
  if (ms < 999.5) return `${Math.round(ms)} ms`;
  if (ms < 9_950) return `${Math.round(ms / 100) / 10} s`;
  // Each unit up to where rounding would reach the next one ("60 s" is "1 min").
  if (ms < MINUTE - 500) return `${Math.round(ms / 1000)} s`;
  if (ms < HOUR - MINUTE / 2) return `${Math.max(1, Math.round(ms / MINUTE))} min`;
  if (ms < DAY) {
    const hours = Math.floor(ms / HOUR);
    const minutes = Math.round((ms - hours * HOUR) / MINUTE);
    return minutes === 0 || minutes === 60
      ? `${hours + (minutes === 60 ? 1 : 0)} h`
      : `${hours} h ${minutes} min`;
  }
  const days = Math.floor(ms / DAY);
  const hours = Math.round((ms - days * DAY) / HOUR);
  return hours === 0 || hours === 24 ? `${days + (hours === 24 ? 1 : 0)} d` : `${days} d ${hours} h`;
}

/** Hours with one decimal, for charts and spreadsheets (a unit both read the same way). */
export const hours = (ms: number | null | undefined): number | null =>
  ms === null || ms === undefined ? null : Math.round((ms / HOUR) * 10) / 10;

/** "12 %" of a part; an em dash without a whole. */
export const percent = (part: number, whole: number): string =>
  whole === 0 ? '—' : `${Math.round((part / whole) * 100)} %`;

export interface InstanceCounts {
  started: number;
  running: number;
  completed: number;
  rejected: number;
  failed: number;
  cancelled: number;
}
export interface TaskCounts {
  created: number;
  decided: number;
  open: number;
  overdue: number;
  decidedLate: number;
  timedOut: number;
  breaches: number;
}
export interface Percentiles {
  p50: number | null;
  p90: number | null;
}
export interface WorkflowFigures {
  workflowId: string;
  name: string;
  version?: number;
  instances: InstanceCounts;
  cycleTimeMs: Percentiles;
  tasks: TaskCounts;
}
export interface NodeFigures {
  nodeId: string;
  name: string;
  kind: string | null;
  tasks: TaskCounts;
  turnaroundMs: Percentiles;
}

/** One column of the report: its heading and how a row's value is read, as text and as a number. */
interface Column<T> {
  heading: string;
  value: (row: T) => string | number | null;
  /** For the screen; the CSV keeps the raw number (hours, counts). */
  show?: (row: T) => string;
}

const count = <T>(heading: string, value: (row: T) => number): Column<T> => ({ heading, value });
const duration = <T>(heading: string, value: (row: T) => number | null): Column<T> => ({
  heading: `${heading} (h)`,
  value: (row) => hours(value(row)),
  show: (row) => formatDuration(value(row)),
});

export const WORKFLOW_COLUMNS: readonly Column<WorkflowFigures>[] = [
  { heading: 'Workflow', value: (w) => (w.version === undefined ? w.name : `${w.name} v${w.version}`) },
  count('Started', (w) => w.instances.started),
  count('Completed', (w) => w.instances.completed),
  count('Rejected', (w) => w.instances.rejected),
  count('Failed', (w) => w.instances.failed),
  count('Cancelled', (w) => w.instances.cancelled),
  count('Running', (w) => w.instances.running),
  duration('Cycle time p50', (w) => w.cycleTimeMs.p50),
  duration('Cycle time p90', (w) => w.cycleTimeMs.p90),
  count('Open tasks', (w) => w.tasks.open),
  count('Overdue tasks', (w) => w.tasks.overdue),
  count('SLA breaches', (w) => w.tasks.breaches),
];

export const NODE_COLUMNS: readonly Column<NodeFigures>[] = [
  { heading: 'Step', value: (n) => n.name },
  count('Tasks', (n) => n.tasks.created),
  count('Decided', (n) => n.tasks.decided),
  duration('Turnaround p50', (n) => n.turnaroundMs.p50),
  duration('Turnaround p90', (n) => n.turnaroundMs.p90),
  count('Open', (n) => n.tasks.open),
  count('Overdue', (n) => n.tasks.overdue),
  count('Decided late', (n) => n.tasks.decidedLate),
  count('Timed out', (n) => n.tasks.timedOut),
  count('SLA breaches', (n) => n.tasks.breaches),
];

/** What a cell shows on screen. */
export function cellText<T>(column: Column<T>, row: T): string {
  if (column.show) return column.show(row);
  const value = column.value(row);
  return value === null ? '—' : String(value);
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, line break or leading/trailing
 * space, quotes doubled. Text a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is
 * prefixed with an apostrophe, so a workflow named "=HYPERLINK(…)" stays text.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rows to CSV text: CRLF line ends, as RFC 4180 and spreadsheets expect. */
export const toCsv = (rows: readonly (readonly (string | number | null)[])[]): string =>
  rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';

const tableRows = <T>(columns: readonly Column<T>[], rows: readonly T[]) => [
  columns.map((c) => c.heading),
  ...rows.map((row) => columns.map((c) => c.value(row))),
];

const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);

/**
 * The report as CSV: a line saying what and when, the workflows (or one workflow's versions), and
 * for one workflow its steps. Durations in hours, so a spreadsheet can sum and chart them.
 */
export function reportCsv(report: {
  from: number;
  to: number;
  workflows: readonly WorkflowFigures[];
  nodes?: readonly NodeFigures[];
}): string {
  const rows: (string | number | null)[][] = [
    ['Flowline process report', `${isoDay(report.from)} to ${isoDay(report.to)}`],
    [],
    ...tableRows(WORKFLOW_COLUMNS, report.workflows),
  ];
  if (report.nodes && report.nodes.length > 0) rows.push([], ...tableRows(NODE_COLUMNS, report.nodes));
  return toCsv(rows);
}

/** A file name for the report: flowline-report-<what>-<from>-to-<to>.csv, safe on every system. */
export function reportFileName(what: string, from: number, to: number): string {
  const slug =
    what
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'all';
  return `flowline-report-${slug}-${isoDay(from)}-to-${isoDay(to)}.csv`;
}

/** The sums over several workflows, for the headline figures of "all workflows". */
export function totals(workflows: readonly WorkflowFigures[]): {
  instances: InstanceCounts;
  tasks: TaskCounts;
} {
  const instances: InstanceCounts = {
    started: 0,
    running: 0,
    completed: 0,
    rejected: 0,
    failed: 0,
    cancelled: 0,
  };
  const tasks: TaskCounts = {
    created: 0,
    decided: 0,
    open: 0,
    overdue: 0,
    decidedLate: 0,
    timedOut: 0,
    breaches: 0,
  };
  for (const w of workflows) {
    for (const key of Object.keys(instances) as (keyof InstanceCounts)[]) instances[key] += w.instances[key];
    for (const key of Object.keys(tasks) as (keyof TaskCounts)[]) tasks[key] += w.tasks[key];
  }
  return { instances, tasks };
}

/** Outcome series for a stacked bar chart, one entry per workflow or version. */
export const OUTCOMES = [
  { key: 'completed', label: 'Completed' },
  { key: 'rejected', label: 'Rejected' },
  { key: 'failed', label: 'Failed' },
  { key: 'cancelled', label: 'Cancelled' },
  { key: 'running', label: 'Running' },
] as const;

export function outcomeBars(workflows: readonly WorkflowFigures[]) {
  return workflows.map((w) => ({
    label: w.version === undefined ? w.name : `v${w.version}`,
    completed: w.instances.completed,
    rejected: w.instances.rejected,
    failed: w.instances.failed,
    cancelled: w.instances.cancelled,
    running: w.instances.running,
  }));
}

const UNITS = [
  { unit: 'd', label: 'days', ms: DAY },
  { unit: 'h', label: 'hours', ms: HOUR },
  { unit: 'min', label: 'minutes', ms: MINUTE },
  { unit: 's', label: 'seconds', ms: 1000 },
] as const;

/** The largest unit in which the longest duration is at least 2 (seconds at the least). */
export function chartUnit(longestMs: number): (typeof UNITS)[number] {
  return UNITS.find((u) => longestMs >= 2 * u.ms) ?? UNITS[UNITS.length - 1]!;
}

/** Turnaround bars in one unit that suits them, one entry per step, slowest first. */
export function turnaroundBars(nodes: readonly NodeFigures[]) {
  const measured = nodes.filter((n) => n.turnaroundMs.p50 !== null);
  const unit = chartUnit(Math.max(0, ...measured.map((n) => n.turnaroundMs.p90 ?? n.turnaroundMs.p50 ?? 0)));
  const inUnit = (ms: number | null) => (ms === null ? null : Math.round((ms / unit.ms) * 10) / 10);
  return {
    unit,
    bars: [...measured]
      .sort((a, b) => (b.turnaroundMs.p50 ?? 0) - (a.turnaroundMs.p50 ?? 0))
      .map((n) => ({ label: n.name, p50: inUnit(n.turnaroundMs.p50), p90: inUnit(n.turnaroundMs.p90) })),
  };
}

/**
 * The headline's outcome figures, so that they add up: started = still running + completed + ended
 * otherwise (rejected, failed, cancelled, each said). The completion rate counts only the runs that
 * ran to an end: a cancelled run was withdrawn, not a failure of the process, so a period whose one
 * finished run was cancelled has no rate rather than "0 %".
 */
export function outcomeFigures(instances: InstanceCounts): {
  completedNote: string;
  otherwise: number;
  otherwiseNote: string;
} {
  const { completed, rejected, failed, cancelled } = instances;
  const ranToEnd = completed + rejected + failed;
  return {
    completedNote:
      ranToEnd === 0
        ? 'none ran to an end yet'
        : `${percent(completed, ranToEnd)} of those that ran to an end`,
    otherwise: rejected + failed + cancelled,
    otherwiseNote: `${rejected} rejected, ${failed} failed, ${cancelled} cancelled`,
  };
}

/**
 * Integer ticks for a count axis: every whole number up to a small maximum (0–1 for a count of
 * 1, not 0–4), else steps of 1, 2 or 5 × 10ⁿ, at most five of them, the top one at or above max.
 */
export function countTicks(max: number): number[] {
  const top = Math.max(1, Math.ceil(max));
  const steps = [1, 2, 5]
    .flatMap((m) => [1, 10, 100, 1000, 10_000, 100_000].map((p) => m * p))
    .sort((a, b) => a - b);
  const step = steps.find((s) => Math.ceil(top / s) <= 5) ?? Math.ceil(top / 5);
  return Array.from({ length: Math.ceil(top / step) + 1 }, (_, i) => i * step);
}

/**
 * The dashboard's word on runs waiting for an operator now (undefined when none), with the runs
 * list filtered to them. The other figures are the period's; an incident is today's work,
 * whenever its run started, and nothing else on the dashboard said a run had stopped.
 */
export function incidentNote(
  runs: { readonly count: number },
  workflow?: { readonly id: string; readonly name: string },
): { readonly title: string; readonly text: string; readonly href: string } | undefined {
  if (runs.count === 0) return undefined;
  const one = runs.count === 1;
  const count = one ? '1 run' : `${runs.count.toLocaleString('en')} runs`;
  const search = filtersToSearch({ incident: true, ...(workflow ? { workflowId: workflow.id } : {}) });
  return {
    title: `${count}${workflow ? ` of ${workflow.name}` : ''} ${one ? 'needs' : 'need'} an operator`,
    text: one
      ? 'a step stopped with an incident. Retry or cancel it from the runs list, or from the run’s page.'
      : 'a step stopped with an incident. Retry or cancel them all at once from the runs list, or one by one.',
    href: `/runs?${search.toString()}`,
  };
}

import { err, ok, type Result } from '../result';

/** A parsed cron schedule: the allowed values of each field. */
export interface CronSchedule {
  readonly seconds: ReadonlySet<number>;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly daysOfWeek: ReadonlySet<number>;
  /** Both day fields restricted: cron fires when either matches. */
  readonly dayOr: boolean;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly nameBase?: number;
}

const SECOND: FieldSpec = { name: 'second', min: 0, max: 59 };
const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { name: 'day of week', min: 0, max: 7, names: DAYS, nameBase: 0 },
];

/** Parses a 5-field (or 6-field, seconds first) cron expression; the message says what is wrong. */
export function parseCron(expression: string): Result<CronSchedule, string> {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) {
    return err(
      `A schedule has 5 fields (minute hour day-of-month month day-of-week); this one has ${parts.length}`,
    );
  }
  const specs = parts.length === 6 ? [SECOND, ...FIELDS] : FIELDS;
  const sets: Set<number>[] = [];
  for (const [i, part] of parts.entries()) {
    const parsed = parseField(part, specs[i]!);
    if (!parsed.ok) return parsed;
    sets.push(parsed.value);
  }
  const [seconds, minutes, hours, dom, months, dowRaw] = parts.length === 6 ? sets : [new Set([0]), ...sets];
  const dow = new Set([...dowRaw!].map((d) => d % 7));
  const offset = parts.length === 6 ? 1 : 0;
  return ok({
    seconds: seconds!,
    minutes: minutes!,
    hours: hours!,
    daysOfMonth: dom!,
    months: months!,
    daysOfWeek: dow,
    dayOr: parts[2 + offset] !== '*' && parts[4 + offset] !== '*',
  });
}

function parseField(text: string, spec: FieldSpec): Result<Set<number>, string> {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const [range = '', stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      return err(`"${item}" has an invalid step in the ${spec.name} field`);
    let from: number;
    let to: number;
    if (range === '*') {
      [from, to] = [spec.min, spec.max];
    } else {
      const [a, b] = range.split('-');
      const start = value(a ?? '', spec);
      const end = b === undefined ? (stepText === undefined ? start : spec.max) : value(b, spec);
      if (start === undefined || end === undefined || end < start) {
        return err(`"${item}" is not a valid ${spec.name} (allowed ${spec.min}-${spec.max})`);
      }
      [from, to] = [start, end];
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return ok(values);
}

function value(text: string, spec: FieldSpec): number | undefined {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + (spec.nameBase ?? 0);
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= spec.min && n <= spec.max ? n : undefined;
}

/** True when `timeZone` is an IANA zone this JavaScript runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The out-of-office setting as the designer shows and edits it, without React: dates as a date
 * input holds them (the user's own days), and the sentence that says what the setting does.
 */

export interface AwayLike {
  readonly delegateName: string;
  readonly until: number;
  readonly from?: number | undefined;
  readonly active: boolean;
  readonly note?: string | undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A time as a date input's value ("2026-12-14"), in the browser's time zone. */
export function dateInputValue(ms: number): string {
  const date = new Date(ms);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The start of a date input's day (local midnight), or undefined for an empty or invalid one. */
export function startOfDay(value: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const time = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
  return Number.isNaN(time) ? undefined : time;
}

/** The end of the last day away: the setting holds through that whole day. */
export function endOfDay(value: string): number | undefined {
  const start = startOfDay(value);
  if (start === undefined) return undefined;
  const next = new Date(start);
  next.setDate(next.getDate() + 1);
  return next.getTime();
}

/** The last day of a setting that ends at `until` (the day before, when it ends at midnight). */
export const lastDayOf = (until: number): string => dateInputValue(until - 1);

const dayText = (ms: number, locale?: string) =>
  new Date(ms).toLocaleDateString(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });

/** "Away until Fri, 12 Dec 2026: new tasks go to Olga Berg" (or from a later day; or over). */
export function awaySummary(away: AwayLike, now: number, locale?: string): string {
  const through = dayText(away.until - 1, locale);
  if (away.until <= now) return `Was away through ${through}: new tasks come again`;
  if (!away.active && away.from !== undefined)
    return `Away from ${dayText(away.from, locale)} through ${through}: new tasks will go to ${away.delegateName}`;
  return `Away through ${through}: new tasks go to ${away.delegateName}`;
}

/** What the setting does, and what it does not, for the signed-in user or (`name`) someone else. */
export function awayRules(name?: string): string {
  const [who, whose, is, them] = name
    ? [name, `${name}’s`, `${name} is`, 'them']
    : ['you', 'your', 'you are', 'you'];
  return (
    `New approvals and tasks assigned to ${who} personally go to ${whose} delegate while ${is} away. ` +
    `A step that does not allow delegation keeps its task with ${them}, and its due time and escalation apply as before. ` +
    'Tasks already open, and group tasks, stay where they are.'
  );
}

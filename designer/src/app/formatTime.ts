/**
 * The one way a time is shown: "Nov 29, 2026, 5:41 PM" in the reader's language and time zone.
 * `seconds` for a run's steps and history, where automated steps a few seconds apart would
 * otherwise read the same. Every screen goes through here (app/formatTime.test.ts checks), so
 * the request page, the run page and the history never disagree on the form.
 */
export function formatTime(
  at: number,
  options: { seconds?: boolean; locale?: string; timeZone?: string } = {},
): string {
  return new Intl.DateTimeFormat(options.locale, {
    dateStyle: 'medium',
    timeStyle: options.seconds ? 'medium' : 'short',
    ...(options.timeZone !== undefined ? { timeZone: options.timeZone } : {}),
  }).format(at);
}

/** A day without its time ("Fri, Dec 12, 2026"), for settings that hold whole days. */
export function formatDay(at: number, options: { locale?: string; timeZone?: string } = {}): string {
  return new Intl.DateTimeFormat(options.locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    ...(options.timeZone !== undefined ? { timeZone: options.timeZone } : {}),
  }).format(at);
}

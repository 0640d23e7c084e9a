/** All time in the runtime comes from one clock, so tests advance it instead of sleeping. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests move by hand. */
export function createManualClock(
  start = Date.UTC(2026, 0, 5, 9, 0, 0),
): Clock & { advance(ms: number): number; set(ms: number): void } {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => (current += ms),
    set: (ms) => {
      current = ms;
    },
  };
}

/**
 * The test-only clock of a whole runtime process (FLOWLINE_TEST_CLOCK): real time plus an offset
 * that only grows, so scenario tests reach due dates, start dates and weekly cron fires by moving
 * time forward through the API instead of sleeping. Never moves back: leases, cursors and history
 * assume time does not.
 */
export function createAdjustableClock(base: Clock = systemClock): Clock & { advance(ms: number): number } {
  let offset = 0;
  return {
    now: () => base.now() + offset,
    advance: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the test clock only moves forward');
      offset += ms;
      return base.now() + offset;
    },
  };
}

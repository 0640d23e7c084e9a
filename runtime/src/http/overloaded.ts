/** The 503 of a start path under bounded admission (limits.backlog; runtime/src/jobs/backlog.ts). */
export const OVERLOADED_DESCRIPTION =
  'OVERLOADED: this process holds more runnable work than limits.backlog.maxQueuedJobs (due jobs its worker has not taken, plus starts in flight); nothing was started or stored. Retry after the Retry-After header (seconds, from the current drain rate, 1 to limits.backlog.maxRetryAfterSeconds, 30 by default); the body repeats it as retryAfterSeconds. Or STORE_UNAVAILABLE: the store cannot save changes now; nothing changed.';

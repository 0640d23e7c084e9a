/**
 * The "Retried: the step runs again" note on the run page, after an operator's retry succeeded.
 * It is about that retry only: it stays while the step runs again, and goes once the step fails
 * again (a new incident of it, found gone and back, or with another attempt count), so it never
 * sits under a fresh failure. No React here.
 */
export interface RetryNote {
  readonly nodeId: string;
  /** The incident's attempts when it was retried. */
  readonly attempts: number;
  /** The incident has left the run since (the step ran again). */
  readonly left: boolean;
}

export interface IncidentLike {
  readonly nodeId: string;
  readonly attempts: number;
}

/** The note as the run's incidents now have it: the same object when nothing changed. */
export function followRetry(
  note: RetryNote | undefined,
  incidents: readonly IncidentLike[],
): RetryNote | undefined {
  if (!note) return undefined;
  const incident = incidents.find((i) => i.nodeId === note.nodeId);
  if (!incident) return note.left ? note : { ...note, left: true };
  return note.left || incident.attempts !== note.attempts ? undefined : note;
}

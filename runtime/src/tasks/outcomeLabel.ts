/**
 * An outcome as the person deciding reads it: its label in the task's form ("Broken, roll it
 * back"), else its id ("failed"). The e-mail's buttons and the link's page name it alike.
 */
export function outcomeLabelOf(form: unknown, outcome: string): string {
  const outcomes = (form as { outcomes?: unknown } | null | undefined)?.outcomes;
  if (!Array.isArray(outcomes)) return outcome;
  const found: unknown = outcomes.find(
    (o: unknown) => typeof o === 'object' && o !== null && (o as { id?: unknown }).id === outcome,
  );
  const label = (found as { label?: unknown } | undefined)?.label;
  return typeof label === 'string' && label.trim() !== '' ? label : outcome;
}

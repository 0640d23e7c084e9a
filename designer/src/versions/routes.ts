/** Where a version and a comparison live (the app's routes; see app/routes.tsx). */
export const versionHref = (workflowId: string, version: number) =>
  `/workflows/${encodeURIComponent(workflowId)}/versions/${version}`;

/** `to` may be `draft`: the draft as it is saved now. */
export const compareHref = (workflowId: string, from: string | number, to: string | number) =>
  `/workflows/${encodeURIComponent(workflowId)}/compare?from=${encodeURIComponent(String(from))}&to=${encodeURIComponent(String(to))}`;

export type VersionRef = number | 'draft';

/** A `from`/`to` query value: a version number (1 or more) or `draft`; undefined when neither. */
export function versionRef(value: string | null): VersionRef | undefined {
  if (value === 'draft') return 'draft';
  if (value === null || !/^[1-9]\d{0,8}$/.test(value)) return undefined;
  return Number(value);
}

export const refLabel = (ref: VersionRef) => (ref === 'draft' ? 'the draft' : `version ${ref}`);

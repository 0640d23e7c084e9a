/**
 * Opaque payloads (snapshots, inputs, outputs, commands, forms, history data) are stored as JSON
 * text, not as BSON subdocuments: user data may hold keys MongoDB treats specially ('$'-prefixed,
 * dotted), BSON would turn an integer into int32 or double and back at its own choosing, and no
 * query ever looks inside them. Text keeps them exactly as given, as the SQLite adapter does.
 */
export const toText = (value: unknown): string => JSON.stringify(value);

export function fromText<T>(text: unknown, what: string): T {
  if (typeof text !== 'string') throw new TypeError(`Stored ${what} is not JSON text`);
  return JSON.parse(text) as T;
}

/**
 * Drops members whose value is undefined, so optional fields stay absent in stored documents (the
 * driver would store undefined as null). Name the document type: `present<JobDocument>({...})`.
 */
export function present<T extends object>(value: { [K in keyof T]: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}

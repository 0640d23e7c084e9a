/**
 * Payloads the store never queries (job input and result, task forms and decisions) are kept as
 * JSON text: workflow data and form schemas may hold keys such as `$ref` or `a.b`, which MongoDB
 * accepts on insert but refuses or misreads in later updates. Text keeps them byte for byte.
 */
export const toPayloadText = (value: unknown): string => JSON.stringify(value);

export const fromPayloadText = <T>(text: string): T => JSON.parse(text) as T;

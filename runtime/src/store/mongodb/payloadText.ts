import { fromText, toText } from './json';

/**
 * Payloads the store never queries (job input and result, task forms and decisions) are kept as
 * JSON text: workflow data and form schemas may hold keys such as `$ref` or `a.b`, which MongoDB
 * accepts on insert but refuses or misreads in later updates. Text keeps them byte for byte.
 */
// The same encoding as the other half of the adapter (json.ts): one shape for every writer.
export const toPayloadText = toText;

export const fromPayloadText = <T>(text: string): T => fromText<T>(text, 'payload');

import { formatTime } from '../app/formatTime';
import type { FormField } from '../model/forms/schemaToFields';

/**
 * The administration screens' plain logic (no React): one-time passwords, which credential
 * fields are secret, and the body that saves a connection without ever reading its secrets back.
 */

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The roles the runtime knows, in the order a form offers them, with what each may do. */
export const ROLE_CHOICES = [
  { value: 'admin', label: 'Admin', help: 'Everything, including users and connections' },
  { value: 'designer', label: 'Designer', help: 'Draws, publishes and runs workflows' },
  {
    value: 'approver',
    label: 'Approver',
    help: 'Sends requests, decides tasks, sees the runs they take part in',
  },
  { value: 'viewer', label: 'Viewer', help: 'Reads workflows, every run and the dashboard' },
  {
    value: 'requester',
    label: 'Requester',
    help: 'Sends requests through forms and follows their own',
  },
] as const;
export type RoleName = (typeof ROLE_CHOICES)[number]['value'];

// Words people can read out and type: no look-alikes, none common enough for the password policy.
const WORDS = [
  'amber',
  'basil',
  'cedar',
  'delta',
  'ember',
  'fjord',
  'gale',
  'harbor',
  'iris',
  'jasper',
  'kelp',
  'lagoon',
  'maple',
  'nectar',
  'orbit',
  'pepper',
  'quartz',
  'raven',
  'saffron',
  'tundra',
  'umber',
  'velvet',
  'willow',
  'yonder',
  'zephyr',
  'bramble',
  'copper',
  'dune',
  'falcon',
  'garnet',
  'heron',
  'indigo',
  'juniper',
  'kestrel',
  'lantern',
  'meadow',
  'nimbus',
  'opal',
  'pebble',
  'quill',
  'ripple',
  'sparrow',
  'thistle',
  'upland',
  'vortex',
  'walnut',
  'yarrow',
  'zinnia',
  'aspen',
  'birch',
  'cobalt',
  'drift',
  'estuary',
  'flint',
  'grove',
  'hollow',
  'inlet',
  'jetty',
  'kiln',
  'lichen',
  'marsh',
  'nettle',
  'oxbow',
  'prairie',
] as const;

/**
 * A one-time password: four random words and two digits (about 30 bits of words plus digits, far
 * above the policy's minimum), from the browser's CSPRNG. Shown once; the user replaces it.
 */
export function oneTimePassword(random: (n: number) => Uint32Array = randomWords): string {
  const picks = random(5);
  const words = [0, 1, 2, 3].map((i) => WORDS[picks[i]! % WORDS.length]!);
  return `${words.join('-')}-${String(picks[4]! % 100).padStart(2, '0')}`;
}

function randomWords(n: number): Uint32Array {
  return globalThis.crypto.getRandomValues(new Uint32Array(n));
}

/**
 * The credential fields that are secret, by property name at any depth (a variant's `token`
 * too): those the schema marks `writeOnly`; when none is marked, every top-level field (the
 * runtime masks every string of such a connector as secret too).
 */
export function secretKeysOf(schema: unknown): Set<string> {
  const marked = new Set<string>();
  const walk = (node: unknown): void => {
    if (!isRecord(node)) return;
    if (isRecord(node['properties']))
      for (const [key, property] of Object.entries(node['properties'])) {
        if (isRecord(property) && property['writeOnly'] === true) marked.add(key);
        walk(property);
      }
    for (const options of [node['oneOf'], node['anyOf'], node['allOf']])
      if (Array.isArray(options)) options.forEach(walk);
    walk(node['items']);
  };
  walk(schema);
  if (marked.size > 0) return marked;
  const properties = isRecord(schema) && isRecord(schema['properties']) ? schema['properties'] : {};
  return new Set(Object.keys(properties));
}

/** A value worth sending: not an empty text, not undefined. */
const given = (value: unknown): boolean => value !== undefined && value !== '';

/** Drops empty texts and undefined, deeply: a blank optional field is left out, not sent empty. */
export function withoutBlanks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutBlanks);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => given(v))
      .map(([k, v]) => [k, withoutBlanks(v)]),
  );
}

/**
 * The stored settings a connector still declares (by its settings schema), to fill the edit form
 * with. The API refuses a key it does not declare, and one a connector dropped since (in an
 * upgrade) has no field here to clear it from.
 */
export function declaredSettings(stored: unknown, schema: unknown): Json {
  if (!isRecord(stored)) return {};
  const properties = isRecord(schema) && isRecord(schema['properties']) ? schema['properties'] : {};
  return Object.fromEntries(Object.entries(stored).filter(([key]) => Object.hasOwn(properties, key)));
}

/**
 * The body of PUT /api/connections/{connectorId}/{name}: the credential fields typed in this
 * time, and the stored ones not retyped kept as they are (the form never had their values).
 */
export function connectionBody(
  form: { credentials: Json; settings: Json },
  stored: readonly string[] = [],
): { credentials: Json; settings: unknown; keepCredentials?: string[] } {
  const credentials = withoutBlanks(form.credentials) as Json;
  const keep = stored.filter((key) => !given(credentials[key]));
  return {
    credentials,
    settings: withoutBlanks(form.settings),
    ...(keep.length > 0 ? { keepCredentials: keep } : {}),
  };
}

/** Field problems of a connection save, by form path (`credentials.password` → that field). */
export function problemsByPath(fields: readonly { path: string; message: string }[]): Map<string, string> {
  const byPath = new Map<string, string>();
  for (const field of fields) if (!byPath.has(field.path)) byPath.set(field.path, field.message);
  return byPath;
}

/** `1732857600000` → `29 Nov 2026, 06:00` in the reader's locale; `Never` for none. */
export function dateTime(ms: number | undefined, locale?: string): string {
  if (ms === undefined) return 'Never';
  return formatTime(ms, locale !== undefined ? { locale } : {});
}

/**
 * The engine's wording for a required field left empty (its `requiredMessage`; a test holds them
 * together). Written out, not imported: the engine in the admin chunk moved the shared engine
 * chunk's code ahead of app/noEval's switch, and zod's eval probe then broke the page's CSP.
 */
export const requiredMessage = (label: string) => `"${label}" is required`;

/** Blank required fields, by form path, each with the message the server's checks give (stored secrets left blank count as given). */
export function blankRequiredFields(
  fields: readonly FormField[],
  value: Json,
  path: string,
  stored: ReadonlySet<string> = new Set(),
): Map<string, string> {
  const found = new Map<string, string>();
  for (const field of fields) {
    const v = value[field.key];
    if (field.type === 'object' && isRecord(v)) {
      for (const [p, m] of blankRequiredFields(field.fields, v, `${path}.${field.key}`)) found.set(p, m);
      continue;
    }
    if (!field.required || field.default !== undefined || stored.has(field.key)) continue;
    if (v === undefined || v === '') found.set(`${path}.${field.key}`, requiredMessage(field.label));
  }
  return found;
}

/**
 * A failed connection test as a sentence: the connector's message (which may or may not end its
 * sentence) and, for a failure that may pass later, that trying again may work.
 */
export function testFailureText(message: string, retryable: boolean): string {
  const text = message.trim();
  if (!retryable) return text;
  return `${text === '' || /[.!?]$/.test(text) ? text : `${text}.`} Trying again later may work.`.trim();
}

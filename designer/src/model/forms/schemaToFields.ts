/**
 * JSON Schema → field descriptors for the inspector's form. The engine's zod schemas (through
 * `z.toJSONSchema`) and the connector catalog's input schemas are the one source of what a node
 * holds; this turns them into a small tree the form renders: text, number, yes/no, choice,
 * duration, duration or expression (fixed, or computed per run), expression, mapping (key →
 * expression), nested object, list, and variants (a union told apart by its `type`). Plain data,
 * no React.
 */

type Json = Record<string, unknown>;

interface FieldBase {
  /** The property name (for list items: ''). */
  readonly key: string;
  readonly label: string;
  /** Plain-language help: the schema's description. */
  readonly help?: string;
  readonly required: boolean;
  /** The schema's default, if any. */
  readonly default?: unknown;
}

export type FormField =
  | (FieldBase & {
      readonly type: 'text';
      readonly multiline: boolean;
      readonly maxLength?: number;
      readonly pattern?: string;
      /** A task's connection: offers the stored connections of this connector (a typed name still goes). */
      readonly connections?: string;
      /** The values it may take, known only from the workflow (the events its steps wait for). */
      readonly choices?: readonly string[];
    })
  | (FieldBase & {
      readonly type: 'number';
      readonly integer: boolean;
      readonly min?: number;
      readonly max?: number;
    })
  | (FieldBase & { readonly type: 'boolean' })
  | (FieldBase & {
      readonly type: 'choice';
      readonly options: readonly { readonly value: string | number; readonly label: string }[];
    })
  | (FieldBase & { readonly type: 'duration' })
  /** A fixed ISO-8601 duration (text), or `{ expression }` computing one per run. */
  | (FieldBase & { readonly type: 'durationOrExpression' })
  | (FieldBase & { readonly type: 'expression' })
  | (FieldBase & {
      readonly type: 'mapping';
      readonly value: FormField;
      /** Keys known in advance (a connector action's input fields), shown first with their own labels. */
      readonly known?: readonly FormField[];
    })
  | (FieldBase & { readonly type: 'object'; readonly fields: readonly FormField[] })
  | (FieldBase & {
      readonly type: 'list';
      readonly item: FormField;
      readonly itemLabel: string;
      readonly minItems?: number;
    })
  | (FieldBase & {
      readonly type: 'variants';
      /** The property that tells the variants apart (`type`, `scheme`). */
      readonly discriminator: string;
      readonly variants: readonly Variant[];
    })
  /** Anything else (a JSON value of any type): edited as JSON text. */
  | (FieldBase & { readonly type: 'json' });

export interface Variant {
  readonly value: string;
  readonly label: string;
  readonly help?: string;
  /** The variant's fields, without the discriminator. */
  readonly fields: readonly FormField[];
}

/** Titles the engine gives a type rather than a field (not used as labels). */
const TYPE_TITLES = new Set(['Expression', 'Duration', 'Duration or expression']);

/** `requireCommentOn` → `Require comment on`, `maxCatchUp` → `Max catch up`. */
export function words(key: string): string {
  const spaced = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

const SINGULAR: Readonly<Record<string, string>> = {
  conditions: 'condition',
  assignees: 'approver',
  outcomes: 'outcome',
  form: 'form field',
  input: 'field',
  variables: 'variable',
  requireCommentOn: 'outcome',
  groups: 'group',
  options: 'option',
};

/** What one item of a list is called: `conditions` → `condition`. */
export const singularOf = (key: string): string =>
  SINGULAR[key] ?? (key.endsWith('s') ? words(key.slice(0, -1)).toLowerCase() : 'item');

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

function labelOf(key: string, schema: Json): string {
  const title = str(schema['title']);
  return title && !TYPE_TITLES.has(title) ? title : words(key);
}

function helpOf(schema: Json): string | undefined {
  const description = str(schema['description']);
  const examples = Array.isArray(schema['examples']) ? (schema['examples'] as unknown[]) : [];
  if (description) return description;
  if (examples.length > 0) return `For example ${examples.map((e) => JSON.stringify(e)).join(', ')}`;
  return undefined;
}

/** The discriminator shared by every option of a oneOf/anyOf: a property each option fixes with `const`. */
function discriminatorOf(options: readonly Json[]): string | undefined {
  const first = options[0];
  if (!first || !isObject(first['properties'])) return undefined;
  return Object.keys(first['properties']).find((name) =>
    options.every((o) => {
      const property = isObject(o['properties']) ? o['properties'][name] : undefined;
      return isObject(property) && property['const'] !== undefined;
    }),
  );
}

/** One field from its schema. `key` is the property name, `required` whether the parent requires it. */
export function fieldOf(key: string, schema: unknown, required = false): FormField {
  const s = isObject(schema) ? schema : {};
  const base: FieldBase = {
    key,
    label: labelOf(key, s),
    required,
    ...(helpOf(s) !== undefined ? { help: helpOf(s)! } : {}),
    ...(s['default'] !== undefined ? { default: s['default'] } : {}),
  };
  const title = str(s['title']);
  const options = (
    Array.isArray(s['oneOf']) ? s['oneOf'] : Array.isArray(s['anyOf']) ? s['anyOf'] : []
  ) as unknown[];
  if (title === 'Duration or expression') return { ...base, type: 'durationOrExpression' };
  if (options.length > 0 && options.every(isObject)) {
    const discriminator = discriminatorOf(options);
    if (discriminator !== undefined)
      return {
        ...base,
        type: 'variants',
        discriminator,
        variants: options.map((o) => {
          const properties = o['properties'] as Json;
          const value = String((properties[discriminator] as Json)['const']);
          const help = helpOf(o);
          return {
            value,
            label: str(o['title']) ?? words(value),
            ...(help !== undefined ? { help } : {}),
            fields: objectFields(o).filter((f) => f.key !== discriminator),
          };
        }),
      };
    // A union of plain values (a form field's default: text, number, yes/no or a list).
    return { ...base, type: 'json' };
  }
  if (Array.isArray(s['enum']))
    return {
      ...base,
      type: 'choice',
      options: (s['enum'] as unknown[])
        .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
        .map((v) => ({ value: v, label: typeof v === 'string' ? words(v) : String(v) })),
    };
  switch (s['type']) {
    case 'string':
      if (title === 'Expression') return { ...base, type: 'expression' };
      if (title === 'Duration') return { ...base, type: 'duration' };
      return {
        ...base,
        type: 'text',
        multiline: (num(s['maxLength']) ?? 0) > 200,
        ...(num(s['maxLength']) !== undefined ? { maxLength: num(s['maxLength'])! } : {}),
        ...(str(s['pattern']) !== undefined ? { pattern: str(s['pattern'])! } : {}),
      };
    case 'integer':
    case 'number':
      return {
        ...base,
        type: 'number',
        integer: s['type'] === 'integer',
        ...(num(s['minimum']) !== undefined ? { min: num(s['minimum'])! } : {}),
        ...(num(s['maximum']) !== undefined ? { max: num(s['maximum'])! } : {}),
      };
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'array':
      return {
        ...base,
        type: 'list',
        item: fieldOf('', s['items'], true),
        itemLabel: singularOf(key),
        ...(num(s['minItems']) !== undefined ? { minItems: num(s['minItems'])! } : {}),
      };
    case 'object':
      if (!isObject(s['properties']) && isObject(s['additionalProperties']))
        return { ...base, type: 'mapping', value: fieldOf('', s['additionalProperties'], true) };
      if (isObject(s['properties'])) return { ...base, type: 'object', fields: objectFields(s) };
      return { ...base, type: 'json' };
    default:
      return { ...base, type: 'json' };
  }
}

/** The fields of an object schema, in the schema's order. */
export function objectFields(schema: unknown): FormField[] {
  if (!isObject(schema) || !isObject(schema['properties'])) return [];
  const required = new Set(Array.isArray(schema['required']) ? (schema['required'] as string[]) : []);
  return Object.entries(schema['properties']).map(([key, property]) =>
    fieldOf(key, property, required.has(key)),
  );
}

/**
 * A value to start a new list item, a new variant or an added optional object with: the
 * schema's default, else what its required parts need (an empty text, an empty list…). The
 * result may not be valid yet; validation then points at what to fill.
 */
export function initialValue(field: FormField): unknown {
  if (field.default !== undefined) return structuredClone(field.default);
  switch (field.type) {
    case 'text':
    case 'expression':
    case 'duration':
    case 'durationOrExpression':
      return '';
    case 'number':
      return field.min ?? 0;
    case 'boolean':
      return false;
    case 'choice':
      return field.options[0]?.value;
    case 'mapping':
      return {};
    case 'list':
      return [];
    case 'object':
      return requiredValues(field.fields);
    case 'variants': {
      const first = field.variants[0];
      return first ? variantValue(field, first.value) : {};
    }
    case 'json':
      return undefined;
  }
}

function requiredValues(fields: readonly FormField[]): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const f of fields) {
    if (!f.required && f.default === undefined) continue;
    const initial = initialValue(f);
    if (initial !== undefined) value[f.key] = initial;
  }
  return value;
}

/** The value of a variants field switched to `choice`: the discriminator plus what that variant requires. */
export function variantValue(
  field: Extract<FormField, { type: 'variants' }>,
  choice: string,
): Record<string, unknown> {
  const variant = field.variants.find((v) => v.value === choice);
  return { [field.discriminator]: choice, ...(variant ? requiredValues(variant.fields) : {}) };
}

/** Which variant a value is (by its discriminator), else the first. */
export function variantOf(
  field: Extract<FormField, { type: 'variants' }>,
  value: unknown,
): Variant | undefined {
  const tag = isObject(value) ? value[field.discriminator] : undefined;
  return field.variants.find((v) => v.value === tag) ?? field.variants[0];
}

/** The same field without its help text (shown elsewhere already). */
export function withoutHelp<F extends FormField>(field: F): F {
  const { help: _help, ...rest } = field;
  return rest as F;
}

/**
 * What the validator knows about a value before it exists: the CEL type it will have at run
 * time, or `dyn` when that is not known. Only a known type ever produces an issue, so anything
 * untyped (webhook bodies, event payloads, `any` variables) is never reported.
 */
export type CelType =
  | { readonly kind: 'dyn' }
  | {
      readonly kind:
        'null' | 'bool' | 'int' | 'uint' | 'double' | 'bytes' | 'timestamp' | 'duration' | 'type';
    }
  /** `format: 'date'`: a calendar date (YYYY-MM-DD), which timestamp() refuses. */
  | { readonly kind: 'string'; readonly format?: 'date' }
  | { readonly kind: 'list'; readonly of: CelType }
  /** A map whose keys are not known; every value has type `of`. */
  | { readonly kind: 'map'; readonly of: CelType }
  | ObjectType;

/**
 * A map with known keys (a form, a connector result, a node's record). At run time it is a plain
 * map; the validator also knows its field names. `closed`: no other key can ever be present.
 */
export interface ObjectType {
  readonly kind: 'object';
  /** What it is, for messages: "the request form", "the result of jira.createIssue". */
  readonly what: string;
  readonly closed: boolean;
  readonly names: () => readonly string[];
  /** The type of a field, undefined when the object has no such field. */
  readonly field: (name: string) => CelType | undefined;
  /** Why a field is missing, when there is more to say than "no such field". */
  readonly missing?: (name: string) => string | undefined;
}

export type Kind = CelType['kind'];

export const DYN: CelType = { kind: 'dyn' };
export const BOOL: CelType = { kind: 'bool' };
export const INT: CelType = { kind: 'int' };
export const UINT: CelType = { kind: 'uint' };
export const DOUBLE: CelType = { kind: 'double' };
export const STRING: CelType = { kind: 'string' };
export const BYTES: CelType = { kind: 'bytes' };
export const NULL: CelType = { kind: 'null' };
export const TIMESTAMP: CelType = { kind: 'timestamp' };
export const DURATION: CelType = { kind: 'duration' };
export const TYPE: CelType = { kind: 'type' };
export const listOf = (of: CelType): CelType => ({ kind: 'list', of });
export const mapOf = (of: CelType): CelType => ({ kind: 'map', of });

/** An object whose fields are all known now. */
export function objectType(
  what: string,
  fields: Readonly<Record<string, CelType>>,
  closed = true,
): ObjectType {
  return {
    kind: 'object',
    what,
    closed,
    names: () => Object.keys(fields),
    field: (name) => (Object.hasOwn(fields, name) ? fields[name] : undefined),
  };
}

/** An object whose field types are worked out on first use (e.g. from other expressions). */
export function lazyObjectType(
  what: string,
  names: readonly string[],
  typeOf: (name: string) => CelType,
  options: { readonly closed?: boolean; readonly missing?: (name: string) => string | undefined } = {},
): ObjectType {
  const known = new Map<string, CelType>();
  return {
    kind: 'object',
    what,
    closed: options.closed ?? true,
    ...(options.missing ? { missing: options.missing } : {}),
    names: () => names,
    field: (name) => {
      if (!names.includes(name)) return undefined;
      let type = known.get(name);
      if (!type) {
        known.set(name, DYN); // a field whose type depends on itself stays dyn
        type = typeOf(name);
        known.set(name, type);
      }
      return type;
    },
  };
}

export const isDyn = (type: CelType): boolean => type.kind === 'dyn';
export const isNumber = (type: CelType): boolean =>
  type.kind === 'int' || type.kind === 'uint' || type.kind === 'double';
/** Maps and objects are both maps at run time. */
export const isMapLike = (type: CelType): boolean => type.kind === 'map' || type.kind === 'object';

/** The type both branches share, or dyn. */
export function unify(a: CelType, b: CelType): CelType {
  if (a.kind !== b.kind) return DYN;
  if (a.kind === 'list' && b.kind === 'list') return listOf(unify(a.of, b.of));
  if (a.kind === 'map' && b.kind === 'map') return mapOf(unify(a.of, b.of));
  if (a.kind === 'object') return a === b ? a : mapOf(DYN);
  if (a.kind === 'string' && b.kind === 'string') return a.format === b.format ? a : STRING;
  return a;
}

/**
 * The type a value has once stored and read back: results are kept as plain JSON, so ints and
 * durations come back as (double) numbers, timestamps and bytes as strings.
 */
export function storedType(type: CelType): CelType {
  switch (type.kind) {
    case 'int':
    case 'uint':
    case 'double':
    case 'duration':
      return DOUBLE;
    case 'timestamp':
    case 'bytes':
      return STRING;
    case 'type':
      return DYN;
    case 'list':
      return listOf(storedType(type.of));
    case 'map':
      return mapOf(storedType(type.of));
    case 'object': {
      const of = type;
      return lazyObjectType(of.what, of.names(), (name) => storedType(of.field(name) ?? DYN), {
        closed: of.closed,
        ...(of.missing ? { missing: of.missing } : {}),
      });
    }
    default:
      return type;
  }
}

/** A type in the words a process owner reads. */
export function describeType(type: CelType): string {
  switch (type.kind) {
    case 'dyn':
      return 'any value';
    case 'null':
      return 'null';
    case 'bool':
      return 'true or false';
    case 'int':
    case 'uint':
      return 'a whole number';
    case 'double':
      return 'a number';
    case 'string':
      return type.format === 'date' ? 'a date (text)' : 'text';
    case 'bytes':
      return 'bytes';
    case 'timestamp':
      return 'a timestamp';
    case 'duration':
      return 'a duration';
    case 'type':
      return 'a type';
    case 'list':
      return 'a list';
    case 'map':
    case 'object':
      return 'an object';
  }
}

import {
  BOOL,
  BYTES,
  DOUBLE,
  DURATION,
  DYN,
  INT,
  STRING,
  TIMESTAMP,
  TYPE,
  UINT,
  isMapLike,
  listOf,
  unify,
  type CelType,
  type Kind,
} from './celTypes';

// What CEL's operators and functions give for operands of known types, as the expression
// library evaluates them (JSON numbers are doubles, `1` is an int, and double/int arithmetic is
// allowed by our environment). `undefined` means evaluation always fails for these types; any
// unknown (dyn) operand gives dyn and never an error. operatorTypes.test.ts checks every entry
// against the library itself, so a library upgrade that changes them fails a test.

const NUMERIC_RESULT: Readonly<Record<string, Kind>> = {
  'int,int': 'int',
  'uint,uint': 'uint',
  'double,double': 'double',
  'int,double': 'double',
  'double,int': 'double',
};

const pair = (l: CelType, r: CelType) => `${l.kind},${r.kind}`;
const of = (kind: Kind): CelType => ({ kind }) as CelType;

const ADDITIVE: Readonly<Record<string, Kind>> = {
  'string,string': 'string',
  'bytes,bytes': 'bytes',
  'timestamp,duration': 'timestamp',
  'duration,timestamp': 'timestamp',
  'duration,duration': 'duration',
};

const SUBTRACTIVE: Readonly<Record<string, Kind>> = {
  'timestamp,timestamp': 'duration',
  'timestamp,duration': 'timestamp',
  'duration,duration': 'duration',
};

const ORDERED = new Set([
  'bool,bool',
  'string,string',
  'timestamp,timestamp',
  'duration,duration',
  ...['int', 'uint', 'double'].flatMap((a) => ['int', 'uint', 'double'].map((b) => `${a},${b}`)),
]);

/** A binary operator's result type, undefined when it always fails for these operand types. */
export function binaryType(op: string, left: CelType, right: CelType): CelType | undefined {
  if (op === '==' || op === '!=') return BOOL;
  const unknown = left.kind === 'dyn' || right.kind === 'dyn';
  switch (op) {
    case 'in':
      return right.kind === 'dyn' || right.kind === 'list' || isMapLike(right) ? BOOL : undefined;
    case '<':
    case '<=':
    case '>':
    case '>=':
      return unknown || ORDERED.has(pair(left, right)) ? BOOL : undefined;
    case '+': {
      if (unknown) return DYN;
      if (left.kind === 'list' && right.kind === 'list') return listOf(unify(left.of, right.of));
      const kind = NUMERIC_RESULT[pair(left, right)] ?? ADDITIVE[pair(left, right)];
      return kind ? of(kind) : undefined;
    }
    case '-': {
      if (unknown) return DYN;
      const kind = NUMERIC_RESULT[pair(left, right)] ?? SUBTRACTIVE[pair(left, right)];
      return kind ? of(kind) : undefined;
    }
    case '*':
    case '/': {
      if (unknown) return DYN;
      const kind = NUMERIC_RESULT[pair(left, right)];
      return kind ? of(kind) : undefined;
    }
    case '%': {
      if (unknown) return DYN;
      return pair(left, right) === 'int,int' ? INT : pair(left, right) === 'uint,uint' ? UINT : undefined;
    }
    default:
      return DYN;
  }
}

/** `!x` and `-x`. */
export function unaryType(op: '!_' | '-_', operand: CelType): CelType | undefined {
  if (op === '!_') return operand.kind === 'dyn' || operand.kind === 'bool' ? BOOL : undefined;
  if (operand.kind === 'dyn') return DYN;
  return operand.kind === 'int' || operand.kind === 'double' ? operand : undefined;
}

/** Global functions of one argument: the kinds each accepts and what it gives. */
const CONVERSIONS: Readonly<Record<string, { readonly from: readonly Kind[]; readonly to: CelType }>> = {
  size: { from: ['string', 'bytes', 'list', 'map', 'object'], to: INT },
  int: { from: ['int', 'double', 'string', 'timestamp'], to: INT },
  uint: { from: ['int', 'uint', 'double', 'string'], to: UINT },
  double: { from: ['int', 'uint', 'double', 'string'], to: DOUBLE },
  string: {
    from: ['bool', 'int', 'uint', 'double', 'string', 'bytes', 'timestamp', 'duration'],
    to: STRING,
  },
  bool: { from: ['bool', 'string'], to: BOOL },
  bytes: { from: ['string', 'bytes'], to: BYTES },
  timestamp: { from: ['int', 'string'], to: TIMESTAMP },
  duration: { from: ['string'], to: DURATION },
};

/** A global function's result, undefined when it always fails; unknown functions give dyn. */
export function functionType(name: string, args: readonly CelType[]): CelType | undefined {
  if (name === 'dyn') return DYN;
  if (name === 'type') return TYPE;
  const conversion = CONVERSIONS[name];
  const [arg] = args;
  if (!conversion || args.length !== 1 || !arg) return DYN;
  if (arg.kind === 'dyn') return conversion.to;
  return conversion.from.includes(arg.kind) ? conversion.to : undefined;
}

/** Receiver methods: the receiver kinds that have them, and their result. */
const METHODS: Readonly<Record<string, { readonly on: readonly Kind[]; readonly to: CelType }>> = {
  startsWith: { on: ['string'], to: BOOL },
  endsWith: { on: ['string'], to: BOOL },
  contains: { on: ['string'], to: BOOL },
  lowerAscii: { on: ['string'], to: STRING },
  upperAscii: { on: ['string'], to: STRING },
  trim: { on: ['string'], to: STRING },
  indexOf: { on: ['string'], to: INT },
  lastIndexOf: { on: ['string'], to: INT },
  substring: { on: ['string'], to: STRING },
  split: { on: ['string'], to: listOf(STRING) },
  join: { on: ['list'], to: STRING },
  size: { on: ['string', 'bytes', 'list', 'map', 'object'], to: INT },
  json: { on: ['bytes'], to: DYN },
  hex: { on: ['bytes'], to: STRING },
  base64: { on: ['bytes'], to: STRING },
  at: { on: ['bytes'], to: INT },
  ...Object.fromEntries(
    ['getDate', 'getDayOfMonth', 'getDayOfWeek', 'getDayOfYear', 'getFullYear', 'getMonth'].map((m) => [
      m,
      { on: ['timestamp'], to: INT },
    ]),
  ),
  ...Object.fromEntries(
    ['getHours', 'getMinutes', 'getSeconds', 'getMilliseconds'].map((m) => [
      m,
      { on: ['timestamp', 'duration'], to: INT },
    ]),
  ),
};

/** A receiver method's result, undefined when the receiver never has it; unknown methods give dyn. */
export function methodType(name: string, receiver: CelType): CelType | undefined {
  const method = METHODS[name];
  if (!method) return DYN;
  if (receiver.kind === 'dyn') return method.to;
  return method.on.includes(receiver.kind) ? method.to : undefined;
}

/**
 * The receivers a comprehension (all, exists, map, filter…) cannot iterate. Lists and maps can;
 * the library also accepts a few scalar kinds, so only these are certain failures.
 */
export const NOT_ITERABLE: ReadonlySet<Kind> = new Set(['null', 'bool', 'int', 'double', 'string']);

/** What a comprehension variable holds: list items, map keys. */
export function elementType(collection: CelType): CelType {
  if (collection.kind === 'list') return collection.of;
  if (isMapLike(collection)) return STRING;
  return DYN;
}

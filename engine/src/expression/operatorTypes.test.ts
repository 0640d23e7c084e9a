import { describe, expect, it } from 'vitest';
import { celEnvironment } from './celEnvironment';
import { DYN, INT, listOf, mapOf, objectType, type CelType, type Kind } from './celTypes';
import { evaluateExpression } from './evaluate';
import { NOT_ITERABLE, binaryType, functionType, methodType, unaryType } from './operatorTypes';
import { parseExpression } from './parse';
import { SCOPES } from './scope';

// The type tables are a claim about the expression library; these tests hold them to it. Every
// operator, function and method is evaluated on a value of every kind, wrapped in dyn() so that
// nothing is decided before run time (as with data from a form or a connector). Where the table
// says "always fails", evaluation must fail; where it gives a type, evaluation must succeed and
// give a value of that type.

const SAMPLES: Readonly<Record<Exclude<Kind, 'dyn' | 'object' | 'type'>, string>> = {
  null: 'null',
  bool: 'true',
  int: '2',
  uint: '2u',
  double: '2.5',
  string: '"s"',
  bytes: 'b"s"',
  timestamp: 'timestamp("2026-01-01T00:00:00Z")',
  duration: 'duration("1h")',
  list: '["a", "b"]',
  map: '{"a": 1}',
};
const KINDS = Object.keys(SAMPLES) as (keyof typeof SAMPLES)[];

const TYPE_NAMES: Readonly<Record<string, string>> = {
  null: 'null_type',
  bool: 'bool',
  int: 'int',
  uint: 'uint',
  double: 'double',
  string: 'string',
  bytes: 'bytes',
  timestamp: 'google.protobuf.Timestamp',
  duration: 'google.protobuf.Duration',
  list: 'list',
  map: 'map',
  type: 'type',
};

const typeOf = (kind: Kind): CelType =>
  kind === 'list'
    ? listOf(DYN)
    : kind === 'map'
      ? mapOf(DYN)
      : kind === 'object'
        ? objectType('a test object', { a: INT })
        : ({ kind } as CelType);

/** Runs an expression as a workflow would; false when it fails (at parse or at run time). */
function succeeds(source: string): boolean {
  const parsed = parseExpression(source, SCOPES.step);
  return parsed.ok && evaluateExpression(parsed.value, {}).ok;
}

/** Whether the expression's value has the CEL type of `kind` (dyn: anything goes). */
function hasType(source: string, type: CelType): boolean {
  if (type.kind === 'dyn') return true;
  const name = TYPE_NAMES[type.kind === 'object' ? 'map' : type.kind]!;
  return celEnvironment(SCOPES.step).evaluate(`type(${source}) == ${name}`, {}) === true;
}

function agrees(source: string, claimed: CelType | undefined): void {
  if (claimed === undefined) expect(succeeds(source), `${source} should always fail`).toBe(false);
  else {
    expect(succeeds(source), `${source} should work`).toBe(true);
    expect(hasType(source, claimed), `${source} should give ${claimed.kind}`).toBe(true);
  }
}

describe('operator and function types', () => {
  it('match the library for every binary operator and pair of kinds', () => {
    for (const op of ['+', '-', '*', '/', '%', '<', '<=', '>', '>=', '==', '!=', 'in'])
      for (const left of KINDS)
        for (const right of KINDS) {
          const claimed = binaryType(op, typeOf(left), typeOf(right));
          agrees(`dyn(${SAMPLES[left]}) ${op} dyn(${SAMPLES[right]})`, claimed);
        }
  });

  it('treat known objects like maps and unknown operands as never failing', () => {
    for (const op of ['+', '-', '*', '/', '%', '<', '==', 'in'])
      for (const other of KINDS) {
        expect(binaryType(op, typeOf('object'), typeOf(other))).toEqual(
          binaryType(op, typeOf('map'), typeOf(other)),
        );
        expect(binaryType(op, typeOf(other), typeOf('object'))).toEqual(
          binaryType(op, typeOf(other), typeOf('map')),
        );
        // `x in "text"` fails whatever x is; everything else waits for the value.
        if (op !== 'in') expect(binaryType(op, typeOf('dyn'), typeOf(other))).toBeDefined();
        expect(binaryType(op, typeOf(other), typeOf('dyn'))).toBeDefined();
      }
  });

  it('match the library for ! and unary minus', () => {
    for (const kind of KINDS) {
      agrees(`!dyn(${SAMPLES[kind]})`, unaryType('!_', typeOf(kind)));
      agrees(`-dyn(${SAMPLES[kind]})`, unaryType('-_', typeOf(kind)));
    }
  });

  it('match the library for every conversion function and kind', () => {
    // Conversions from text depend on the text: a string the function can read.
    const readable: Record<string, string> = {
      int: '"12"',
      uint: '"12"',
      double: '"1.5"',
      bool: '"true"',
      timestamp: '"2026-01-01T00:00:00Z"',
      duration: '"90m"',
    };
    for (const name of [
      'size',
      'int',
      'uint',
      'double',
      'string',
      'bool',
      'bytes',
      'timestamp',
      'duration',
      'type',
    ])
      for (const kind of KINDS) {
        const sample = kind === 'string' ? (readable[name] ?? SAMPLES.string) : SAMPLES[kind];
        agrees(`${name}(dyn(${sample}))`, functionType(name, [typeOf(kind)]));
      }
  });

  it('match the library for every receiver method and kind', () => {
    const calls: Record<string, string> = {
      startsWith: 'startsWith("a")',
      endsWith: 'endsWith("a")',
      contains: 'contains("a")',
      lowerAscii: 'lowerAscii()',
      upperAscii: 'upperAscii()',
      trim: 'trim()',
      indexOf: 'indexOf("a")',
      lastIndexOf: 'lastIndexOf("a")',
      substring: 'substring(0)',
      split: 'split(",")',
      join: 'join()',
      size: 'size()',
      hex: 'hex()',
      base64: 'base64()',
      at: 'at(0)',
      getFullYear: 'getFullYear()',
      getMonth: 'getMonth("Europe/Berlin")',
      getDayOfWeek: 'getDayOfWeek()',
      getHours: 'getHours()',
      getMinutes: 'getMinutes()',
    };
    for (const [name, call] of Object.entries(calls))
      for (const kind of KINDS) agrees(`dyn(${SAMPLES[kind]}).${call}`, methodType(name, typeOf(kind)));
  });

  it('know which kinds a comprehension cannot iterate', () => {
    for (const kind of KINDS)
      for (const macro of [
        'all(x, true)',
        'exists(x, true)',
        'exists_one(x, true)',
        'map(x, x)',
        'filter(x, true)',
      ])
        expect(succeeds(`dyn(${SAMPLES[kind]}).${macro}`), `${kind}.${macro}`).toBe(!NOT_ITERABLE.has(kind));
  });
});

import fc from 'fast-check';
import { serialize, type ASTNode } from '@marcbachmann/cel-js';
import { describe, expect, it } from 'vitest';
import { BOOL, DOUBLE, DYN, STRING, TIMESTAMP, listOf, mapOf, objectType, type CelType } from './celTypes';
import { evaluateExpression } from './evaluate';
import { parseExpression } from './parse';
import { checkTypes, closest } from './typeCheck';

// A scope like the one validation builds: typed form fields, an open map, an unknown value.
const ROOTS = ['input', 'now'];
const roots: Record<string, CelType> = {
  input: objectType('the request form', {
    s: STRING,
    n: DOUBLE,
    b: BOOL,
    d: { kind: 'string', format: 'date' },
    tags: listOf(STRING),
    o: objectType('the object', { a: DOUBLE, t: STRING }),
    m: mapOf(DOUBLE),
    any: DYN,
  }),
  now: TIMESTAMP,
};

const check = (source: string) => {
  const parsed = parseExpression(source, ROOTS);
  if (!parsed.ok) throw new Error(`${source}: ${parsed.error.message}`);
  return checkTypes(parsed.value.ast, roots);
};
const errorsOf = (source: string) =>
  check(source)
    .findings.filter((f) => f.severity === 'error')
    .map((f) => f.message);

describe('type checking', () => {
  it('infers the type of an expression from the types of what it reads', () => {
    expect(check('input.n > 1000 && input.s == "IT"').type.kind).toBe('bool');
    expect(check('input.n + 1').type.kind).toBe('double');
    expect(check('timestamp(input.s)').type.kind).toBe('timestamp');
    expect(check('input.tags.map(t, t.size())').type).toEqual(listOf({ kind: 'int' }));
    expect(check('input.o.t').type.kind).toBe('string');
    expect(check('input.m.anything').type.kind).toBe('double');
    expect(check('input.any.deep.er').type.kind).toBe('dyn');
    expect(check('cel.bind(x, input.n, x * 2)').type.kind).toBe('double');
  });

  it('reports what always fails, with the part that fails', () => {
    const { findings } = check('input.n > 5 && input.s + 1 == "x"');
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'EXPRESSION_TYPE',
        message: 'Cannot add text and a whole number (input.s + 1)',
        range: { start: 15, end: 26 },
      }),
    ]);
    expect(errorsOf('input.n % 2 == 0')[0]).toContain('use int(…) % n');
    expect(errorsOf('input.s.foo')[0]).toContain('text has no fields');
    expect(errorsOf('input.n.startsWith("a")')[0]).toContain('a number has no startsWith()');
    expect(errorsOf('size(input.n) > 0')[0]).toContain('size() cannot take a number');
    expect(errorsOf('input.b.exists(x, x)')[0]).toContain('goes through a list or an object');
    expect(errorsOf('"a" in input.s')[0]).toContain('"in" needs a list or an object');
    expect(errorsOf('input.tags["x"]')[0]).toContain('A list position must be a whole number');
    expect(errorsOf('now > input.s')[0]).toContain('Cannot compare a timestamp and text');
  });

  it("knows CEL's conversions of times: string() of a timestamp or a duration, int() of a timestamp", () => {
    expect(check('string(now)')).toMatchObject({ type: STRING, findings: [] });
    expect(check('string(now - timestamp(input.s))')).toMatchObject({ type: STRING, findings: [] });
    expect(check('int(now) - int(timestamp(input.s))').type.kind).toBe('int');
    expect(errorsOf('int(now - now)')[0]).toContain('int() cannot take');
  });

  it('reports a value that is not true or false where a condition is needed', () => {
    expect(errorsOf('input.n > 5 && input.s')).toEqual(['&& needs true or false, but input.s gives text']);
    expect(errorsOf('input.s ? 1 : 2')[0]).toContain('The condition of ? : needs true or false');
    expect(errorsOf('input.tags.exists(t, input.n)')[0]).toContain('The test of exists()');
    expect(errorsOf('!input.n')[0]).toContain('! needs true or false');
  });

  it('refuses timestamp() of a date field, which holds no time', () => {
    expect(errorsOf('timestamp(input.d) < now')[0]).toContain('write timestamp(input.d + "T00:00:00Z")');
    expect(errorsOf('timestamp(input.d + "T00:00:00Z") < now')).toEqual([]);
  });

  it('names a missing field of a closed object as an error, of an open one as a warning', () => {
    expect(check('input.o.aa').findings).toEqual([
      expect.objectContaining({
        code: 'UNKNOWN_FIELD',
        severity: 'error',
        message: 'The object has no field "aa"; did you mean "a"?',
      }),
    ]);
    const open = { input: objectType('the result of x.y', { id: STRING }, false) };
    const parsed = parseExpression('input.idd', ROOTS);
    expect(parsed.ok && checkTypes(parsed.value.ast, open).findings).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_FIELD', severity: 'warning' }),
    ]);
    expect(check('has(input.o.zzz)').findings).toEqual([]);
  });

  it('reports nothing it cannot be sure of', () => {
    for (const source of [
      'input.n == 1',
      'input.s == null',
      'input.n in [1, 2]',
      'input.b ? input.n : 1',
      'input.tags + [1]',
      'input.any + 1',
      'input.any.x.y > now',
      'int(input.m.x) % 2',
      'input.tags[input.n]',
      'false && input.any',
      'input.o == {"a": 1}',
      'size(input.o) > 1',
      '{"a": 1}.all(k, k == "a")',
    ])
      expect(errorsOf(source), source).toEqual([]);
  });

  it('reports each mistake once: what depends on it is unknown', () => {
    expect(errorsOf('(input.s + 1) * 2 > input.n')).toHaveLength(1);
  });

  it('rests on how data reaches expressions: JSON numbers are doubles, `1` an int, time a timestamp', () => {
    // The scope types (validate/scopeTypes.ts) assume this data model; if evaluation changes
    // it, this fails and those types must follow.
    const run = (source: string) => {
      const parsed = parseExpression(source, ROOTS);
      return (
        parsed.ok &&
        evaluateExpression(parsed.value, { input: JSON.parse('{"n": 5, "s": "x"}'), now: new Date(0) })
      );
    };
    expect(run('input.n % 2')).toMatchObject({ ok: false });
    expect(run('int(input.n) % 2')).toEqual({ ok: true, value: 1 });
    expect(run('input.n + 1')).toEqual({ ok: true, value: 6 });
    expect(run('now + duration("1h")')).toEqual({ ok: true, value: '1970-01-01T01:00:00.000Z' });
    expect(run('input.s + 1')).toMatchObject({ ok: false });
  });

  it('suggests a field only when one is clearly meant', () => {
    expect(closest('amout', ['amount', 'system'])).toBe('amount');
    expect(closest('x', ['amount'])).toBeUndefined();
    expect(closest('ab', ['aa', 'ac'])).toBeUndefined();
  });
});

// Soundness: every error the checker reports is real. Random expressions over the typed scope are
// checked; each part reported as failing must fail when evaluated on data of those types, and
// each part reported as "not true or false" must give something else.

const atoms = fc.constantFrom(
  'input.s',
  'input.n',
  'input.b',
  'input.d',
  'input.tags',
  'input.o',
  'input.o.a',
  'input.m',
  'input.any',
  'now',
  '1',
  '2.5',
  '"x"',
  'true',
  'null',
  '[1, 2]',
  '{"a": 1}',
  'duration("1h")',
);
const OPERATORS = ['+', '-', '*', '/', '%', '<', '>=', '==', 'in', '&&', '||'] as const;
const FUNCTIONS = ['size', 'int', 'double', 'string', 'timestamp', 'bool'] as const;
const METHODS = ['size()', 'startsWith("x")', 'getFullYear()', 'a', 'join()'] as const;

/** Expressions built from `part`s: every shape the checker reasons about, one level up. */
const around = (part: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: part, weight: 2 },
    {
      arbitrary: fc.tuple(part, fc.constantFrom(...OPERATORS), part).map(([a, op, b]) => `(${a} ${op} ${b})`),
      weight: 5,
    },
    { arbitrary: fc.tuple(fc.constantFrom(...FUNCTIONS), part).map(([f, a]) => `${f}(${a})`), weight: 2 },
    { arbitrary: fc.tuple(part, fc.constantFrom(...METHODS)).map(([a, m]) => `${a}.${m}`), weight: 2 },
    { arbitrary: fc.tuple(part, part).map(([a, b]) => `${a}[${b}]`), weight: 1 },
    { arbitrary: part.map((a) => `!${a}`), weight: 1 },
    { arbitrary: part.map((a) => `-${a}`), weight: 1 },
    { arbitrary: fc.tuple(part, part, part).map(([c, a, b]) => `(${c} ? ${a} : ${b})`), weight: 1 },
    { arbitrary: part.map((a) => `input.tags.exists(t, ${a})`), weight: 1 },
  );
const expr = around(around(atoms));

const conformingData = fc.record({
  s: fc.string({ maxLength: 5 }),
  n: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  b: fc.boolean(),
  d: fc.constantFrom('2026-01-31', '1999-12-01'),
  tags: fc.array(fc.constantFrom('a', 'x', 'b'), { maxLength: 3 }),
  o: fc.record({ a: fc.double({ noNaN: true, min: -10, max: 10 }), t: fc.string({ maxLength: 3 }) }),
  m: fc.dictionary(fc.constantFrom('a', 'b'), fc.integer({ min: -5, max: 5 })),
  any: fc.constantFrom(1, 'x', true, [1], { a: 1 }),
});

function nodeAt(ast: ASTNode, range: { start: number; end: number }): ASTNode | undefined {
  if (ast.start === range.start && ast.end === range.end) return ast;
  const children: ASTNode[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object' && 'op' in value) children.push(value as ASTNode);
  };
  collect(ast.args);
  for (const child of children) {
    const found = nodeAt(child, range);
    if (found) return found;
  }
  return undefined;
}

/** Checks one expression; returns how many reported errors it verified against evaluation. */
function verify(source: string, input: Record<string, unknown>): number {
  const parsed = parseExpression(source, ROOTS);
  if (!parsed.ok) return 0;
  const data = { input, now: new Date(0) };
  let verified = 0;
  for (const finding of checkTypes(parsed.value.ast, roots).findings) {
    if (finding.severity !== 'error') continue;
    const node = nodeAt(parsed.value.ast, finding.range);
    if (!node) throw new Error(`no part at ${JSON.stringify(finding.range)} of ${source}`);
    const part = parseExpression(serialize(node), ROOTS);
    if (!part.ok) continue; // refused on its own (e.g. mixing literal types): no run-time claim
    verified += 1;
    const result = evaluateExpression(part.value, data);
    if (finding.kind === 'fails') expect(result.ok, `${serialize(node)} in ${source}`).toBe(false);
    else if (result.ok) expect(typeof result.value, `${serialize(node)} in ${source}`).not.toBe('boolean');
  }
  return verified;
}

const ATOMS = [
  'input.s',
  'input.n',
  'input.b',
  'input.d',
  'input.tags',
  'input.o',
  'input.o.a',
  'input.m',
  'input.any',
  'now',
  '1',
  '2.5',
  '"x"',
  'true',
  'null',
  '[1, 2]',
  '{"a": 1}',
  'duration("1h")',
];

describe('type checking is sound', () => {
  it('every error on a one-step expression over typed values is a real failure', () => {
    const samples = fc.sample(conformingData, { numRuns: 3, seed: 7 });
    const sources = [
      ...ATOMS.flatMap((a) => ATOMS.flatMap((b) => OPERATORS.map((op) => `${a} ${op} ${b}`))),
      ...ATOMS.flatMap((a) => ATOMS.map((b) => `${a}[${b}]`)),
      ...ATOMS.flatMap((a) => [...FUNCTIONS.map((f) => `${f}(${a})`), ...METHODS.map((m) => `${a}.${m}`)]),
      ...ATOMS.flatMap((a) => [`!${a}`, `-${a}`, `${a} ? 1 : 2`, `input.tags.exists(t, ${a})`]),
    ];
    let verified = 0;
    for (const source of sources) for (const input of samples) verified += verify(source, input);
    expect(verified).toBeGreaterThan(1000);
  });

  it('every reported error in random nested expressions is a real failure', () => {
    fc.assert(
      fc.property(expr, conformingData, (source, input) => {
        verify(source, input);
      }),
      { numRuns: 2000 },
    );
  }, 60_000);
});

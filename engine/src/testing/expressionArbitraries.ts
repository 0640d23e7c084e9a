import fc from 'fast-check';

/**
 * Well-typed CEL expressions over `input` built to be costly: macros over split() and over
 * lists, membership tests between built lists, string doubling through cel.bind, concatenation
 * in loops, list comparisons, searches. Each either evaluates or runs out of budget; anything
 * else is a bug in the budget (or in this generator).
 */
export function adversarialExpression(maxDepth = 3): fc.Arbitrary<string> {
  return boolOf(maxDepth, []);
}

/** Where the generator reads: strings and lists at the top and nested 17 levels deep. */
const DEEP = 'input.d.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q';

function stringOf(depth: number, vars: readonly string[]): fc.Arbitrary<string> {
  const leaves = fc.constantFrom('input.s', 'input.t', '"a,b,c"', `${DEEP}.s`, ...vars);
  if (depth <= 0) return leaves;
  const s = () => stringOf(depth - 1, vars);
  const l = () => listOf(depth - 1, vars);
  return fc.oneof(
    { arbitrary: leaves, weight: 2 },
    fc.tuple(s(), s()).map(([a, b]) => `(${a} + ${b})`),
    l().map((a) => `${a}.join(",")`),
    s().map((a) => `${a}.lowerAscii()`),
    fc.tuple(boolOf(depth - 1, vars), s(), s()).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
    s().map((a) => `cel.bind(b, ${a}, b + b + b)`),
  );
}

function listOf(depth: number, vars: readonly string[]): fc.Arbitrary<string> {
  const leaves = fc.constantFrom(
    'input.l',
    '["a", "b"]',
    'input.s.split(",")',
    'input.t.split("")',
    `${DEEP}.l`,
  );
  if (depth <= 0) return leaves;
  const v = `v${vars.length}`;
  const inner = [...vars, v];
  const s = () => stringOf(depth - 1, vars);
  const l = () => listOf(depth - 1, vars);
  return fc.oneof(
    { arbitrary: leaves, weight: 2 },
    s().map((a) => `${a}.split(",")`),
    s().map((a) => `${a}.split("")`),
    fc.tuple(l(), l()).map(([a, b]) => `(${a} + ${b})`),
    fc.tuple(l(), stringOf(depth - 1, inner)).map(([a, body]) => `${a}.map(${v}, ${body})`),
    fc.tuple(l(), boolOf(depth - 1, inner)).map(([a, body]) => `${a}.filter(${v}, ${body})`),
    l().map((a) => `cel.bind(k, ${a}, k + k)`),
  );
}

function boolOf(depth: number, vars: readonly string[]): fc.Arbitrary<string> {
  const leaves = fc.constantFrom('true', '(input.s == input.t)', '(size(input.l) > 3)');
  if (depth <= 0) return leaves;
  const v = `v${vars.length}`;
  const inner = [...vars, v];
  const s = () => stringOf(depth - 1, vars);
  const l = () => listOf(depth - 1, vars);
  const b = () => boolOf(depth - 1, vars);
  return fc.oneof(
    { arbitrary: leaves, weight: 1 },
    fc.tuple(s(), s()).map(([x, y]) => `(${x} == ${y})`),
    fc.tuple(s(), l()).map(([x, y]) => `(${x} in ${y})`),
    fc.tuple(l(), l()).map(([x, y]) => `(${x} == ${y})`),
    fc.tuple(l(), boolOf(depth - 1, inner)).map(([x, body]) => `${x}.exists(${v}, ${body})`),
    fc.tuple(l(), boolOf(depth - 1, inner)).map(([x, body]) => `${x}.all(${v}, ${body})`),
    fc.tuple(b(), b()).map(([x, y]) => `(${x} || ${y})`),
    fc.tuple(b(), b()).map(([x, y]) => `(${x} && ${y})`),
    b().map((x) => `!(${x})`),
    fc.tuple(s(), s()).map(([x, y]) => `${x}.contains(${y})`),
    fc.tuple(s(), s()).map(([x, y]) => `(${x}.lastIndexOf(${y}) >= size(${x}))`),
    fc.tuple(l(), s()).map(([x, y]) => `(size(${x}) > size(${y}))`),
  );
}

/** Inputs from small to a few tens of kilobytes, with the same values 17 levels down. */
export function adversarialInput(maxBytes = 40_000): fc.Arbitrary<Record<string, unknown>> {
  const text = fc
    .tuple(fc.constantFrom('a', 'b', 'ab', 'a,', ',', 'xy,z'), fc.integer({ min: 0, max: maxBytes / 2 }))
    .map(([unit, bytes]) => unit.repeat(Math.ceil(bytes / unit.length)));
  const list = fc
    .tuple(fc.constantFrom('a', 'b', 'aaaa'), fc.integer({ min: 0, max: maxBytes / 20 }))
    .map(([item, count]) => Array.from({ length: count }, () => item));
  return fc.record({ s: text, t: text, l: list }).map((flat) => {
    let d: Record<string, unknown> = flat;
    for (const key of 'qponmlkjihgfedcba') d = { [key]: d };
    return { ...flat, d };
  });
}

import { describe, expect, it } from 'vitest';
import { evaluateExpression } from './evaluate';
import { EXPRESSION_LIMITS } from './limits';
import { parseExpression } from './parse';
import { SCOPES } from './scope';

const roots = SCOPES.step;
const run = (source: string, data: Record<string, unknown>) => {
  const parsed = parseExpression(source, roots);
  if (!parsed.ok) return parsed;
  return evaluateExpression(parsed.value, { input: {}, vars: {}, nodes: {}, now: new Date(0), ...data });
};

describe('expressions', () => {
  it('evaluates conditions and mappings over plain data, returning plain data', () => {
    expect(run('input.amount > 1000 && input.dept == "IT"', { input: { amount: 1500, dept: 'IT' } })).toEqual(
      { ok: true, value: true },
    );
    expect(run('input.amount + 1', { input: { amount: 1500 } })).toEqual({ ok: true, value: 1501 });
    expect(run('size(input.tags) * 2', { input: { tags: ['a', 'b'] } })).toEqual({ ok: true, value: 4 });
    expect(run('input.tags.map(t, t + "!")', { input: { tags: ['a'] } })).toEqual({
      ok: true,
      value: ['a!'],
    });
    expect(run('{"name": input.name, "n": 1}', { input: { name: 'Eve' } })).toEqual({
      ok: true,
      value: { name: 'Eve', n: 1 },
    });
    expect(run('timestamp("2026-01-01T00:00:00Z") + duration("1h")', {})).toEqual({
      ok: true,
      value: '2026-01-01T01:00:00.000Z',
    });
  });

  it('types mixed int and double arithmetic as double, either way round', () => {
    // The library types `1 + 2.5` as its left side (int), so timestamp(1 + 2.5) checked and ran.
    for (const source of ['1 + 2.5', '2.5 + 1', '1 * 2.5', '2.5 / 1'])
      expect(parseExpression(source, roots)).toMatchObject({ ok: true, value: { type: 'double' } });
    expect(parseExpression('timestamp(1 + 2.5)', roots)).toMatchObject({
      ok: false,
      error: { code: 'EXPRESSION_TYPE' },
    });
  });

  it('converts times as CEL does: string() and int() of now, string() of a duration', () => {
    const now = new Date('2026-11-30T08:15:00.250Z');
    expect(run('string(now)', { now })).toEqual({ ok: true, value: '2026-11-30T08:15:00.250Z' });
    expect(run('"opened " + string(now)', { now })).toEqual({
      ok: true,
      value: 'opened 2026-11-30T08:15:00.250Z',
    });
    expect(run('int(now)', { now })).toEqual({ ok: true, value: 1_796_026_500 });
    expect(run('timestamp(string(now)) == now', { now })).toEqual({ ok: true, value: true });
    expect(run('string(now - timestamp("2026-11-30T06:45:00Z"))', { now })).toEqual({
      ok: true,
      value: '5400.25s',
    });
    expect(run('string(duration("90m"))', {})).toEqual({ ok: true, value: '5400s' });
    expect(
      run('(int(now) - int(timestamp(input.at))) / 60', { now, input: { at: '2026-11-30T08:00:00Z' } }),
    ).toEqual({
      ok: true,
      value: 15,
    });
  });

  it('says how to write a conditional whose branches differ in type', () => {
    const messageOf = (source: string) => {
      const parsed = parseExpression(source, roots);
      return parsed.ok ? 'accepted' : parsed.error.message;
    };
    expect(messageOf('input.done ? 3 : null')).toBe(
      'Both branches of ?: must give the same type, here int and null: write dyn(null) for the empty one, e.g. done ? minutes : dyn(null)',
    );
    expect(messageOf('input.big ? 1 : 2.5')).toMatch(
      /here int and double: write the whole number as a decimal/,
    );
    expect(messageOf('input.big ? "a" : 1')).toMatch(/here string and int: wrap one in dyn/);
    // What the advice says works.
    expect(run('input.done ? 3 : dyn(null)', { input: { done: false } })).toEqual({ ok: true, value: null });
    expect(run('input.big ? 1.0 : 2.5', { input: { big: true } })).toEqual({ ok: true, value: 1 });
  });

  it('reports syntax errors with a range instead of throwing', () => {
    const parsed = parseExpression('input.amount >', roots);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.code).toBe('EXPRESSION_SYNTAX');
  });

  it('knows only the names of its scope', () => {
    for (const source of ['process.env', 'globalThis', 'require("fs")', 'this', 'window.location']) {
      const parsed = parseExpression(source, roots);
      expect(parsed.ok, source).toBe(false);
    }
  });

  it('cannot reach prototypes: __proto__ and constructor are just missing keys', () => {
    const data = { input: { name: 'x' } };
    for (const source of [
      'input.__proto__',
      'input.constructor',
      'input.constructor.constructor',
      'input["__proto__"]',
      'input.name.constructor',
      '{}.constructor',
    ]) {
      const result = run(source, data);
      expect(result.ok, source).toBe(false);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('treats data that looks like code as data', () => {
    const evil = '"; process.exit(1); //';
    expect(run('input.comment + "!"', { input: { comment: evil } })).toEqual({ ok: true, value: `${evil}!` });
    expect(run('input.comment', { input: { comment: '${7*7} {{constructor.constructor("x")()}}' } })).toEqual(
      {
        ok: true,
        value: '${7*7} {{constructor.constructor("x")()}}',
      },
    );
  });

  it('drops prototype keys from data it returns', () => {
    const payload = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as Record<string, unknown>;
    const result = run('input.payload', { input: { payload } });
    expect(result).toEqual({ ok: true, value: { ok: 1 } });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses matches(): backtracking regular expressions can run for seconds', () => {
    const parsed = parseExpression('input.name.matches("(a+)+$")', roots);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.code).toBe('EXPRESSION_FORBIDDEN_FUNCTION');
  });

  it('refuses very long and very deep expressions', () => {
    const long = parseExpression(`"${'a'.repeat(EXPRESSION_LIMITS.maxSourceLength)}"`, roots);
    expect(!long.ok && long.error.code).toBe('EXPRESSION_TOO_COMPLEX');
    const deep = parseExpression(`${'('.repeat(200)}1${')'.repeat(200)}`, roots);
    expect(deep.ok).toBe(false);
    const wide = parseExpression(Array.from({ length: 300 }, () => 'input.a').join(' + '), roots);
    expect(wide.ok).toBe(false);
  });

  it('refuses deeply nested or numerous macros', () => {
    const nested = parseExpression('input.a.all(x, input.a.all(y, input.a.all(z, x == y && y == z)))', roots);
    expect(!nested.ok && nested.error.code).toBe('EXPRESSION_TOO_COMPLEX');
  });

  it('stops an expression whose cost over the actual data exceeds the budget', () => {
    const list = Array.from({ length: 5_000 }, (_, i) => i);
    const result = run('input.a.all(x, input.a.exists(y, x == y))', { input: { a: list } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('EXPRESSION_BUDGET_EXCEEDED');
  });

  it('bounds doubling through cel.bind: binds count as macros, so growth stays small', () => {
    const chain = (n: number) => {
      let body = `b${n}`;
      for (let i = n; i >= 1; i -= 1)
        body = `cel.bind(b${i}, ${i === 1 ? 'input.s + input.s' : `b${i - 1} + b${i - 1}`}, ${body})`;
      return body;
    };
    const allowed = run(chain(EXPRESSION_LIMITS.maxMacros), { input: { s: 'x'.repeat(1_000) } });
    expect(allowed).toMatchObject({ ok: true });
    expect((allowed as { value: string }).value).toHaveLength(1_000 * 2 ** EXPRESSION_LIMITS.maxMacros);
    const refused = parseExpression(chain(EXPRESSION_LIMITS.maxMacros + 1), roots);
    expect(!refused.ok && refused.error.code).toBe('EXPRESSION_TOO_COMPLEX');
  });

  it('reports a failing evaluation as an issue, not an exception', () => {
    expect(run('input.missing', { input: {} })).toMatchObject({
      ok: false,
      error: { code: 'EXPRESSION_FAILED' },
    });
    expect(run('1 / 0', {})).toMatchObject({ ok: false, error: { code: 'EXPRESSION_FAILED' } });
  });
});

import { describe, expect, it } from 'vitest';
import { createExpressionBudget, evaluateExpression, type ExpressionBudget } from './evaluate';
import { EVALUATION_LIMITS, evaluationLimits, type EvaluationLimitsOverride } from './limits';
import { parseExpression } from './parse';
import { SCOPES } from './scope';

/** Evaluates in the step scope and says how many operations the meter counted. */
function run(
  source: string,
  input: Record<string, unknown>,
  override: EvaluationLimitsOverride = {},
  budget: ExpressionBudget = { limit: Infinity, used: 0 },
) {
  const parsed = parseExpression(source, SCOPES.step);
  if (!parsed.ok) throw new Error(`${source}: ${parsed.error.message}`);
  const limits = evaluationLimits(override);
  const before = budget.used;
  const result = evaluateExpression(
    parsed.value,
    { input, vars: {}, nodes: {}, now: new Date(0) },
    { limits, budget },
  );
  return { result, operations: budget.used - before, limits };
}

/** The most one node can add past the limit (the charge that crosses it): a string at the cap. */
const oneNode = (maxStringLength: number) => Math.max(Math.ceil((maxStringLength + 2) / 16), 500) + 4;

const csvOf = (item: string, bytes: number) => Array.from({ length: bytes / 2 }, () => item).join(',');
const budgetExceeded = { ok: false, error: { code: 'EXPRESSION_BUDGET_EXCEEDED' } };

describe('expression budget, enforced while evaluating', () => {
  it('stops a condition comparing two split() lists of a 20 KB form input (held the event loop 10-13 s)', () => {
    const input = { a: csvOf('a', 20_000), b: csvOf('b', 20_000) };
    for (const source of [
      'input.a.split(",").exists(x, x in input.b.split(","))',
      'input.a.split(",").all(x, !(x in input.b.split(",")))',
    ]) {
      const { result, operations, limits } = run(source, input);
      expect(result, source).toMatchObject(budgetExceeded);
      expect(operations).toBeLessThanOrEqual(limits.maxOperations + oneNode(limits.maxStringLength));
    }
  });

  it('stops cel.bind(l, s.split(""), l.map(a, s)) long before it builds megabytes', () => {
    for (const size of [3_000, 25_000]) {
      const { result, operations, limits } = run('cel.bind(l, input.s.split(""), l.map(a, input.s))', {
        s: 'x'.repeat(size),
      });
      expect(result, `${size}`).toMatchObject(budgetExceeded);
      expect(operations).toBeLessThanOrEqual(limits.maxOperations + oneNode(limits.maxStringLength));
    }
  });

  it('counts lists nested deeper than any scan would look (17 levels here)', () => {
    let input: Record<string, unknown> = { list: Array.from({ length: 5_000 }, (_, i) => i) };
    for (const key of 'qponmlkjihgfedcba') input = { [key]: input };
    const { result } = run(
      'cel.bind(l, input.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.list, l.all(x, !l.exists(y, x == y - 100000)))',
      input,
    );
    expect(result).toMatchObject(budgetExceeded);
  });

  it('counts every step of a macro: at least one operation per item', () => {
    const items = Array.from({ length: 1_000 }, (_, i) => i);
    const { result, operations } = run('input.l.all(x, x >= 0)', { l: items });
    expect(result).toEqual({ ok: true, value: true });
    expect(operations).toBeGreaterThanOrEqual(items.length * 3);
    const nested = run('input.l.map(x, input.l.filter(y, y < 0))', { l: items.slice(0, 100) });
    expect(nested.operations).toBeGreaterThanOrEqual(100 * 100);
  });

  it('passes ordinary work comfortably: filtering and reshaping 1,000 records', () => {
    const items = Array.from({ length: 1_000 }, (_, i) => ({
      id: `req-${i}`,
      amount: i * 3,
      dept: i % 3 ? 'IT' : 'HR',
      owner: { name: `User ${i}`, email: `u${i}@example.org` },
    }));
    const filtered = run('input.items.filter(i, i.amount > 100 && i.dept == "IT").map(i, i.owner.email)', {
      items,
    });
    expect(filtered.result.ok).toBe(true);
    expect(filtered.operations).toBeLessThan(EVALUATION_LIMITS.maxOperations / 10);
  });

  it('stays exhausted when || or exists() absorb the error: the budget error wins over the value', () => {
    const input = { a: csvOf('a', 20_000), b: csvOf('b', 20_000) };
    for (const source of [
      'input.a.split(",").exists(x, x in input.b.split(",")) || true',
      'true && input.a.split(",").exists(x, x in input.b.split(","))',
      '[1, 2].exists(i, input.a.split(",").exists(x, x in input.b.split(",")) || i == 1)',
      '[1, 2].all(i, input.a.split(",").all(x, !(x in input.b.split(","))) && i > 0) || true',
    ]) {
      const { result, operations, limits } = run(source, input);
      expect(result, source).toMatchObject(budgetExceeded);
      expect(operations).toBeLessThanOrEqual(limits.maxOperations + oneNode(limits.maxStringLength));
    }
  });

  it('charges errors that a loop absorbs: each costs far more than a node', () => {
    const l = Array.from({ length: 100_000 }, (_, i) => i);
    expect(run('input.l.exists(x, x.nope == 1)', { l }).result).toMatchObject(budgetExceeded);
    expect(run('input.l.all(x, int("x") == 1 || true)', { l }).result).toMatchObject(budgetExceeded);
  });

  it('holds produced strings, lists, results and nesting to their limits', () => {
    const s = 'x'.repeat(10_000);
    expect(run('input.s + input.s', { s }, { maxStringLength: 15_000 }).result).toMatchObject({
      ok: false,
      error: { code: 'EXPRESSION_BUDGET_EXCEEDED', message: expect.stringContaining('20000 characters') },
    });
    expect(run('input.s.split("")', { s }, { maxListLength: 5_000 }).result).toMatchObject({
      ok: false,
      error: { code: 'EXPRESSION_BUDGET_EXCEEDED', message: expect.stringContaining('limit is 5000') },
    });
    expect(run('[input.s, input.s, input.s]', { s }, { maxResultBytes: 20_000 }).result).toMatchObject({
      ok: false,
      error: { code: 'EXPRESSION_BUDGET_EXCEEDED', message: expect.stringContaining('the limit is 20 KB') },
    });
    let deep: unknown = 1;
    for (let i = 0; i < 100; i += 1) deep = [deep];
    expect(run('input.deep', { deep }).result).toMatchObject({
      ok: false,
      error: { code: 'EXPRESSION_BUDGET_EXCEEDED', message: expect.stringContaining('deeper than 64') },
    });
    expect(run('input.deep[0][0][0]', { deep }).result).toMatchObject({ ok: false });
    expect(run('size(input.deep) == 1', { deep }).result).toMatchObject(budgetExceeded);
  });

  it('takes its limits from the caller: a smaller budget refuses what the default allows', () => {
    const l = Array.from({ length: 2_000 }, (_, i) => i);
    const source = 'input.l.filter(x, x >= 1000).size()';
    expect(run(source, { l }).result).toEqual({ ok: true, value: 1_000 });
    expect(run(source, { l }, { maxOperations: 5_000 }).result).toMatchObject({
      ok: false,
      error: { code: 'EXPRESSION_BUDGET_EXCEEDED', message: expect.stringContaining('5000 operations') },
    });
  });

  it('shares one budget among the evaluations of a step or request', () => {
    const budget = createExpressionBudget(evaluationLimits({ maxStepOperations: 30_000 }));
    const l = Array.from({ length: 1_000 }, (_, i) => i);
    const source = 'input.l.filter(x, x > 10).size()';
    const first = run(source, { l }, {}, budget);
    expect(first.result.ok).toBe(true);
    const outcomes = Array.from({ length: 10 }, () => run(source, { l }, {}, budget).result);
    expect(outcomes.at(-1)).toMatchObject({
      ok: false,
      error: { code: 'EXPRESSION_BUDGET_EXCEEDED', message: expect.stringContaining('this step') },
    });
    expect(budget.used).toBeLessThanOrEqual(30_000 + oneNode(EVALUATION_LIMITS.maxStringLength));
  });
});

describe('library calls that cost more than their arguments', () => {
  it('refuses duration() of a long string before its backtracking pattern runs (4 KB took 18 s)', () => {
    expect(run('duration(input.s)', { s: '1'.repeat(4_000) }).result).toMatchObject({
      ok: false,
      error: { code: 'EXPRESSION_FAILED', message: expect.stringContaining('duration()') },
    });
    expect(run('duration("1h30m") == duration("90m")', {}).result).toEqual({ ok: true, value: true });
  });

  it('charges lastIndexOf() for its naive search before it runs (1 MB took 54 s)', () => {
    const { result, operations, limits } = run('input.s.lastIndexOf(input.t)', {
      s: 'ab'.repeat(500_000),
      t: 'ab'.repeat(25_000) + 'b',
    });
    expect(result).toMatchObject(budgetExceeded);
    expect(operations).toBeLessThanOrEqual(limits.maxOperations);
    expect(run('input.path.lastIndexOf("/")', { path: '/a/b/c.txt' }).result).toEqual({ ok: true, value: 4 });
  });

  it('charges time-zone formatting, which builds a formatter each call', () => {
    const l = Array.from({ length: 3_000 }, (_, i) => i);
    expect(run('input.l.map(x, now.getHours("Europe/Paris"))', { l }).result).toMatchObject(budgetExceeded);
    expect(run('now.getHours("Europe/Paris")', {}).result).toEqual({ ok: true, value: 1 });
  });

  it('reports a bad time zone as a failure, not as a budget matter', () => {
    expect(run('now.getHours("Not/AZone")', {}).result).toMatchObject({
      ok: false,
      error: { code: 'EXPRESSION_FAILED' },
    });
  });
});

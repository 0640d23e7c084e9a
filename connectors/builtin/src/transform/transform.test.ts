import { describeConnectorContract, runAction } from '@flowline/connector-sdk/testing';
import { describe, expect, it } from 'vitest';
import { transform } from './index';

describeConnectorContract(transform);

describe('transform.map', () => {
  it('evaluates a CEL expression over data and returns plain JSON', async () => {
    const result = await runAction(transform, 'map', {
      input: {
        data: { first: 'Ada', last: 'Lovelace', roles: ['admin', 'dev'] },
        expression:
          '{"name": data.first + " " + data.last, "admin": "admin" in data.roles, "count": size(data.roles)}',
      },
    });
    expect(result).toEqual({ ok: true, output: { result: { name: 'Ada Lovelace', admin: true, count: 2 } } });
  });

  it('can read only `data`', async () => {
    const result = await runAction(transform, 'map', { input: { data: {}, expression: 'vars.secret' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'EXPRESSION_UNKNOWN_NAME', retryable: false } });
  });

  it('refuses a syntax error and matches() with their engine codes', async () => {
    const syntax = await runAction(transform, 'map', { input: { data: {}, expression: 'data.' } });
    const regex = await runAction(transform, 'map', {
      input: { data: 'x', expression: 'data.matches("(a+)+$")' },
    });
    expect(syntax).toMatchObject({ ok: false, error: { code: 'EXPRESSION_SYNTAX' } });
    expect(regex).toMatchObject({ ok: false, error: { code: 'EXPRESSION_FORBIDDEN_FUNCTION' } });
  });

  it('fails a missing key as a permanent step failure, not a crash', async () => {
    const result = await runAction(transform, 'map', {
      input: { data: {}, expression: 'data.missing.deeper' },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'EXPRESSION_FAILED', retryable: false } });
  });
});

describe('transform.pick and rename', () => {
  it('picks only the named fields that exist', async () => {
    const result = await runAction(transform, 'pick', {
      input: { data: { a: 1, b: 2, c: 3 }, keys: ['a', 'c', 'z'] },
    });
    expect(result).toEqual({ ok: true, output: { result: { a: 1, c: 3 } } });
  });

  it('renames fields and keeps the rest', async () => {
    const result = await runAction(transform, 'rename', {
      input: { data: { user_name: 'ada', id: 7 }, mapping: { user_name: 'userName' } },
    });
    expect(result).toEqual({ ok: true, output: { result: { userName: 'ada', id: 7 } } });
  });

  it('refuses to rename a field to a prototype-reaching name', async () => {
    const result = await runAction(transform, 'rename', {
      input: { data: { a: 1 }, mapping: { a: 'constructor' } },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

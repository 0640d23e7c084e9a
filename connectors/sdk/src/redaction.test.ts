import { describe, expect, it } from 'vitest';
import { collectSecretStrings, createRedactor, redactLogger } from './redaction';
import type { LogFields } from './logger';

describe('redaction', () => {
  it('masks secret values anywhere in nested fields and text', () => {
    const redactor = createRedactor(['s3cr3t-value']);
    expect(
      redactor.redact({
        url: 'https://x/?key=s3cr3t-value',
        nested: { list: ['s3cr3t-value', 'fine'] },
        n: 1,
      }),
    ).toEqual({ url: 'https://x/?key=[REDACTED]', nested: { list: ['[REDACTED]', 'fine'] }, n: 1 });
    expect(redactor.redactText('token s3cr3t-value used')).toBe('token [REDACTED] used');
  });

  it('masks values under sensitive keys even when the value is unknown', () => {
    expect(
      createRedactor().redact({ Authorization: 'Basic abc', apiKey: 'k', clientSecret: 'x', user: 'bob' }),
    ).toEqual({ Authorization: '[REDACTED]', apiKey: '[REDACTED]', clientSecret: '[REDACTED]', user: 'bob' });
  });

  it('masks short secrets only on exact match', () => {
    const redactor = createRedactor(['ab']);
    expect(redactor.redact({ a: 'ab', b: 'cabin' })).toEqual({ a: '[REDACTED]', b: 'cabin' });
  });

  it('learns secrets added later and survives cycles', () => {
    const redactor = createRedactor();
    redactor.add('late-token');
    const cyclic: Record<string, unknown> = { t: 'late-token' };
    cyclic['self'] = cyclic;
    expect(redactor.redact(cyclic)).toEqual({ t: '[REDACTED]', self: '[Circular]' });
  });

  it('collects every string of a credential value', () => {
    expect(collectSecretStrings({ a: 'x', b: { c: 'y', d: 3 }, e: ['z'] })).toEqual(['x', 'y', 'z']);
  });

  it('wraps a logger so nothing secret reaches it', () => {
    const lines: [LogFields, string][] = [];
    const sink = { info: (f: LogFields, m: string) => void lines.push([f, m]), warn() {}, error() {} };
    redactLogger(sink, createRedactor(['hunter22'])).info({ pw: 'hunter22' }, 'login with hunter22');
    expect(lines).toEqual([[{ pw: '[REDACTED]' }, 'login with [REDACTED]']]);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { schemaFailure, toConnectorError } from './classifyError';
import { ConnectorError, permanent, retryable } from './errors';
import { parseRetryAfter } from './http/retryAfter';

describe('toConnectorError', () => {
  it('keeps a ConnectorError as it is', () => {
    const error = retryable('BUSY', 'busy', { retryAfterMs: 5 });
    expect(toConnectorError(error)).toBe(error);
    expect(toConnectorError(permanent('NOPE', 'no')).retryable).toBe(false);
  });

  it("keeps a ConnectorError made by another copy of the SDK (a custom connector's, beside the runtime bundle)", async () => {
    vi.resetModules();
    const copy = await import('./errors');
    const foreign = copy.permanent('TICKET_CLOSED', 'The ticket is closed');
    expect(copy.ConnectorError).not.toBe(ConnectorError);
    expect(foreign).toBeInstanceOf(ConnectorError);
    expect(toConnectorError(foreign)).toBe(foreign);
    expect(toConnectorError(foreign)).toMatchObject({ code: 'TICKET_CLOSED', retryable: false });
  });

  it('wraps anything else as retryable UNEXPECTED', () => {
    expect(new RangeError('boom')).not.toBeInstanceOf(ConnectorError);
    expect(toConnectorError(new RangeError('boom'))).toMatchObject({ code: 'UNEXPECTED', retryable: true });
    expect(toConnectorError('a string')).toMatchObject({
      code: 'UNEXPECTED',
      message: expect.stringContaining('a string'),
    });
  });

  it('says what a thrown plain object says, never "[object Object]"', () => {
    expect(toConnectorError({ message: 'quota used up', status: 403 }).message).toBe(
      'The action failed unexpectedly: quota used up',
    );
    expect(toConnectorError({ status: 403 }).message).toBe(
      'The action failed unexpectedly: a value that is not an Error was thrown',
    );
    expect(toConnectorError(new TypeError()).message).toBe(
      'The action failed unexpectedly: TypeError without a message',
    );
    expect(toConnectorError(null).message).toBe('The action failed unexpectedly: null');
  });

  it('words a returned value that does not fit as what was returned, not as "Invalid input"', () => {
    const parsed = z.object({ id: z.string() }).safeParse({ id: 5 });
    if (parsed.success) throw new Error('expected a failure');
    expect(schemaFailure.output(parsed.error).message).toBe(
      'The action returned output that does not match its schema: id: expected string, received number',
    );
    expect(schemaFailure.input(parsed.error).message).toBe(
      'The input is not valid: id: Invalid input: expected string, received number',
    );
  });

  it('addresses schema failures by field path, without the offending values', () => {
    const parsed = z
      .object({ items: z.array(z.object({ sku: z.string() })) })
      .safeParse({ items: [{ sku: 42 }] });
    if (parsed.success) throw new Error('expected a failure');
    const error = schemaFailure.input(parsed.error);
    expect(error).toMatchObject({ code: 'INVALID_INPUT', retryable: false });
    expect(error.details).toEqual({ issues: [{ path: 'items.0.sku', message: expect.any(String) }] });
    expect(JSON.stringify(error.details)).not.toContain('42');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-01T10:00:00Z');
  it('reads delay seconds and HTTP-dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { sampleValue } from './sampleValue';

const now = Date.parse('2026-03-02T09:00:00Z');

describe('sampleValue', () => {
  it("prefers the schema's own const, example, default and first enum value", () => {
    expect(sampleValue({ type: 'boolean', const: true }, { now })).toBe(true);
    expect(sampleValue({ type: 'string', examples: ['INC0010001'] }, { now })).toBe('INC0010001');
    expect(sampleValue({ type: 'string', default: 'low' }, { now })).toBe('low');
    expect(sampleValue({ type: 'string', enum: ['1', '2', '3'] }, { now })).toBe('1');
  });

  it('builds objects and arrays from their parts, naming strings after their property', () => {
    expect(
      sampleValue(
        {
          type: 'object',
          properties: {
            sysId: { type: 'string' },
            count: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 },
            tags: { type: 'array', items: { type: 'string' } },
            owner: { anyOf: [{ type: 'null' }, { type: 'string', format: 'email' }] },
          },
        },
        { now },
      ),
    ).toEqual({ sysId: 'sysId-1', count: 1, tags: ['sample-1'], owner: 'someone@example.com' });
  });

  it('keeps numbers and strings within their bounds, and dates at the simulated time', () => {
    expect(sampleValue({ type: 'integer', minimum: 200, maximum: 299 }, { now })).toBe(200);
    expect(sampleValue({ type: 'number', exclusiveMaximum: 0 }, { now })).toBe(-1);
    expect(sampleValue({ type: 'string', maxLength: 3 }, { now, name: 'code' })).toBe('cod');
    expect(sampleValue({ type: 'string', format: 'date-time' }, { now })).toBe('2026-03-02T09:00:00.000Z');
    expect(sampleValue({ type: 'string', format: 'date' }, { now })).toBe('2026-03-02');
  });

  it('gives null for a schema that allows anything', () => {
    expect(sampleValue({}, { now })).toBeNull();
    expect(sampleValue(undefined, { now })).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { CelType } from './celTypes';
import { jsonSchemaType } from './jsonSchemaType';

/** A type as plain data: kinds, element types and (for objects) closedness and fields. */
function shape(type: CelType): unknown {
  switch (type.kind) {
    case 'list':
    case 'map':
      return { [type.kind]: shape(type.of) };
    case 'object':
      return {
        object: Object.fromEntries(type.names().map((n) => [n, shape(type.field(n)!)])),
        closed: type.closed,
      };
    case 'string':
      return type.format ? `string:${type.format}` : 'string';
    default:
      return type.kind;
  }
}
const typeOf = (schema: unknown) => shape(jsonSchemaType(schema, 'the result'));

describe('types from JSON Schema', () => {
  it('reads what connector output schemas say, numbers as doubles', () => {
    expect(
      typeOf({
        type: 'object',
        properties: {
          id: { type: 'string' },
          status: { type: 'integer' },
          on: { type: 'string', format: 'date' },
          tags: { type: 'array', items: { type: 'string' } },
          headers: { type: 'object', additionalProperties: { type: 'string' } },
          body: {},
        },
        additionalProperties: false,
      }),
    ).toEqual({
      object: {
        id: 'string',
        status: 'double',
        on: 'string:date',
        tags: { list: 'string' },
        headers: { map: 'string' },
        body: 'dyn',
      },
      closed: true,
    });
  });

  it('keeps an object open unless the schema closes it', () => {
    expect(typeOf({ type: 'object', properties: { id: { type: 'string' } } })).toEqual({
      object: { id: 'string' },
      closed: false,
    });
    expect(typeOf({ type: 'object' })).toEqual({ map: 'dyn' });
  });

  it('reads nullable types, constants, enums and agreeing unions; anything else is unknown', () => {
    expect(typeOf({ type: ['string', 'null'] })).toBe('string');
    expect(typeOf({ type: ['string', 'number'] })).toBe('dyn');
    expect(typeOf({ type: 'boolean', const: true })).toBe('bool');
    expect(typeOf({ enum: ['a', 'b'] })).toBe('string');
    expect(typeOf({ enum: ['a', 1] })).toBe('dyn');
    expect(typeOf({ anyOf: [{ type: 'integer' }, { type: 'number' }, { type: 'null' }] })).toBe('double');
    expect(typeOf({ anyOf: [{ type: 'integer' }, { type: 'string' }] })).toBe('dyn');
    expect(typeOf({ $ref: '#/$defs/x' })).toBe('dyn');
    expect(typeOf('not a schema')).toBe('dyn');
  });
});

import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { assertPlainData, findUnsafeData } from './inputCheck';

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) value = [value];
  return value;
};

describe('data refused at the boundary', () => {
  it('names a prototype key where it sits', () => {
    expect(findUnsafeData({ a: [{ constructor: {} }] })).toMatchObject({
      path: 'a.0.constructor',
      problem: 'forbidden key',
    });
  });

  it('calls runaway nesting what it is, not a forbidden key', () => {
    expect(findUnsafeData(nested(32))).toBeUndefined();
    const refused = (() => {
      try {
        assertPlainData({ payload: nested(5_000) }, 'The body');
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toBe('The body is nested too deeply');
    expect((refused as AppError).details).toMatchObject({
      issues: [{ message: 'Nested more than 32 levels deep: flatten the data' }],
    });
  });
});

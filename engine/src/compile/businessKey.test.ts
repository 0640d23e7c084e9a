import { describe, expect, it } from 'vitest';
import { businessKeyFromValue, BusinessKeySchema } from '../definition/businessKey';
import { aWorkflow, n } from '../testing';
import { compileBusinessKey } from './businessKey';

const keyOf = (expression?: string) => {
  const builder = aWorkflow()
    .input({ key: 'ticket', label: 'Ticket', type: 'text', required: false })
    .nodes(n.trigger(), n.end('done'))
    .edges('start -> done');
  return compileBusinessKey((expression ? builder.businessKey(expression) : builder).build());
};

describe('compileBusinessKey', () => {
  it('gives the trimmed text the expression computes from the start input', () => {
    expect(keyOf('input.ticket')({ ticket: '  INC0012345 ' })).toBe('INC0012345');
    expect(keyOf('"CHG-" + input.ticket')({ ticket: '7' })).toBe('CHG-7');
  });

  it('gives no key when the workflow has no expression', () => {
    expect(keyOf()({ ticket: 'INC1' })).toBeUndefined();
  });

  it('gives no key, rather than failing the start, when the value does not fit', () => {
    const key = keyOf('input.ticket');
    expect(key({})).toBeUndefined(); // the field was left out: the evaluation fails
    expect(key({ ticket: '   ' })).toBeUndefined();
    expect(key({ ticket: 'x'.repeat(201) })).toBeUndefined();
    expect(key({ ticket: 'INC\u00001' })).toBeUndefined();
    expect(keyOf('input')({ ticket: 'INC1' })).toBeUndefined(); // not text
  });
});

describe('business key values', () => {
  it('keeps text of 1 to 200 characters on one line', () => {
    expect(businessKeyFromValue('x'.repeat(200))).toHaveLength(200);
    expect(businessKeyFromValue(42)).toBeUndefined();
    expect(BusinessKeySchema.safeParse(' INC1 ').data).toBe('INC1');
    expect(BusinessKeySchema.safeParse('a\nb').error?.issues[0]?.message).toContain('one line');
    expect(BusinessKeySchema.safeParse('x'.repeat(201)).error?.issues[0]?.message).toContain('at most 200');
    expect(BusinessKeySchema.safeParse('  ').error?.issues[0]?.message).toBe('Must not be empty');
  });
});

import { describe, expect, it } from 'vitest';
import { formToValidator, type FormField } from '../src';

const field = (type: FormField['type']): FormField => ({
  key: 'x',
  label: 'The field',
  type,
  required: true,
  ...(type === 'select' || type === 'multiselect' ? { options: [{ value: 'a', label: 'A' }] } : {}),
});

// A request form sent without a required value says so in the words of its label, whatever its type.
describe('request form validation messages', () => {
  it.each([
    'string',
    'text',
    'number',
    'integer',
    'boolean',
    'date',
    'datetime',
    'email',
    'select',
    'multiselect',
  ] as const)('a missing %s reads "… is required"', (type) => {
    const parsed = formToValidator([field(type)]).safeParse({});
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual(['The field is required']);
  });

  it('still says what is wrong with a value that is there', () => {
    const check = (type: FormField['type'], value: unknown) =>
      formToValidator([field(type)]).safeParse({ x: value }).error?.issues[0]?.message;
    expect(check('date', 'soon')).toBe('The field must be a date (YYYY-MM-DD)');
    expect(check('datetime', 'soon')).toBe('The field must be a date and time');
    expect(check('select', 'b')).toBe('The field must be one of a');
  });
});

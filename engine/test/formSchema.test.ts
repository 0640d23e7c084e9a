import { describe, expect, it } from 'vitest';
import { FormFieldSchema, formToValidator, type FormField } from '../src';

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
  ] as const)('a missing %s reads `"…" is required`', (type) => {
    const parsed = formToValidator([field(type)]).safeParse({});
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual(['"The field" is required']);
  });

  it('still says what is wrong with a value that is there', () => {
    const check = (type: FormField['type'], value: unknown) =>
      formToValidator([field(type)]).safeParse({ x: value }).error?.issues[0]?.message;
    expect(check('date', 'soon')).toBe('"The field" must be a date (YYYY-MM-DD)');
    expect(check('datetime', 'soon')).toBe('"The field" must be a date and time');
    expect(check('select', 'b')).toBe('"The field" must be one of a');
  });

  it('names the field by its label in quotes, so a label that is a question still reads well', () => {
    const why = { key: 'why', label: 'Why do you need it?', type: 'text', required: true } as const;
    const when = { key: 'when', label: 'When do you start?', type: 'date', required: false } as const;
    const messages = (input: Record<string, unknown>) =>
      formToValidator([why, when])
        .safeParse(input)
        .error?.issues.map((i) => i.message);
    expect(messages({})).toEqual(['"Why do you need it?" is required']);
    expect(messages({ why: '   ' })).toEqual(['"Why do you need it?" is required']);
    expect(messages({ why: 'Audit', when: 'soon' })).toEqual([
      '"When do you start?" must be a date (YYYY-MM-DD)',
    ]);
  });
});

// A field that names a person: a string (the user id) the form offers a people picker for.
describe('a person field (format "user")', () => {
  it('is a string field with a format the schema knows, and no other', () => {
    const person = FormFieldSchema.parse({
      key: 'manager',
      label: 'Your manager',
      type: 'string',
      format: 'user',
    });
    expect(person.format).toBe('user');
    expect(FormFieldSchema.safeParse({ key: 'm', label: 'M', type: 'string', format: 'phone' }).success).toBe(
      false,
    );
    const check = formToValidator([{ ...person, required: true }]);
    expect(check.safeParse({ manager: 'a1b2' }).success).toBe(true);
    expect(check.safeParse({}).error?.issues.map((i) => i.message)).toEqual(['"Your manager" is required']);
  });
});

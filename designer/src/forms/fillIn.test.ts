import { describe, expect, it } from 'vitest';
import { detailRows, fieldsOf, initialDraft, messagesByField, valuesOf, type FormField } from './fillIn';

const FIELDS: FormField[] = [
  {
    key: 'system',
    label: 'System',
    type: 'select',
    required: true,
    options: [{ value: 'crm', label: 'CRM' }],
  },
  { key: 'why', label: 'Why', type: 'text', required: true },
  { key: 'days', label: 'Days', type: 'integer', required: false, default: 3 },
  { key: 'urgent', label: 'Urgent', type: 'boolean', required: false },
  { key: 'tags', label: 'Tags', type: 'multiselect', required: false, options: [{ value: 'a', label: 'A' }] },
  { key: 'from', label: 'From', type: 'datetime', required: false },
];

describe('fill-in forms', () => {
  it('reads well-formed fields from a list or a task form, skipping the rest', () => {
    expect(fieldsOf(FIELDS)).toHaveLength(6);
    expect(
      fieldsOf({ fields: [FIELDS[0], { key: 'x' }, null, { key: 'y', label: 'Y', type: 'weird' }] }),
    ).toEqual([FIELDS[0]]);
    expect(fieldsOf(undefined)).toEqual([]);
  });

  it('starts from the defaults', () => {
    expect(initialDraft(FIELDS)).toEqual({
      system: '',
      why: '',
      days: '3',
      urgent: false,
      tags: [],
      from: '',
    });
  });

  it('types the values, leaves empty inputs out and keeps text that is not a number for the server', () => {
    const draft = {
      system: 'crm',
      why: ' Reports \n',
      days: '5',
      urgent: true,
      tags: ['a'],
      from: '2026-01-02T09:30',
    };
    expect(valuesOf(FIELDS, draft)).toEqual({
      system: 'crm',
      why: ' Reports \n',
      days: 5,
      urgent: true,
      tags: ['a'],
      from: '2026-01-02T09:30:00Z',
    });
    expect(valuesOf(FIELDS, { ...initialDraft(FIELDS), days: 'five', why: '   ' })).toEqual({
      days: 'five',
      urgent: false,
    });
  });

  it('puts the server’s problems next to their fields', () => {
    const problems = [
      { path: 'why', message: '"Why" is required' },
      { path: 'days', message: 'Too small' },
      { path: '(input)', message: 'Unknown field(s): extra' },
    ];
    expect(messagesByField(problems, FIELDS)).toEqual({
      why: '"Why" is required',
      days: 'Too small',
      '': 'Unknown field(s): extra',
    });
    // A decision's form sits under `form`; the comment's problem is not the form's.
    expect(
      messagesByField(
        [
          { path: 'form.why', message: 'Say why' },
          { path: 'comment', message: 'Needed' },
        ],
        FIELDS,
        'form',
      ),
    ).toEqual({ why: 'Say why' });
  });

  it('shows a request’s values with their labels, in the form’s order', () => {
    expect(detailRows(FIELDS.slice(0, 4), { urgent: true, system: 'crm', extra: 1 })).toEqual([
      { key: 'system', label: 'System', value: 'CRM' },
      { key: 'why', label: 'Why', value: '—' },
      { key: 'days', label: 'Days', value: '—' },
      { key: 'urgent', label: 'Urgent', value: 'Yes' },
      { key: 'extra', label: 'extra', value: '1' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { formToValidator } from './formSchema';
import type { FormField } from './formField';

const justification: FormField = { key: 'why', label: 'Justification', type: 'text', required: true };

describe('a form’s required text field', () => {
  it('refuses spaces alone as an answer, as it refuses an empty one', () => {
    const validator = formToValidator([justification]);
    for (const blank of ['', '   ', '\n\t ']) {
      const result = validator.safeParse({ why: blank });
      expect(result.success, JSON.stringify(blank)).toBe(false);
      expect(result.error?.issues.map((issue) => issue.message)).toContain('"Justification" is required');
    }
    expect(validator.safeParse({ why: '  month-end close ' })).toMatchObject({
      success: true,
      data: { why: '  month-end close ' },
    });
  });

  it('leaves an optional text field free to be blank', () => {
    expect(formToValidator([{ ...justification, required: false }]).safeParse({ why: '  ' }).success).toBe(
      true,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { outcomeLabelOf } from './outcomeLabel';

describe('outcomeLabelOf', () => {
  const form = {
    outcomes: [
      { id: 'verified', label: 'Works as expected' },
      { id: 'failed', label: 'Broken, roll it back' },
      { id: 'blank', label: ' ' },
    ],
  };

  it("names an outcome by its label in the task's form", () => {
    expect(outcomeLabelOf(form, 'failed')).toBe('Broken, roll it back');
  });

  it('falls back to the id when the form has no usable label for it', () => {
    expect(outcomeLabelOf(form, 'other')).toBe('other');
    expect(outcomeLabelOf(form, 'blank')).toBe('blank');
    expect(outcomeLabelOf(null, 'approved')).toBe('approved');
    expect(outcomeLabelOf({ outcomes: 'x' }, 'approved')).toBe('approved');
  });
});

import { describe, expect, it } from 'vitest';
import { forgetStateText, rememberStateText, takeStateText } from './stateText';

describe('state text', () => {
  it('hands on the remembered text once, then serializes the state itself', () => {
    const state = { value: 'wait', context: { n: 1 } };
    rememberStateText(state, '{"remembered":true}');
    expect(takeStateText(state)).toBe('{"remembered":true}');
    // Taken: a second store of the same state (a batch run again) serializes it.
    expect(takeStateText(state)).toBe(JSON.stringify(state));
  });

  it('serializes what it has no text for, scalars included', () => {
    expect(takeStateText({ a: [1, 'b'] })).toBe('{"a":[1,"b"]}');
    expect(takeStateText(null)).toBe('null');
    expect(takeStateText('x')).toBe('"x"');
  });

  it('forgets a text no adapter took, so the state serializes afresh', () => {
    const state = { value: 'wait', context: {} };
    rememberStateText(state, '{"stale":true}');
    forgetStateText(state);
    forgetStateText(null);
    expect(takeStateText(state)).toBe(JSON.stringify(state));
  });
});

import { describe, expect, it } from 'vitest';
import { canonicalJson, sameJson } from './canonicalJson';

describe('canonicalJson', () => {
  it('puts what an object is first, the rest alphabetically, and keeps arrays in order', () => {
    const text = canonicalJson({
      nodes: [{ name: 'B', kind: 'end', id: 'b' }, { id: 'a' }],
      id: 'wf',
      $schema: 's',
      description: 'd',
    });
    expect(text).toBe(
      [
        '{',
        '  "$schema": "s",',
        '  "id": "wf",',
        '  "description": "d",',
        '  "nodes": [',
        '    {',
        '      "id": "b",',
        '      "name": "B",',
        '      "kind": "end"',
        '    },',
        '    {',
        '      "id": "a"',
        '    }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('prints the same whatever order the keys came in', () => {
    const a = { x: 1, y: { b: [1, 2], a: null } };
    const b = { y: { a: null, b: [1, 2] }, x: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(sameJson(a, b)).toBe(true);
    expect(sameJson(a, { ...b, y: { a: null, b: [2, 1] } })).toBe(false);
  });
});

import type { WorkflowDefinition } from '@flowline/engine';
import { describe, expect, it } from 'vitest';
import { positionsOnly } from './positionsOnly';

const base = {
  schemaVersion: 1,
  id: 'w',
  name: 'W',
  input: [],
  nodes: [],
  edges: [],
  layout: { a: { x: 0, y: 0 }, note: { x: 5, y: 5, note: 'Why', width: 200 } },
} as unknown as WorkflowDefinition;

describe('positionsOnly', () => {
  it('is true when only positions moved, a step or a note', () => {
    expect(positionsOnly(base, { ...base, layout: { ...base.layout, a: { x: 20, y: 40 } } })).toBe(true);
    const note = { ...base.layout['note']!, x: 99, y: 1 };
    expect(positionsOnly(base, { ...base, layout: { ...base.layout, note } })).toBe(true);
    expect(positionsOnly(base, base)).toBe(true);
  });

  it("is false for any other change: a note's text or size, an entry added or gone, anything outside the layout", () => {
    const note = base.layout['note'] as { x: number; y: number; note: string };
    expect(
      positionsOnly(base, { ...base, layout: { ...base.layout, note: { ...note, note: 'Why not' } } }),
    ).toBe(false);
    expect(positionsOnly(base, { ...base, layout: { ...base.layout, note: { ...note, width: 300 } } })).toBe(
      false,
    );
    expect(positionsOnly(base, { ...base, layout: { ...base.layout, b: { x: 1, y: 1 } } })).toBe(false);
    const { a: _gone, ...rest } = base.layout;
    expect(positionsOnly(base, { ...base, layout: { ...rest, c: { x: 0, y: 0 } } })).toBe(false);
    expect(positionsOnly(base, { ...base, name: 'W2' })).toBe(false);
    expect(positionsOnly(base, { ...base, nodes: [] })).toBe(false);
  });
});

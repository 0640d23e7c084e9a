import { describe, expect, it, vi } from 'vitest';
import { boxGrid } from './boxGrid';
import { createLabelLayout } from './labelLayout';

const settle = () => new Promise<void>((resolve) => queueMicrotask(resolve));
const SIZE = { width: 60, height: 18 };

describe('the label layout of a canvas', () => {
  it('places what was asked for in one render once, after it, and tells its listeners', async () => {
    const layout = createLabelLayout();
    const listener = vi.fn();
    layout.subscribe(listener);
    layout.request('e1', { path: 'M0 0L200 0', size: SIZE });
    layout.request('e2', { path: 'M0 100L200 100', size: SIZE });
    layout.setNodes(boxGrid([]));
    expect(layout.spotOf('e1')).toBeUndefined();
    await settle();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(layout.spotOf('e1')).toEqual({ x: 100, y: 0, width: 60, clear: true });
    expect(layout.spotOf('e2')).toEqual({ x: 100, y: 100, width: 60, clear: true });
  });

  it('moves a label off a node handed in later, and keeps the spot of one that stays', async () => {
    const layout = createLabelLayout();
    layout.request('e1', { path: 'M0 0L400 0', size: SIZE });
    layout.request('e2', { path: 'M0 100L200 100', size: SIZE });
    await settle();
    const kept = layout.spotOf('e2');
    layout.setNodes(boxGrid([{ x: 150, y: -30, width: 100, height: 60 }]));
    await settle();
    const moved = layout.spotOf('e1')!;
    expect(Math.abs(moved.x - 200)).toBeGreaterThanOrEqual(50 + 30 + 4);
    expect(layout.spotOf('e2')).toBe(kept);
  });

  it('forgets a label whose edge is gone, and asks nothing again for the same request', async () => {
    const layout = createLabelLayout();
    const listener = vi.fn();
    layout.subscribe(listener);
    layout.request('e1', { path: 'M0 0L200 0', size: SIZE });
    await settle();
    layout.request('e1', { path: 'M0 0L200 0', size: SIZE });
    await settle();
    expect(listener).toHaveBeenCalledTimes(1);
    layout.request('e1', undefined);
    await settle();
    expect(layout.spotOf('e1')).toBeUndefined();
  });

  it('gives a spot asked for with a path only when it was placed on that path (an edge moved by a drag)', async () => {
    const layout = createLabelLayout();
    layout.request('e1', { path: 'M0 0L200 0', size: SIZE });
    await settle();
    expect(layout.spotOf('e1', 'M0 0L200 0')).toEqual({ x: 100, y: 0, width: 60, clear: true });
    expect(layout.spotOf('e1', 'M0 40L200 40')).toBeUndefined();
    expect(layout.spotOf('e1')).toBeDefined();
  });
});

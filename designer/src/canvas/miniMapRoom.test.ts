import { describe, expect, it } from 'vitest';
import { roomForMiniMap } from './miniMapRoom';

describe('the minimap', () => {
  it('is drawn on a canvas with room for it, left out on a small one', () => {
    expect(roomForMiniMap(870, 560)).toBe(true);
    // The editor at 1024 × 700 with its panels; the run page's canvas at 1024 wide.
    expect(roomForMiniMap(436, 394)).toBe(false);
    expect(roomForMiniMap(455, 590)).toBe(false);
    expect(roomForMiniMap(900, 300)).toBe(false);
  });
});

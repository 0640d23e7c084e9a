import { useStoreApi, type InternalNode } from '@xyflow/react';
import { useCallback } from 'react';
import type { FlowEdge, FlowNode } from '../model';
import { clearFit } from './clearFit';
import { FIT_PADDING } from './fitPadding';
import type { Box } from './openingView';

/** A drawn node's box, once it has a size (measured, or estimated up front: stableFlow.ts). */
export function boxOf(node: InternalNode<FlowNode>): Box | undefined {
  const width = node.measured.width ?? node.width;
  const height = node.measured.height ?? node.height;
  if (node.hidden || !width || !height) return undefined;
  return { ...node.internals.positionAbsolute, width, height };
}

/**
 * The panels floating over a canvas (its toolbar, the zoom controls, the minimap), in pixels from
 * its top left: read from the page, so a hidden minimap or a wider toolbar is taken as it is.
 */
export function overlaysOf(canvas: HTMLElement | null): Box[] {
  if (!canvas) return [];
  const origin = canvas.getBoundingClientRect();
  return [...canvas.querySelectorAll('.react-flow__panel')].map((panel) => {
    const r = panel.getBoundingClientRect();
    return { x: r.left - origin.left, y: r.top - origin.top, width: r.width, height: r.height };
  });
}

export interface ClearFitOptions {
  /** What to show (default: every node and note on the canvas). */
  readonly boxes?: readonly Box[];
  readonly duration?: number;
}

/**
 * Zoom to fit that keeps every step clear of the panels over the canvas (clearFit.ts), for the
 * toolbar's button, its shortcut, the zoom controls and the view after auto-layout.
 */
export function useClearFit(): (options?: ClearFitOptions) => void {
  const store = useStoreApi<FlowNode, FlowEdge>();
  return useCallback(
    ({ boxes, duration = 250 } = {}) => {
      const { nodeLookup, width, height, minZoom, maxZoom, panZoom, domNode } = store.getState();
      const shown = boxes ?? [...nodeLookup.values()].flatMap((node) => boxOf(node) ?? []);
      if (shown.length === 0 || !panZoom) return;
      const view = clearFit({
        boxes: shown,
        width,
        height,
        overlays: overlaysOf(domNode),
        padding: FIT_PADDING,
        minZoom,
        maxZoom,
      });
      void panZoom.setViewport(view, { duration });
    },
    [store],
  );
}

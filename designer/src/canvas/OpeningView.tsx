import { useStore, useStoreApi, type InternalNode, type ReactFlowState } from '@xyflow/react';
import { useLayoutEffect, useRef } from 'react';
import type { FlowEdge, FlowNode } from '../model';
import { openingViewport, type Box } from './openingView';
import { overlaysOf } from './useClearFit';

/** A drawn node's box, once it has a size (measured, or estimated up front: stableFlow.ts). */
function boxOf(node: InternalNode<FlowNode>): Box | undefined {
  const { width, height } = node.measured;
  if (node.hidden || !width || !height) return undefined;
  return { ...node.internals.positionAbsolute, width, height };
}

/** Every node has a size and the pane has one: the opening view can be worked out. */
function ready(state: ReactFlowState): boolean {
  if (!state.panZoom || state.width <= 0 || state.height <= 0 || state.nodeLookup.size === 0) return false;
  for (const node of state.nodeLookup.values()) if (!node.hidden && !node.measured.width) return false;
  return true;
}

/**
 * Sets the canvas's opening view once (openingView.ts), in place of React Flow's `fitView`, which
 * can only centre the whole; in a layout effect, so the render that can work it out is not painted
 * with the default view.
 */
export function OpeningView() {
  const store = useStoreApi<FlowNode, FlowEdge>();
  const done = useRef(false);
  const canSet = useStore((state) => !done.current && ready(state));
  useLayoutEffect(() => {
    if (!canSet || done.current) return;
    done.current = true;
    const { nodeLookup, width, height, panZoom, domNode } = store.getState();
    const nodes = [...nodeLookup.values()];
    const boxes = nodes.flatMap((node) => boxOf(node) ?? []);
    const trigger = nodes.find((node) => node.type === 'trigger');
    const start = trigger && boxOf(trigger);
    void panZoom?.setViewport(
      openingViewport({ boxes, start, width, height, overlays: overlaysOf(domNode) }),
    );
  }, [canSet, store]);
  return null;
}

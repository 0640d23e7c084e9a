import { MiniMap, useStore, type ReactFlowState } from '@xyflow/react';
import { MiniMapBlock, MiniMapBlockMin } from './MiniMapBlock';
import { blockMinSize, boundsOf, MINIMAP_SIZE } from './miniMapBlocks';
import type { Box } from './openingView';

const minimapColor = (node: { type?: string | undefined }) =>
  node.type === 'note' ? 'var(--note-bg)' : `var(--kind-${node.type ?? 'task'})`;
const minimapClass = (node: { className?: string | undefined }) => node.className ?? '';

function* boxesOf(state: ReactFlowState): Generator<Box> {
  for (const node of state.nodeLookup.values()) {
    const { width, height } = node.measured;
    if (!node.hidden && width && height) yield { ...node.internals.positionAbsolute, width, height };
  }
}
// Worked out once per set of nodes (a pan or a zoom keeps them); the controlled canvas hands React
// Flow a new array whenever a node moves or is measured.
const minSizes = new WeakMap<ReactFlowState['nodes'], number>();
const blockMin = (state: ReactFlowState): number => {
  let min = minSizes.get(state.nodes);
  if (min === undefined) {
    min = blockMinSize(boundsOf(boxesOf(state)));
    minSizes.set(state.nodes, min);
  }
  return min;
};

/**
 * The overview of the workflow (CanvasControls leaves it out on a small canvas, or when hidden). Every
 * node shows as a block of a few pixels at least, and the view's outline is drawn, so a workflow
 * of a thousand steps shows its shape and where the view is in it.
 */
export function CanvasMiniMap() {
  const min = useStore(blockMin);
  return (
    <MiniMapBlockMin.Provider value={min}>
      <MiniMap
        pannable
        zoomable
        nodeColor={minimapColor}
        nodeClassName={minimapClass}
        nodeStrokeWidth={0}
        nodeComponent={MiniMapBlock}
        maskStrokeColor="var(--accent)"
        maskStrokeWidth={1.5}
        style={MINIMAP_SIZE}
        ariaLabel="Overview of the workflow"
      />
    </MiniMapBlockMin.Provider>
  );
}

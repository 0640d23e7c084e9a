import { MiniMap, useStore, type ReactFlowState } from '@xyflow/react';
import { roomForMiniMap } from './miniMapRoom';

const minimapColor = (node: { type?: string | undefined }) =>
  node.type === 'note' ? 'var(--note-bg)' : `var(--kind-${node.type ?? 'task'})`;
const minimapClass = (node: { className?: string | undefined }) => node.className ?? '';

const hasRoom = (state: ReactFlowState) => roomForMiniMap(state.width, state.height);

/** The overview of the workflow, left out on a small canvas (zoom controls and fit remain). */
export function CanvasMiniMap() {
  const room = useStore(hasRoom);
  if (!room) return null;
  return (
    <MiniMap
      pannable
      zoomable
      nodeColor={minimapColor}
      nodeClassName={minimapClass}
      nodeStrokeWidth={0}
      style={{ width: 160, height: 100 }}
      ariaLabel="Overview of the workflow"
    />
  );
}

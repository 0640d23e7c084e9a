import { useStore, type ReactFlowState } from '@xyflow/react';
import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';

// The layer React Flow draws edge labels in, found once per canvas: its own EdgeLabelRenderer
// looks it up with querySelector in a store selector, which every edge with a label runs on every
// change of the store (each frame of a drag), thousands of lookups a frame on a large canvas.
const layers = new WeakMap<HTMLElement, HTMLElement>();
function layerOf(state: ReactFlowState): HTMLElement | null {
  const root = state.domNode;
  if (!root) return null;
  const known = layers.get(root);
  if (known?.isConnected) return known;
  const found = root.querySelector<HTMLElement>('.react-flow__edgelabel-renderer');
  if (found) layers.set(root, found);
  return found;
}

/** As React Flow's EdgeLabelRenderer: `children` drawn in the canvas's edge label layer. */
export function EdgeLabelPortal({ children }: { children: ReactNode }) {
  const layer = useStore(layerOf);
  return layer ? createPortal(children, layer) : null;
}

import type { MiniMapNodeProps } from '@xyflow/react';
import { createContext, memo, useContext } from 'react';
import { grownBox } from './miniMapBlocks';

/** The smallest size a node is drawn at in the overview, in flow units (miniMapBlocks.ts). */
export const MiniMapBlockMin = createContext(0);

/** A node in the overview: React Flow's plain block, never smaller than a few pixels. */
function MiniMapBlockImpl({
  id,
  x,
  y,
  width,
  height,
  color,
  strokeColor,
  strokeWidth,
  className,
  borderRadius,
  shapeRendering,
  selected,
  onClick,
}: MiniMapNodeProps) {
  const box = grownBox({ x, y, width, height }, useContext(MiniMapBlockMin));
  return (
    <rect
      className={`react-flow__minimap-node${selected ? ' selected' : ''}${className ? ` ${className}` : ''}`}
      {...box}
      rx={borderRadius}
      ry={borderRadius}
      style={{ fill: color, stroke: strokeColor, strokeWidth }}
      shapeRendering={shapeRendering}
      onClick={onClick ? (event) => onClick(event, id) : undefined}
    />
  );
}

export const MiniMapBlock = memo(MiniMapBlockImpl);

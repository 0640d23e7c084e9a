import { BaseEdge, type EdgeProps } from '@xyflow/react';
import { Pencil } from 'lucide-react';
import { memo, useContext, useEffect, useRef } from 'react';
import type { FlowEdge } from '../../model';
import { EdgeLabelEditingContext } from '../edgeLabelEditing';
import { EdgeLabelPortal } from './EdgeLabelPortal';
import { useEdgePath } from './useEdgePath';
import { useLabelSize, useLabelSpot } from './useLabelSpot';

/**
 * An edge: a rounded orthogonal path with an arrow, around the steps and on a lane of its own
 * where other edges join the same two steps (useEdgePath.ts), and its label (an outcome, a
 * condition, the edge's own; model/graph/edgeLabels.ts) as text on it, as near its middle as it
 * can be without covering a node (labelSpot.ts) or, where it can, the other lines of its group;
 * where it has no room, only while the edge is selected. On an editable canvas, double-click the
 * label, or the pencil of a selected edge, to edit it in place: Enter keeps, Escape cancels.
 */
function WorkflowEdgeImpl({
  id,
  source,
  target,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  markerEnd,
  style,
  interactionWidth,
  selected,
  data,
}: EdgeProps<FlowEdge>) {
  const path = useEdgePath(
    { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition },
    data?.lane,
  );
  const edit = useContext(EdgeLabelEditingContext);
  const cancelled = useRef(false);
  const text = data?.label?.text ?? '';
  const editing = edit?.editing === id;
  const showPencil = edit !== undefined && selected === true && !editing;
  const shown = text !== '' || editing || showPencil;
  // The double-click is taken on the label itself, before it bubbles to the pane: React Flow's
  // double-click zoom listens there, and would zoom the canvas while the label opens for editing.
  const box = useRef<HTMLDivElement>(null);
  const start = edit && !editing ? edit.start : undefined;
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const onDoubleClick = (event: MouseEvent) => {
      event.stopPropagation();
      start?.(id);
    };
    element.addEventListener('dblclick', onDoubleClick);
    return () => element.removeEventListener('dblclick', onDoubleClick);
  }, [start, id]);
  const size = useLabelSize(box, text, editing);
  const group = data?.lane ? `${source}\u0000${target}` : undefined;
  const spot = useLabelSpot(id, { path, size, group }, shown);
  // The text box being typed in keeps its width, wherever it lands.
  const cut = spot.width < size.width && !editing;
  // With no room anywhere along its edge, a label would cover a node: it shows only while its edge
  // is selected (an outcome's or a condition's text is on the node's exit anyway).
  const covering = !spot.clear && !selected && !editing;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        {...(markerEnd !== undefined ? { markerEnd } : {})}
        {...(style !== undefined ? { style } : {})}
        {...(interactionWidth !== undefined ? { interactionWidth } : {})}
      />
      {/* The whole label on hovering the line: also where the label is cut short or not shown. */}
      {text !== '' && <title>{text}</title>}
      {shown && (
        <EdgeLabelPortal>
          <div
            className={`fl-edge-label nodrag nopan${selected ? ' fl-edge-label--selected' : ''}${covering ? ' fl-edge-label--no-room' : ''}`}
            data-edge={id}
            style={{
              transform: `translate(-50%, -50%) translate(${spot.x}px, ${spot.y}px)`,
              ...(cut ? { maxWidth: spot.width } : {}),
            }}
            ref={box}
            title={labelTitle(text, cut, edit !== undefined && !editing)}
          >
            {editing && edit ? (
              <input
                className="fl-edge-label__input"
                aria-label="Edge label"
                defaultValue={text}
                maxLength={120}
                autoFocus
                onFocus={(event) => {
                  cancelled.current = false;
                  event.currentTarget.select();
                }}
                onBlur={(event) => edit.finish(id, cancelled.current ? undefined : event.currentTarget.value)}
                onKeyDown={(event) => {
                  event.stopPropagation();
                  if (event.key === 'Escape') cancelled.current = true;
                  if (event.key === 'Enter' || event.key === 'Escape') event.currentTarget.blur();
                }}
              />
            ) : (
              text !== '' && <span className="fl-edge-label__text">{text}</span>
            )}
            {showPencil && (
              <button
                type="button"
                className="fl-edge-label__edit"
                aria-label={text === '' ? 'Add a label to this edge' : `Edit the label “${text}”`}
                title={text === '' ? 'Add a label' : 'Edit the label'}
                onClick={() => edit.start(id)}
              >
                <Pencil size={11} aria-hidden="true" />
              </button>
            )}
          </div>
        </EdgeLabelPortal>
      )}
    </>
  );
}

/** The label's tooltip: its whole text where it is cut short, and how to edit it where one may. */
function labelTitle(text: string, cut: boolean, editable: boolean): string | undefined {
  if (cut) return editable ? `${text} (double-click to edit)` : text;
  return editable ? 'Double-click to edit the label' : undefined;
}

export const WorkflowEdge = memo(WorkflowEdgeImpl);

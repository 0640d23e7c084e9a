import { useContext, useLayoutEffect, useMemo, useState, useSyncExternalStore, type RefObject } from 'react';
import { EDGE_LABEL_HEIGHT, EDGE_LABEL_MAX_WIDTH, estimateEdgeLabelWidth } from '../../model';
import { LabelLayoutContext } from './labelLayout';
import { labelSpot, type LabelSize, type LabelSpot } from './labelSpot';
import { stepPathPoints } from './stepPathPoints';
import { StepDragContext } from './useEdgePath';

const never = () => () => undefined;

/**
 * Where this edge's label goes, placed with the canvas's other labels (labelLayout.ts); until it
 * is placed (the first render), the middle of the edge. `group` names the edges joining the same
 * two steps, whose lines the label keeps off where it can.
 */
export function useLabelSpot(
  edgeId: string,
  label: { readonly path: string; readonly size: LabelSize; readonly group?: string | undefined },
  shown: boolean,
): LabelSpot {
  const { path, size, group } = label;
  const layout = useContext(LabelLayoutContext);
  // While a step is dragged the labels are not placed again on every frame (each placing weighs
  // every label on the canvas): a label whose edge moves rides at its middle until the drop.
  const dragging = useContext(StepDragContext);
  useLayoutEffect(() => {
    if (!layout || !shown || dragging) return;
    layout.request(edgeId, { path, size, ...(group !== undefined ? { group } : {}) });
  }, [layout, edgeId, path, size, group, shown, dragging]);
  useLayoutEffect(() => {
    if (!layout || !shown) return;
    return () => layout.request(edgeId, undefined);
  }, [layout, edgeId, shown]);
  const placed = useSyncExternalStore(layout?.subscribe ?? never, () => layout?.spotOf(edgeId, path));
  const middle = useMemo(
    () => labelSpot({ points: stepPathPoints(path), size, obstacles: [] }),
    [path, size],
  );
  return placed ?? middle;
}

/** A first guess at a label's size, for the render before it is measured. */
const estimate = (text: string): LabelSize => ({
  width: estimateEdgeLabelWidth(text),
  height: EDGE_LABEL_HEIGHT,
});

/**
 * A label's own size in flow units, uncut: measured after each render that changes what it shows,
 * before the browser paints (a cut-short label is measured by its text's full width).
 */
export function useLabelSize(
  label: RefObject<HTMLElement | null>,
  text: string,
  editing: boolean,
): LabelSize {
  const [size, setSize] = useState(() => estimate(text));
  useLayoutEffect(() => {
    const element = label.current;
    if (!element) return;
    const span = element.querySelector<HTMLElement>('.fl-edge-label__text');
    const cut = span ? span.scrollWidth - span.clientWidth : 0;
    const width = Math.min(EDGE_LABEL_MAX_WIDTH, element.offsetWidth + cut);
    const height = element.offsetHeight;
    setSize((old) => (old.width === width && old.height === height ? old : { width, height }));
  }, [label, text, editing]);
  return size;
}

import { createContext } from 'react';
import { boxGrid, type BoxGrid } from './boxGrid';
import type { LabelSize, LabelSpot } from './labelSpot';
import { placeLabels, type LabelRequest } from './placeLabels';
import { stepPathPoints } from './stepPathPoints';

/**
 * The spots of the labels drawn on one canvas, worked out together (placeLabels.ts) so that they
 * keep off the nodes and off each other. Each drawn edge asks for its label's spot with its path
 * and the label's size; the canvas hands in the nodes' boxes. Changes in one render are placed
 * once, after it (a thousand edges mounting place their labels once, not a thousand times).
 */
export interface LabelLayout {
  /**
   * Asks for a spot for this edge's label on this path (undefined: the edge has no label now);
   * `group` names the edges joining the same two steps (placeLabels.ts).
   */
  request(
    edgeId: string,
    label: { readonly path: string; readonly size: LabelSize; readonly group?: string } | undefined,
  ): void;
  /** The nodes and notes labels keep off. */
  setNodes(nodes: BoxGrid): void;
  /** The label's spot, once placed (with `path`: only if placed on that path). */
  spotOf(edgeId: string, path?: string): LabelSpot | undefined;
  subscribe(listener: () => void): () => void;
}

const sameSpot = (a: LabelSpot | undefined, b: LabelSpot) =>
  a !== undefined && a.x === b.x && a.y === b.y && a.width === b.width && a.clear === b.clear;

export function createLabelLayout(): LabelLayout {
  const requests = new Map<string, { key: string; path: string; request: LabelRequest }>();
  /** The path each label was placed on. */
  let placedOn = new Map<string, string>();
  let nodes = boxGrid([]);
  let spots = new Map<string, LabelSpot>();
  const listeners = new Set<() => void>();
  let due = false;
  const place = () => {
    due = false;
    const placed = placeLabels(new Map([...requests].map(([id, { request }]) => [id, request])), (area) =>
      nodes.near(area),
    );
    // A label that stays where it was keeps its object: its edge does not draw again.
    for (const [id, spot] of placed) if (sameSpot(spots.get(id), spot)) placed.set(id, spots.get(id)!);
    spots = placed;
    placedOn = new Map([...requests].map(([id, { path }]) => [id, path]));
    for (const listener of listeners) listener();
  };
  const changed = () => {
    if (due) return;
    due = true;
    queueMicrotask(place);
  };
  return {
    request(edgeId, label) {
      if (!label) {
        if (requests.delete(edgeId)) changed();
        return;
      }
      const key = `${label.path}|${label.size.width}|${label.size.height}|${label.group ?? ''}`;
      if (requests.get(edgeId)?.key === key) return;
      const points = stepPathPoints(label.path);
      const { size, group } = label;
      requests.set(edgeId, {
        key,
        path: label.path,
        request: { points, size, ...(group !== undefined ? { group } : {}) },
      });
      changed();
    },
    setNodes(next) {
      if (next === nodes) return;
      nodes = next;
      changed();
    },
    spotOf: (edgeId, path) =>
      path === undefined || placedOn.get(edgeId) === path ? spots.get(edgeId) : undefined,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The canvas's label layout (WorkflowCanvas provides one). */
export const LabelLayoutContext = createContext<LabelLayout | undefined>(undefined);

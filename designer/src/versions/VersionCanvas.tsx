import { ReactFlowProvider, useReactFlow, type NodeChange } from '@xyflow/react';
import type { WorkflowDefinition } from '@flowline/engine';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { WorkflowCanvas } from '../canvas/WorkflowCanvas';
import { toFlow, type DiffStatus, type FlowNode, type Measured, type WorkflowFlowNode } from '../model';

const noChange = () => {};

/**
 * A definition drawn read-only (no editing, no saving), optionally with a diff's statuses: each
 * node and edge gets `fl-diff--<status>` and `data-diff`, which versions.css draws (added green,
 * changed amber, removed struck through in red, moved dashed). Until the editor canvas draws
 * `ui.diff` itself, this is main's WorkflowCanvas with classes on its nodes and edges.
 */
export function VersionCanvas({
  definition,
  statuses,
  label,
  focus,
}: {
  definition: WorkflowDefinition;
  statuses?: { nodes: ReadonlyMap<string, DiffStatus>; edges: ReadonlyMap<string, DiffStatus> };
  label: string;
  /** Bring this node (or an edge's ends) into view; `seq` changes on every request. */
  focus?: CanvasFocus | undefined;
}) {
  const flow = useMemo(() => toFlow(definition), [definition]);
  // Nothing changes here but the sizes the canvas measures: kept, so the minimap draws the nodes
  // (it skips a node whose size it does not know).
  const [measured, setMeasured] = useState<ReadonlyMap<string, Measured>>(new Map());
  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    const sized = changes.flatMap((c) =>
      c.type === 'dimensions' && c.dimensions ? [[c.id, c.dimensions] as const] : [],
    );
    if (sized.length > 0)
      setMeasured((previous) => {
        const next = new Map(previous);
        for (const [id, size] of sized) next.set(id, size);
        return next;
      });
  }, []);
  const nodes = useMemo(
    () =>
      flow.nodes
        .filter((node): node is WorkflowFlowNode => node.type !== 'note')
        .map((node) => {
          const status = statuses?.nodes.get(node.id);
          const size = measured.get(node.id);
          const sized = size ? { ...node, measured: size } : node;
          return status
            ? {
                ...sized,
                className: `fl-diff fl-diff--${status}`,
                domAttributes: { 'data-diff': status } as Record<string, string>,
              }
            : sized;
        }),
    [flow.nodes, statuses, measured],
  );
  const edges = useMemo(
    () =>
      flow.edges.map((edge) => {
        const status = statuses?.edges.get(edge.id);
        return status
          ? {
              ...edge,
              className: `fl-diff fl-diff--${status}`,
              domAttributes: { 'data-diff': status } as Record<string, string>,
              ...(status === 'removed' || status === 'added' ? { zIndex: 1 } : {}),
            }
          : edge;
      }),
    [flow.edges, statuses],
  );
  return (
    <section className="version-canvas" aria-label={label}>
      <ReactFlowProvider>
        <WorkflowCanvas nodes={nodes} edges={edges} onNodesChange={onNodesChange} onEdgesChange={noChange} />
        <FocusOn focus={focus} definition={definition} />
      </ReactFlowProvider>
    </section>
  );
}

export interface CanvasFocus {
  readonly kind: 'node' | 'edge';
  readonly id: string;
  readonly seq: number;
}

/** Centres the canvas on a node, or between the two ends of an edge. */
function FocusOn({ focus, definition }: { focus: CanvasFocus | undefined; definition: WorkflowDefinition }) {
  const flow = useReactFlow();
  useEffect(() => {
    if (!focus) return;
    const edge = focus.kind === 'edge' ? definition.edges.find((e) => e.id === focus.id) : undefined;
    const ids = edge ? [edge.source, edge.target] : [focus.id];
    const centres = ids.flatMap((id) => {
      const node = flow.getNode(id);
      if (!node) return [];
      return [
        {
          x: node.position.x + (node.measured?.width ?? 180) / 2,
          y: node.position.y + (node.measured?.height ?? 80) / 2,
        },
      ];
    });
    if (centres.length === 0) return;
    const x = centres.reduce((sum, c) => sum + c.x, 0) / centres.length;
    const y = centres.reduce((sum, c) => sum + c.y, 0) / centres.length;
    void flow.setCenter(x, y, { zoom: 1.1, duration: 300 });
  }, [focus, definition, flow]);
  return null;
}

import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import type { WorkflowDefinition } from '@flowline/engine';
import { useEffect, useMemo } from 'react';
import { WorkflowCanvas } from '../canvas/WorkflowCanvas';
import { toFlow, type DiffStatus, type WorkflowFlowNode } from '../model';

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
  const nodes = useMemo(
    () =>
      flow.nodes
        .filter((node): node is WorkflowFlowNode => node.type !== 'note')
        .map((node) => {
          const status = statuses?.nodes.get(node.id);
          return status
            ? {
                ...node,
                className: `fl-diff fl-diff--${status}`,
                domAttributes: { 'data-diff': status } as Record<string, string>,
              }
            : node;
        }),
    [flow.nodes, statuses],
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
        <WorkflowCanvas nodes={nodes} edges={edges} onNodesChange={noChange} onEdgesChange={noChange} />
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

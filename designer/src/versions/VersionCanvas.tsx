import { ReactFlowProvider } from '@xyflow/react';
import type { WorkflowDefinition } from '@flowline/engine';
import { useMemo } from 'react';
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
}: {
  definition: WorkflowDefinition;
  statuses?: { nodes: ReadonlyMap<string, DiffStatus>; edges: ReadonlyMap<string, DiffStatus> };
  label: string;
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
      </ReactFlowProvider>
    </section>
  );
}

import type { WorkflowDefinition } from '@flowline/engine';
import type { NodeChange } from '@xyflow/react';
import { useCallback, useMemo, useRef, useState } from 'react';
import {
  applyMarks,
  EMPTY_SELECTION,
  NO_MARKS,
  stableEdges,
  stableNodes,
  toFlow,
  type CanvasMarks,
  type FlowEdge,
  type FlowNode,
  type Measured,
  type Selection,
} from '../model';
import { WorkflowCanvas } from './WorkflowCanvas';

export interface WorkflowViewProps {
  readonly definition: WorkflowDefinition;
  /** Marks to draw (canvasMarks of a diff, a run's path, problems). */
  readonly marks?: CanvasMarks;
  readonly selection?: Selection;
  /** A click on a node or an edge (undefined: on the empty canvas). */
  readonly onSelect?: (target: { nodeId?: string; edgeId?: string } | undefined) => void;
  readonly label?: string;
}

/**
 * A workflow drawn read-only with marks: a published version, a version diff, a run. Selection,
 * pan and zoom work; nothing can be moved, connected or deleted. Needs no editor session.
 */
export function WorkflowView({
  definition,
  marks = NO_MARKS,
  selection = EMPTY_SELECTION,
  onSelect,
  label,
}: WorkflowViewProps) {
  const [measured, setMeasured] = useState<ReadonlyMap<string, Measured>>(new Map());
  const previousNodes = useRef<FlowNode[]>([]);
  const previousEdges = useRef<FlowEdge[]>([]);
  const flow = useMemo(
    () => applyMarks(toFlow(definition, selection), marks),
    [definition, selection, marks],
  );
  const nodes = useMemo(() => {
    const next = stableNodes(previousNodes.current, flow.nodes, measured);
    previousNodes.current = next;
    return next;
  }, [flow, measured]);
  const edges = useMemo(() => {
    const next = stableEdges(previousEdges.current, flow.edges);
    previousEdges.current = next;
    return next;
  }, [flow]);
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
  return (
    <WorkflowCanvas
      nodes={nodes}
      edges={edges}
      onNodesChange={onNodesChange}
      {...(label !== undefined ? { label } : {})}
      {...(onSelect
        ? {
            onSelectionChange: ({ nodes: n, edges: e }) => {
              const node = n[0];
              const edge = e[0];
              onSelect(node ? { nodeId: node.id } : edge ? { edgeId: edge.id } : undefined);
            },
          }
        : {})}
    />
  );
}

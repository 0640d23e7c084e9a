import '../app/noEval';
import type { WorkflowDefinition } from '@flowline/engine';
import { ReactFlowProvider, useNodesState, type ReactFlowInstance } from '@xyflow/react';
import { ArrowLeft } from 'lucide-react';
import { useCallback, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { sentenceOf } from '../app/apiErrors';
import { useCan } from '../auth/session';
import { toFlow, type FlowEdge, type WorkflowFlowNode } from '../canvas/readOnlyFlow';
import { WorkflowCanvas } from '../canvas/WorkflowCanvas';
import { InspectorPanel } from '../inspector/InspectorPanel';
import { PalettePanel } from '../panels/PalettePanel';
import { ProblemsPanel } from '../panels/ProblemsPanel';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Loading } from '../ui/Loading';
import { useWorkflow, type Issue } from './useWorkflow';

/**
 * A workflow in the editor's frame: palette (left), canvas, inspector (right), problems (below).
 * Read-only for now; canvas editing, the inspector's forms, test runs and versions fill it in.
 */
export function EditorPage() {
  const { id = '' } = useParams();
  const workflow = useWorkflow(id);
  const canEdit = useCan('definitions:write');

  return (
    <main className="editor" aria-busy={workflow.isPending}>
      <title>{`${workflow.data?.draft.name ?? id} · Flowline`}</title>
      <div className="editor__toolbar">
        <Link to="/workflows" className="editor__back">
          <ArrowLeft size={16} aria-hidden="true" />
          Workflows
        </Link>
        <h1 className="editor__title">{workflow.data?.draft.name ?? id}</h1>
        <span className="editor__id mono">{id}</span>
        <span className="editor__spacer" />
        {!canEdit && <Badge tone="info">Read-only</Badge>}
      </div>
      {workflow.isPending && <Loading label="Loading the workflow…" />}
      {workflow.isError && (
        <div className="editor__message">
          <Alert>{sentenceOf(workflow.error)}</Alert>
        </div>
      )}
      {workflow.data && (
        <ReactFlowProvider>
          <EditorBody
            key={`${workflow.data.draft.workflowId}:${workflow.data.draft.draftRev}`}
            definition={workflow.data.definition}
            issues={workflow.data.issues}
            canEdit={canEdit}
          />
        </ReactFlowProvider>
      )}
    </main>
  );
}

function EditorBody({
  definition,
  issues,
  canEdit,
}: {
  definition: WorkflowDefinition | undefined;
  issues: readonly Issue[];
  canEdit: boolean;
}) {
  const flow = useMemo(() => (definition ? toFlow(definition) : { nodes: [], edges: [] }), [definition]);
  const [nodes, setNodes, onNodesChange] = useNodesState<WorkflowFlowNode>(flow.nodes);
  const [selectedId, setSelectedId] = useState<string>();
  const instance = useRef<ReactFlowInstance<WorkflowFlowNode, FlowEdge>>(undefined);

  const focusNode = useCallback(
    (nodeId: string) => {
      setNodes((current) => current.map((node) => ({ ...node, selected: node.id === nodeId })));
      setSelectedId(nodeId);
      const node = instance.current?.getNode(nodeId);
      if (node)
        void instance.current?.setCenter(
          node.position.x + (node.measured?.width ?? 200) / 2,
          node.position.y + (node.measured?.height ?? 80) / 2,
          { zoom: 1.1, duration: 300 },
        );
    },
    [setNodes],
  );
  const selected = definition?.nodes.find((node) => node.id === selectedId);

  return (
    <>
      <div className={canEdit ? 'editor__body' : 'editor__body editor__body--no-palette'}>
        {canEdit && <PalettePanel />}
        <section className="editor__canvas" aria-label="Canvas">
          {!definition && (
            <div className="editor__message">
              <Alert>This draft does not follow the workflow format; the problems below say where.</Alert>
            </div>
          )}
          {definition && definition.nodes.length === 0 && (
            <p className="editor__empty">This workflow has no steps yet.</p>
          )}
          <WorkflowCanvas
            nodes={nodes}
            edges={flow.edges}
            onNodesChange={onNodesChange}
            onSelectionChange={({ nodes: picked }) =>
              setSelectedId(picked.length === 1 ? picked[0]?.id : undefined)
            }
            onInit={(flowInstance) => {
              instance.current = flowInstance;
            }}
          />
        </section>
        {definition && <InspectorPanel definition={definition} selected={selected} />}
      </div>
      <ProblemsPanel issues={issues} onFocusNode={focusNode} />
    </>
  );
}

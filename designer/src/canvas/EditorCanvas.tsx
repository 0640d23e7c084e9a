import type { EdgeChange, NodeChange, ReactFlowInstance } from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import { useEditor, useEditorSession, useEditorUi } from '../editor/editorSession';
import { toFlow, type FlowEdge, type WorkflowFlowNode } from '../model';
import { WorkflowCanvas } from './WorkflowCanvas';

/** The ids selected after React Flow's select changes (the same array when nothing changed). */
function applySelect(
  ids: readonly string[],
  changes: readonly (NodeChange | EdgeChange)[],
): readonly string[] {
  const picked = new Set(ids);
  let changed = false;
  for (const change of changes) {
    if (change.type !== 'select' || picked.has(change.id) === change.selected) continue;
    changed = true;
    if (change.selected) picked.add(change.id);
    else picked.delete(change.id);
  }
  return changed ? [...picked] : ids;
}

/**
 * The editor's canvas over the document store: what it draws is toFlow of the definition and the
 * selection; what the user does goes back as the model's actions. Focus requests (a problem, a
 * test step) centre their node.
 */
export function EditorCanvas() {
  const { store } = useEditorSession();
  const definition = useEditor((state) => state.doc.definition);
  const selection = useEditor((state) => state.doc.selection);
  const focus = useEditorUi((state) => state.focus);
  const flow = useMemo(() => toFlow(definition, selection), [definition, selection]);
  const nodes = useMemo(
    () => flow.nodes.filter((node): node is WorkflowFlowNode => node.type !== 'note'),
    [flow.nodes],
  );
  const instance = useRef<ReactFlowInstance<WorkflowFlowNode, FlowEdge>>(undefined);

  useEffect(() => {
    const nodeId = focus?.nodeId;
    if (nodeId === undefined) return;
    const node = instance.current?.getNode(nodeId);
    if (node)
      void instance.current?.setCenter(
        node.position.x + (node.measured?.width ?? 200) / 2,
        node.position.y + (node.measured?.height ?? 80) / 2,
        { zoom: 1.1, duration: 300 },
      );
  }, [focus]);

  return (
    <section className="editor__canvas" aria-label="Canvas">
      {definition.nodes.length === 0 && <p className="editor__empty">This workflow has no steps yet.</p>}
      <WorkflowCanvas
        nodes={nodes}
        edges={flow.edges}
        onNodesChange={(changes) => {
          const current = store.getState().doc.selection;
          const next = applySelect(current.nodes, changes);
          if (next !== current.nodes) store.getState().dispatch('select', { ...current, nodes: next });
        }}
        onEdgesChange={(changes) => {
          const current = store.getState().doc.selection;
          const next = applySelect(current.edges, changes);
          if (next !== current.edges) store.getState().dispatch('select', { ...current, edges: next });
        }}
        onInit={(flowInstance) => {
          instance.current = flowInstance;
        }}
      />
    </section>
  );
}

import type { WorkflowDefinition, WorkflowNode } from '@flowline/engine';
import { NodeSchema } from '@flowline/engine';
import { KIND_VISUALS } from '../canvas/kindVisuals';
import { useEditor } from '../editor/editorSession';
import { handleList } from '../model';

/** The kind's own description, from the engine's schema (never a second copy here). */
function kindDescription(kind: WorkflowNode['kind']): string | undefined {
  const option = NodeSchema.options.find((o) => o.shape.kind.value === kind);
  const meta = option?.meta() as { description?: string } | undefined;
  return meta?.description;
}

/**
 * The inspector: the selected node's identity and exits, or the workflow's summary.
 * The configuration form generated from the kind's JSON Schema comes with the inspector's forms.
 */
export function InspectorPanel() {
  const definition = useEditor((state) => state.doc.definition);
  const selectedIds = useEditor((state) => state.doc.selection.nodes);
  const selected =
    selectedIds.length === 1 ? definition.nodes.find((node) => node.id === selectedIds[0]) : undefined;
  return (
    <aside className="editor__inspector panel" aria-labelledby="inspector-title">
      <h2 className="panel__title" id="inspector-title">
        {selected ? 'Node' : 'Workflow'}
      </h2>
      {selected ? <NodeSummary node={selected} /> : <WorkflowSummary definition={definition} />}
    </aside>
  );
}

function NodeSummary({ node }: { node: WorkflowNode }) {
  const { icon: Icon, label } = KIND_VISUALS[node.kind];
  const description = node.description ?? kindDescription(node.kind);
  const exits = handleList(node);
  return (
    <div className="inspector">
      <div className={`inspector__kind inspector__kind--${node.kind}`}>
        <Icon size={16} aria-hidden="true" />
        {label}
      </div>
      <p className="inspector__name">{node.name}</p>
      {description && <p className="inspector__text">{description}</p>}
      <dl className="props">
        <dt>Id</dt>
        <dd className="mono">{node.id}</dd>
        <dt>Exits</dt>
        <dd>
          {exits.length === 0
            ? 'None: the workflow ends here'
            : exits.map((e) => e.label || 'Next').join(', ')}
        </dd>
      </dl>
    </div>
  );
}

function WorkflowSummary({ definition }: { definition: WorkflowDefinition }) {
  return (
    <div className="inspector">
      <p className="inspector__name">{definition.name}</p>
      {definition.description && <p className="inspector__text">{definition.description}</p>}
      <dl className="props">
        <dt>Id</dt>
        <dd className="mono">{definition.id}</dd>
        <dt>Steps</dt>
        <dd>{definition.nodes.length}</dd>
        <dt>Form fields</dt>
        <dd>{definition.input.length === 0 ? 'None' : definition.input.map((f) => f.label).join(', ')}</dd>
      </dl>
      <p className="inspector__hint">Select a node to see what it does.</p>
    </div>
  );
}

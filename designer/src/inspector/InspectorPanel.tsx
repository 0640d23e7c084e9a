import type { WorkflowDefinition, WorkflowNode } from '@flowline/engine';
import { CircleAlert, TriangleAlert } from 'lucide-react';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { KIND_VISUALS } from '../canvas/kindVisuals';
import { useEditor, useEditorSession, useEditorUi } from '../editor/editorSession';
import { requestFocus } from '../editor/uiStore';
import {
  actionInfo,
  definitionPath,
  handleList,
  kindMeta,
  nearestField,
  nodeFormFields,
  problemsOfField,
  problemsOfNodeItself,
  setAt,
  whenReady,
  workflowFields,
  type Path,
  type Problem,
} from '../model';
import { FieldProblems, FormContext, SchemaFields, fieldId, type FormContextValue } from './SchemaForm';
import './inspector.css';
import { RetentionSection } from './RetentionSection';

/**
 * The inspector: the selected node's form (generated from its kind's JSON Schema and, for a
 * task, its connector action's input schema), or the workflow's own settings when nothing is
 * selected. Read-only for a viewer. Focus requests (a problem chosen in the problems panel)
 * scroll to their field and focus it.
 */
export function InspectorPanel() {
  const definition = useEditor((state) => state.doc.definition);
  const selectedIds = useEditor((state) => state.doc.selection.nodes);
  const selected =
    selectedIds.length === 1 ? definition.nodes.find((node) => node.id === selectedIds[0]) : undefined;
  const panel = useRef<HTMLElement>(null);
  // Another step (or none): its form from the top, where its name and problems are, not at the
  // scroll position of the form before (a focus request then scrolls to its field).
  const shownId = selected?.id;
  useLayoutEffect(() => {
    if (panel.current) panel.current.scrollTop = 0;
  }, [shownId]);
  useFocusRequests(panel, selected?.id);
  return (
    <aside className="editor__inspector panel" aria-labelledby="inspector-title" ref={panel}>
      <h2 className="panel__title" id="inspector-title">
        {selected ? 'Step' : 'Workflow settings'}
      </h2>
      {selected ? (
        <NodeInspector key={selected.id} node={selected} definition={definition} />
      ) : (
        <WorkflowInspector definition={definition} />
      )}
    </aside>
  );
}

/** Scrolls to and focuses the field a focus request names, once its form is on screen. */
function useFocusRequests(panel: React.RefObject<HTMLElement | null>, selectedId: string | undefined) {
  const focus = useEditorUi((state) => state.focus);
  const done = useRef(0);
  useEffect(() => {
    if (!focus || focus.seq === done.current || !panel.current) return;
    // Only a field, or the workflow's settings: a request for a node alone (a test step) leaves
    // keyboard focus on the canvas.
    if (focus.field === undefined && (focus.nodeId !== undefined || focus.edgeId !== undefined)) return;
    // The form for the request: its node selected, or the workflow's settings.
    if ((focus.nodeId ?? undefined) !== selectedId) return;
    done.current = focus.seq;
    const root = panel.current;
    const attempt = () => {
      const field =
        focus.field !== undefined
          ? nearestField(focus.field, (f) => root.querySelector(`[data-field="${CSS.escape(f)}"]`) !== null)
          : undefined;
      const target =
        field !== undefined ? root.querySelector<HTMLElement>(`[data-field="${CSS.escape(field)}"]`) : null;
      const container = target ?? root.querySelector<HTMLElement>('.inspector');
      if (!container) return;
      const control =
        container.querySelector<HTMLElement>(
          // A field's mode switch (a duration: fixed or an expression) is not the field itself.
          '[data-expression-editor], input:not([type=hidden]), select:not(.field__mode), textarea',
        ) ?? container;
      container.scrollIntoView({ block: 'center', behavior: 'smooth' });
      // CodeMirror's host: its content in the shadow root. The plain expression textarea shown
      // until CodeMirror is loaded has no shadow root: it takes focus itself and loads it,
      // keeping focus and caret when it swaps.
      const codeMirror = control.shadowRoot?.querySelector<HTMLElement>('.cm-content');
      (codeMirror ?? control).focus({ preventScroll: true });
    };
    requestAnimationFrame(attempt);
  }, [focus, panel, selectedId]);
}

/** The form's context for a node: changes go back as `setField` (typing joins one undo entry per field). */
function useNodeForm(node: WorkflowNode, definition: WorkflowDefinition): FormContextValue {
  const { store, catalog, canEdit } = useEditorSession();
  const problems = useEditorUi((state) => state.problems);
  return useMemo(
    () => ({
      ownerId: node.id,
      idPrefix: `f-${node.id}`,
      readOnly: !canEdit,
      problems,
      change: (path: Path, value: unknown, typing: boolean) =>
        store
          .getState()
          .dispatch(
            'setField',
            { nodeId: node.id, path, value },
            typing ? { coalesce: `field:${node.id}:${path.join('.')}` } : {},
          ),
      placeAt: (path: Path) => ({
        definition,
        catalog,
        nodeId: node.id,
        path: definitionPath(definition, node.id, path),
      }),
    }),
    [node.id, definition, catalog, canEdit, problems, store],
  );
}

function NodeInspector({ node, definition }: { node: WorkflowNode; definition: WorkflowDefinition }) {
  const { catalog } = useEditorSession();
  const form = useNodeForm(node, definition);
  const { icon: Icon, label } = KIND_VISUALS[node.kind];
  const fields = useMemo(() => nodeFormFields(node, catalog, definition), [node, catalog, definition]);
  const exits = handleList(node);
  const action = node.kind === 'task' ? actionInfo(catalog, node.action) : undefined;
  return (
    <FormContext.Provider value={form}>
      <form className="inspector" aria-label={`${node.name} settings`} onSubmit={(e) => e.preventDefault()}>
        <div className={`inspector__kind inspector__kind--${node.kind}`}>
          <Icon size={16} aria-hidden="true" />
          {label}
        </div>
        <h3 className="inspector__name">{node.name}</h3>
        <p className="inspector__text">{kindMeta(node.kind).description}</p>
        {node.kind === 'trigger' && node.trigger.type === 'form' && <RequestFormLink />}
        <NodeProblems nodeId={node.id} />
        <NameField node={node} />
        <IdField node={node} />
        {action && (
          <div className="field" data-field="action">
            <span className="field__label">Action</span>
            <p className="inspector__action">
              {action.connector && <span className="inspector__connector">{action.connector} · </span>}
              {action.title}
            </p>
            {action.description && <p className="field__help">{action.description}</p>}
            <FieldProblems
              id={`f-${node.id}-action-problems`}
              problems={problemsOfField(form.problems, node.id, ['action'])}
            />
          </div>
        )}
        <SchemaFields fields={fields} value={node} path={[]} />
        <section className="exits" aria-labelledby={`f-${node.id}-exits`}>
          <h3 className="exits__title" id={`f-${node.id}-exits`}>
            Exits
          </h3>
          {exits.length === 0 ? (
            <p className="field__help">None: the workflow ends here.</p>
          ) : (
            <ul className="exits__list">
              {exits.map((e) => (
                <li key={e.id}>
                  <span>{e.label || 'Next'}</span>
                  <span className="mono exits__id">{e.id}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </form>
    </FormContext.Provider>
  );
}

/**
 * A form trigger's fields are the workflow's request form (its `input`), edited in the workflow's
 * settings: said here, with a way there, so the form is found from the step that shows it.
 */
function RequestFormLink() {
  const { store, ui } = useEditorSession();
  const fields = useEditor((state) => state.doc.definition.input?.length ?? 0);
  return (
    <p className="inspector__text">
      {fields === 0
        ? 'The form has no fields yet: they are the workflow’s request form. '
        : `The form’s ${fields === 1 ? 'field is' : `${fields} fields are`} the workflow’s request form. `}
      <button
        type="button"
        className="btn btn--ghost inspector__link"
        onClick={() => {
          store.getState().dispatch('select', { nodes: [], edges: [], notes: [] });
          requestFocus(ui, { field: 'input' });
        }}
      >
        Edit the request form
      </button>
    </p>
  );
}

/** The node's problems, each a button to its field (fields show theirs too). */
function NodeProblems({ nodeId }: { nodeId: string }) {
  const { ui } = useEditorSession();
  const index = useEditorUi((state) => state.problems);
  const all = index?.byNode.get(nodeId) ?? [];
  if (all.length === 0) return null;
  const own = new Set(problemsOfNodeItself(index, nodeId));
  return (
    <div className="inspector__problems" role="group" aria-label="Problems of this step">
      {all.map((p: Problem) => {
        const Icon = p.severity === 'error' ? CircleAlert : TriangleAlert;
        const text = (
          <>
            <Icon size={14} aria-hidden="true" className={`problems__icon problems__icon--${p.severity}`} />
            <span>
              {p.fieldLabel && !own.has(p) ? <strong>{p.fieldLabel}: </strong> : null}
              {p.message}
            </span>
          </>
        );
        return p.field !== undefined ? (
          <button
            key={p.key}
            type="button"
            className="inspector__problem"
            onClick={() => requestFocus(ui, { nodeId, field: p.field! })}
          >
            {text}
          </button>
        ) : (
          <p key={p.key} className="inspector__problem">
            {text}
          </p>
        );
      })}
    </div>
  );
}

function NameField({ node }: { node: WorkflowNode }) {
  const { store, canEdit } = useEditorSession();
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const id = `f-${node.id}-name`;
  const problems = problemsOfField(
    useEditorUi((s) => s.problems),
    node.id,
    ['name'],
  );
  const message = error ?? problems[0]?.message;
  return (
    <div className={message ? 'field field--invalid' : 'field'} data-field="name">
      <label className="field__label" htmlFor={id}>
        Name
      </label>
      <input
        id={id}
        className="field__input"
        value={draft ?? node.name}
        readOnly={!canEdit}
        maxLength={120}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? `${id}-error` : `${id}-help`}
        onChange={(e) => {
          const next = e.target.value;
          setDraft(next);
          const result = store
            .getState()
            .dispatch('rename', { nodeId: node.id, name: next }, { coalesce: `rename:${node.id}` });
          setError(result.ok ? undefined : result.error);
        }}
        onBlur={() => {
          setDraft(undefined);
          setError(undefined);
        }}
      />
      <p className="field__help" id={`${id}-help`}>
        What the step is called on the canvas and in the history.
      </p>
      {message && (
        <p className="field__error" id={`${id}-error`}>
          {message}
        </p>
      )}
    </div>
  );
}

/** The id: changed on Enter or leaving the field; edges and every expression reading it follow. */
function IdField({ node }: { node: WorkflowNode }) {
  const { store, canEdit } = useEditorSession();
  const [draft, setDraft] = useState(node.id);
  const [error, setError] = useState<string | undefined>(undefined);
  const waiting = useRef(false);
  const id = `f-${node.id}-id`;
  useEffect(() => setDraft(node.id), [node.id]);
  const commit = () => {
    if (draft === node.id) return setError(undefined);
    const rename = () => {
      const result = store.getState().dispatch('rename', { nodeId: node.id, id: draft });
      setError(result.ok ? undefined : result.error);
    };
    // The expressions reading the old id are rewritten with the engine's parser, loaded on first
    // use; Enter then leaving the field while it loads renames once.
    const ready = whenReady('rename');
    if (!ready) return rename();
    if (waiting.current) return;
    waiting.current = true;
    ready
      .then(rename, () =>
        setError('The id could not be changed: part of the editor did not load. Try again.'),
      )
      .finally(() => (waiting.current = false));
  };
  return (
    <div className={error ? 'field field--invalid' : 'field'} data-field="id">
      <label className="field__label" htmlFor={id}>
        Id
      </label>
      <input
        id={id}
        className="field__input mono"
        value={draft}
        readOnly={!canEdit}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : `${id}-help`}
        // Someone about to change the id: the parser the rename needs is loaded meanwhile.
        onFocus={() => canEdit && void whenReady('rename')?.catch(() => undefined)}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setDraft(node.id);
            setError(undefined);
          }
        }}
      />
      <p className="field__help" id={`${id}-help`}>
        Expressions read this step as nodes.{node.id}; renaming it updates them.
      </p>
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

function WorkflowInspector({ definition }: { definition: WorkflowDefinition }) {
  const { store, catalog, canEdit } = useEditorSession();
  const problems = useEditorUi((state) => state.problems);
  const form = useMemo<FormContextValue>(
    () => ({
      ownerId: undefined,
      idPrefix: 'f-workflow',
      readOnly: !canEdit,
      problems,
      change: (path, value, typing) => {
        const [top, ...rest] = path as [keyof WorkflowDefinition, ...Path];
        const current = store.getState().doc.definition[top];
        store
          .getState()
          .dispatch(
            'updateWorkflow',
            { [top]: setAt(current, rest, value) },
            typing ? { coalesce: `workflow:${path.join('.')}` } : {},
          );
      },
      // The business key is the workflow's one expression: it reads the request form only.
      placeAt: (path) =>
        path.length === 1 && path[0] === 'businessKey'
          ? { definition: store.getState().doc.definition, catalog, nodeId: '', path }
          : undefined,
    }),
    [canEdit, catalog, problems, store],
  );
  const fields = workflowFields();
  const general = problems?.workflow.filter((p) => p.field === undefined) ?? [];
  return (
    <FormContext.Provider value={form}>
      <form className="inspector" aria-label="Workflow settings" onSubmit={(e) => e.preventDefault()}>
        <p className="inspector__hint">
          Select a step on the canvas to change it; these settings are the workflow’s own.
        </p>
        <div className="field">
          <span className="field__label">Id</span>
          <span className="mono">{definition.id}</span>
        </div>
        {general.length > 0 && <FieldProblems id={fieldId('f-workflow', ['problems'])} problems={general} />}
        <SchemaFields fields={fields} value={definition} path={[]} />
      </form>
      <RetentionSection workflowId={definition.id} />
    </FormContext.Provider>
  );
}

import '../app/noEval';
import type { Catalog } from '@flowline/engine';
import { emptyCatalog } from '@flowline/engine';
import { ReactFlowProvider } from '@xyflow/react';
import { ArrowLeft } from 'lucide-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { sentenceOf } from '../app/apiErrors';
import { useCan } from '../auth/session';
import { EditorCanvas } from '../canvas/EditorCanvas';
import { InspectorPanel } from '../inspector/InspectorPanel';
import { createEditorStore } from '../model';
import { BottomPanel } from '../panels/BottomPanel';
import { PalettePanel } from '../panels/PalettePanel';
import { ServerIssuesPanel } from '../panels/ServerIssuesPanel';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Loading } from '../ui/Loading';
import { useLiveValidation } from '../validation/useLiveValidation';
import { useAutosave } from '../versions/useAutosave';
import { LocalBackupOffer } from '../versions/LocalBackupOffer';
import { VersionControls } from '../versions/VersionControls';
import { ActivationControl } from '../versions/ActivationControl';
import { StartRunControl } from '../runs/StartRunControl';
import { EditorSessionContext, useEditor, useEditorSession, type EditorSession } from './editorSession';
import { createEditorUiStore } from './uiStore';
import { useCatalog } from './useCatalog';
import { useWorkflow, type LoadedWorkflow } from './useWorkflow';

/**
 * A workflow's draft in the editor: toolbar (title, save state, publish, versions), then palette |
 * canvas | inspector, then the bottom panel (problems, test run, statechart). The session (the
 * document store with undo, the view state, the catalog) is made once per workflow and shared
 * with every panel through context.
 */
export function EditorPage() {
  const { id = '' } = useParams();
  const workflow = useWorkflow(id);
  const catalog = useCatalog();
  const canEdit = useCan('definitions:write');
  const canPublish = useCan('definitions:publish');
  // A user who may not read the catalog still sees the drawing; connector steps then show as unknown.
  const catalogReady = catalog.isSuccess || catalog.isError;

  return (
    <main className="editor" aria-busy={workflow.isPending || !catalogReady}>
      {workflow.isError && (
        <>
          <EditorTitleBar name={id} />
          <div className="editor__message">
            <Alert>{sentenceOf(workflow.error)}</Alert>
          </div>
        </>
      )}
      {(workflow.isPending || (workflow.isSuccess && !catalogReady)) && (
        <>
          <EditorTitleBar name={id} />
          <Loading label="Loading the workflow…" />
        </>
      )}
      {workflow.data && catalogReady && (
        <EditorWorkspace
          key={workflow.data.draft.workflowId}
          loaded={workflow.data}
          catalog={catalog.data ?? emptyCatalog}
          canEdit={canEdit}
          canPublish={canPublish}
        />
      )}
    </main>
  );
}

function EditorWorkspace({
  loaded,
  catalog,
  canEdit,
  canPublish,
}: {
  loaded: LoadedWorkflow;
  catalog: Catalog;
  canEdit: boolean;
  canPublish: boolean;
}) {
  const { draft, definition } = loaded;
  // Made once per workflow: later answers from the server (autosave, refetches) must not reset
  // the document or its history.
  const [session] = useState<EditorSession | undefined>(() =>
    definition
      ? {
          workflowId: draft.workflowId,
          draft,
          canEdit,
          canPublish,
          store: createEditorStore(definition),
          ui: createEditorUiStore(draft.draftRev),
          catalog,
        }
      : undefined,
  );

  if (!session)
    return (
      <>
        <EditorTitleBar name={draft.name} />
        <div className="editor__message">
          <Alert>This draft does not follow the workflow format; the problems below say where.</Alert>
        </div>
        <ServerIssuesPanel issues={loaded.issues} />
      </>
    );
  return (
    <EditorSessionContext.Provider value={session}>
      <ReactFlowProvider>
        <EditorFrame />
      </ReactFlowProvider>
    </EditorSessionContext.Provider>
  );
}

function EditorFrame() {
  const { canEdit, canPublish, workflowId } = useEditorSession();
  const name = useEditor((state) => state.doc.definition.name);
  useLiveValidation();
  useAutosave();
  return (
    <>
      <EditorTitleBar name={name}>
        {!canEdit && <Badge tone="info">Read-only</Badge>}
        <StartRunControl workflowId={workflowId} />
        <ActivationControl workflowId={workflowId} name={name} canPublish={canPublish} />
        <VersionControls />
      </EditorTitleBar>
      <div className={canEdit ? 'editor__body' : 'editor__body editor__body--no-palette'}>
        {canEdit && <PalettePanel />}
        <EditorCanvas />
        <InspectorPanel />
      </div>
      <BottomPanel />
      <LocalBackupOffer />
    </>
  );
}

function EditorTitleBar({ name, children }: { name: string; children?: React.ReactNode }) {
  return (
    <div className="editor__toolbar">
      <title>{`${name} · Flowline`}</title>
      <Link to="/workflows" className="editor__back">
        <ArrowLeft size={16} aria-hidden="true" />
        Workflows
      </Link>
      <h1 className="editor__title">{name}</h1>
      <span className="editor__spacer" />
      {children}
    </div>
  );
}

import { AlertTriangle, Check, CloudOff, Download, History, Loader, Rocket, Upload } from 'lucide-react';
import { lazy, Suspense, useRef, useState } from 'react';
import { sentenceOf } from '../app/apiErrors';
import { useEditor, useEditorSession, useEditorUi } from '../editor/editorSession';
import { Button } from '../ui/Button';
import { exportFile } from './definitionFile';
import type { ImportResult } from './definitionImport';
import { resolveConflict } from './useAutosave';
import './versions.css';

// Each dialog loads when it is first opened: a modal that shows a few milliseconds after the
// click, with nothing drawn in between, rather than code every editor opening carries.
const PublishDialog = lazy(async () => ({ default: (await import('./PublishDialog')).PublishDialog }));
const VersionsDialog = lazy(async () => ({ default: (await import('./VersionsDialog')).VersionsDialog }));
const ImportDialog = lazy(async () => ({ default: (await import('./ImportDialog')).ImportDialog }));

/** Offers a file to download (a blob link: nothing inline, nothing sent anywhere). */
export function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The toolbar's draft controls: save state, versions, import, export, publish. */
export function VersionControls() {
  const { canEdit, canPublish, store, workflowId, catalog } = useEditorSession();
  const [open, setOpen] = useState<'publish' | 'versions' | 'import' | undefined>();
  const [imported, setImported] = useState<{ file: string; result: ImportResult } | undefined>();
  const fileInput = useRef<HTMLInputElement>(null);
  const close = () => setOpen(undefined);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    let result: ImportResult;
    try {
      // The engine's full validation comes with the first import, not with the editor.
      const { importDefinition } = await import('./definitionImport');
      result = importDefinition(await file.text(), workflowId, catalog);
    } catch {
      result = { ok: false, summary: 'The file could not be read.', issues: [] };
    }
    // A good file replaces the draft as one edit (undo brings the previous draft back).
    if (result.ok) store.getState().dispatch('replaceDefinition', { definition: result.definition });
    setImported({ file: file.name, result });
    setOpen('import');
  };

  return (
    <div className="version-controls">
      {canEdit && <SaveStatus />}
      <Button
        variant="ghost"
        icon={<History size={16} aria-hidden="true" />}
        onClick={() => setOpen('versions')}
      >
        Versions
      </Button>
      {canEdit && (
        <>
          <Button
            variant="ghost"
            icon={<Upload size={16} aria-hidden="true" />}
            onClick={() => fileInput.current?.click()}
          >
            Import
          </Button>
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            className="visually-hidden"
            tabIndex={-1}
            aria-label="Definition file to import"
            data-testid="import-file"
            onChange={(event) => {
              const input = event.currentTarget;
              void onFile(input.files?.[0]).finally(() => (input.value = ''));
            }}
          />
        </>
      )}
      <Button
        variant="ghost"
        icon={<Download size={16} aria-hidden="true" />}
        onClick={() => {
          const file = exportFile(store.getState().doc.definition);
          download(file.name, file.text);
        }}
      >
        Export
      </Button>
      {canPublish && canEdit && (
        <Button
          variant="primary"
          icon={<Rocket size={16} aria-hidden="true" />}
          onClick={() => setOpen('publish')}
        >
          Publish
        </Button>
      )}
      <Suspense fallback={null}>
        {open === 'publish' && <PublishDialog onClose={close} />}
        {open === 'versions' && <VersionsDialog onClose={close} />}
        {open === 'import' && imported && (
          <ImportDialog
            file={imported.file}
            result={imported.result}
            onUndo={() => {
              store.getState().undo();
              close();
            }}
            onClose={close}
          />
        )}
      </Suspense>
    </div>
  );
}

/** "Saved", "Saving…", "Not saved: …" with a retry, or the conflict and its two choices. */
function SaveStatus() {
  const save = useEditorUi((state) => state.save);
  const { store, workflowId } = useEditorSession();
  const [busy, setBusy] = useState<'theirs' | 'mine' | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const dirty = useEditor((state) => state.revision) > 0;

  const choose = (choice: 'theirs' | 'mine') => {
    setBusy(choice);
    setProblem(undefined);
    resolveConflict(store, workflowId, choice)
      .then((message) => setProblem(message))
      .catch((error: unknown) => setProblem(sentenceOf(error)))
      .finally(() => setBusy(undefined));
  };

  if (save.status === 'conflict')
    return (
      <div className="save-conflict" role="alert">
        <AlertTriangle size={16} aria-hidden="true" className="save-conflict__icon" />
        <span className="save-conflict__text" title={save.message}>
          {problem ?? 'Another tab saved this draft; yours is not saved.'}
        </span>
        <Button busy={busy === 'theirs'} disabled={busy !== undefined} onClick={() => choose('theirs')}>
          Reload theirs
        </Button>
        <Button
          variant="danger"
          busy={busy === 'mine'}
          disabled={busy !== undefined}
          onClick={() => choose('mine')}
        >
          Keep mine
        </Button>
      </div>
    );
  const label =
    save.status === 'saved'
      ? dirty
        ? 'All changes saved'
        : 'Saved'
      : save.status === 'saving'
        ? 'Saving…'
        : save.status === 'unsaved'
          ? 'Unsaved changes'
          : (save.message ?? 'Not saved');
  const Icon =
    save.status === 'saved'
      ? Check
      : save.status === 'error'
        ? CloudOff
        : save.status === 'saving'
          ? Loader
          : undefined;
  return (
    <span
      className={`save-status save-status--${save.status}`}
      role="status"
      data-testid="save-status"
      data-status={save.status}
      title={save.status === 'saved' ? `Draft revision ${save.draftRev}` : undefined}
    >
      {Icon && <Icon size={14} aria-hidden="true" />}
      {label}
    </span>
  );
}

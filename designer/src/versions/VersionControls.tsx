import { useEditorUi } from '../editor/editorSession';

/** The toolbar's draft controls: save state now; publish, versions and export come with versions. */
export function VersionControls() {
  const save = useEditorUi((state) => state.save);
  return <span className="editor__save">{save.status === 'saved' ? 'Saved' : save.status}</span>;
}

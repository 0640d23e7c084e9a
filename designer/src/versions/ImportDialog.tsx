import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import type { ImportResult } from './definitionImport';
import { IssueList } from './IssueList';
import { Modal } from '../ui/Modal';

/** What an import did: the file's errors (and nothing changed), or the draft replaced, with undo. */
export function ImportDialog({
  file,
  result,
  onUndo,
  onClose,
}: {
  file: string;
  result: ImportResult;
  onUndo: () => void;
  onClose: () => void;
}) {
  if (!result.ok)
    return (
      <Modal title="The file cannot be imported" wide onClose={onClose}>
        <Alert>
          <strong className="import__file">{file}</strong>: {result.summary}
        </Alert>
        <IssueList issues={result.issues} label="Problems in the file" />
        <p className="muted">Nothing was changed. Fix the file and import it again.</p>
        <div className="dialog__actions">
          <Button variant="primary" onClick={onClose} autoFocus>
            Close
          </Button>
        </div>
      </Modal>
    );
  return (
    <Modal title="Imported" onClose={onClose}>
      <Alert tone="info">
        <strong className="import__file">{file}</strong> replaced the draft. It is saved as you go; undo
        brings the previous draft back.
      </Alert>
      {result.notes.length > 0 && (
        <ul className="import__notes">
          {result.notes.map((note, index) => (
            <li key={index}>{note}</li>
          ))}
        </ul>
      )}
      <div className="dialog__actions">
        <Button onClick={onUndo}>Undo import</Button>
        <Button variant="primary" onClick={onClose} autoFocus>
          Done
        </Button>
      </div>
    </Modal>
  );
}

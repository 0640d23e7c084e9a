import '../app/noEval';
import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { sentenceOf } from '../app/apiErrors';
import { ApiError } from '../app/apiErrors';
import { useEditor, useEditorSession, useEditorUi } from '../editor/editorSession';
import { sortProblems, type Problem } from '../model';
import { ProblemList } from '../panels/ProblemList';
import { useFocusProblem } from '../panels/useFocusProblem';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { IssueList } from './IssueList';
import { Modal } from '../ui/Modal';
import { readableIssues } from './definitionFile';
import { autosaverOf } from './useAutosave';
import { PublishRefused, usePublish } from './useVersions';
import './versions.css';

const CONFLICT_SENTENCE =
  'The draft was changed in another tab or by someone else since this editor saved it, so it was not published. Resolve the conflict beside the save state, then publish again.';

/**
 * Publish with a note. Refused here while live validation finds errors (how many, each of them
 * as the problems panel lists it, a way to each, and to the first); the server's own refusal (its issues, a 409 when the draft changed since) is said
 * in words beside the form.
 */
export function PublishDialog({ onClose }: { onClose: () => void }) {
  const { store, ui, workflowId } = useEditorSession();
  const problems = useEditorUi((state) => state.problems);
  const save = useEditorUi((state) => state.save);
  const definition = useEditor((state) => state.doc.definition);
  const publish = usePublish(workflowId);
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const errors = problems?.errors ?? 0;

  const focus = useFocusProblem();
  const errorList = useMemo(
    () => (problems ? sortProblems(problems.all, definition).filter((p) => p.severity === 'error') : []),
    [problems, definition],
  );
  // Goes to the problem with the problems panel open beside it, and the dialog out of the way.
  const goTo = (problem: Problem | undefined) => {
    if (!problem) return;
    focus(problem);
    ui.setState({ bottomPanel: 'problems' });
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // What is published is what the server holds: save what is pending first.
    setSaving(true);
    await autosaverOf(store)?.flush();
    setSaving(false);
    const state = ui.getState().save;
    if (state.status !== 'saved') return;
    publish.mutate({ note, expectedDraftRev: state.draftRev });
  };

  if (publish.isSuccess)
    return (
      <Modal title="Published" onClose={onClose}>
        <Alert tone="info">
          Version {publish.data.version} is published. New runs start on it; runs already under way stay on
          the version they started with.
        </Alert>
        {publish.data.warnings.length > 0 && (
          <>
            <p>Worth knowing:</p>
            <IssueList issues={readableIssues(publish.data.warnings, definition)} />
          </>
        )}
        <div className="dialog__actions">
          <Link
            className="btn btn--secondary"
            to={`/workflows/${encodeURIComponent(workflowId)}/versions/${publish.data.version}`}
          >
            Open version {publish.data.version}
          </Link>
          <Button variant="primary" onClick={onClose} autoFocus>
            Done
          </Button>
        </div>
      </Modal>
    );

  const refusal = publish.error;
  return (
    <Modal
      title="Publish a new version"
      intro="The draft becomes an immutable version that new runs start on."
      onClose={onClose}
    >
      {errors > 0 ? (
        <>
          <Alert>
            {errors === 1
              ? 'The workflow has 1 error. Fix it before publishing.'
              : `The workflow has ${errors} errors. Fix them before publishing.`}
          </Alert>
          <div className="publish__errors">
            <ProblemList
              problems={errorList}
              definition={definition}
              onChoose={goTo}
              label="Errors"
              compact
            />
          </div>
          <div className="dialog__actions">
            <Button onClick={onClose}>Close</Button>
            <Button variant="primary" onClick={() => goTo(errorList[0])} autoFocus>
              Show the first error
            </Button>
          </div>
        </>
      ) : (
        <form className="form" onSubmit={(event) => void submit(event)} noValidate>
          {save.status === 'conflict' && <Alert>{CONFLICT_SENTENCE}</Alert>}
          {save.status === 'error' && <Alert>{save.message ?? 'The draft is not saved.'}</Alert>}
          {refusal instanceof PublishRefused && (
            <>
              <Alert>The server refused to publish: {refusal.message.replace(/\.?$/, '.')}</Alert>
              <IssueList issues={readableIssues(refusal.issues, definition)} />
            </>
          )}
          {refusal && !(refusal instanceof PublishRefused) && (
            <Alert>
              {refusal instanceof ApiError && refusal.problem.code === 'CONFLICT'
                ? CONFLICT_SENTENCE
                : sentenceOf(refusal)}
            </Alert>
          )}
          <div className="field">
            <label className="field__label" htmlFor="publish-note">
              What changed
            </label>
            <textarea
              id="publish-note"
              className="field__input field__input--area"
              dir="auto"
              maxLength={1000}
              rows={3}
              autoFocus
              value={note}
              placeholder="Security review now needs three approvers"
              aria-describedby="publish-note-help"
              onChange={(event) => setNote(event.target.value)}
            />
            <p className="field__help" id="publish-note-help">
              Shown beside the version in its list. Optional, up to 1,000 characters.
            </p>
          </div>
          <div className="dialog__actions">
            <Button onClick={onClose}>Cancel</Button>
            <Button
              type="submit"
              variant="primary"
              busy={saving || publish.isPending}
              disabled={!problems || save.status === 'conflict'}
            >
              Publish
            </Button>
          </div>
        </form>
      )}
    </Modal>
  );
}

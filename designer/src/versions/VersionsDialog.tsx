import '../app/noEval';
import { GitCompare } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { sentenceOf } from '../app/apiErrors';
import { useMe } from '../auth/session';
import { useEditorSession } from '../editor/editorSession';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Loading } from '../ui/Loading';
import { personLabel, relativeTime } from '../workflows/workflowSummary';
import { Modal } from '../ui/Modal';
import { compareHref, versionHref } from './routes';
import { useVersionList } from './useVersions';
import { formatTime } from '../app/formatTime';
import { WrittenText } from '../ui/WrittenText';

/** The published versions (number, note, who and when): open one read-only, or compare two. */
export function VersionsDialog({ onClose }: { onClose: () => void }) {
  const { workflowId } = useEditorSession();
  const versions = useVersionList(workflowId);
  const me = useMe();
  const now = Date.now();
  const navigate = useNavigate();
  const items = versions.data ?? [];
  const [from, setFrom] = useState<string | undefined>();
  const [to, setTo] = useState<string | undefined>();
  const fromValue = from ?? String(items[1]?.version ?? items[0]?.version ?? '');
  const toValue = to ?? (items.length > 1 ? String(items[0]!.version) : 'draft');

  const compare = (event: FormEvent) => {
    event.preventDefault();
    void navigate(compareHref(workflowId, fromValue, toValue));
  };

  return (
    <Modal title="Versions" wide onClose={onClose}>
      {versions.isPending && <Loading label="Loading the versions…" />}
      {versions.isError && <Alert>{sentenceOf(versions.error)}</Alert>}
      {versions.isSuccess && items.length === 0 && (
        <p className="muted">Not published yet. Publish the draft to make its first version.</p>
      )}
      {items.length > 0 && (
        <>
          <div className="versions__table card card--flush">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Note</th>
                  <th scope="col">Published</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.version}>
                    <td className="versions__number">Version {item.version}</td>
                    {item.note ? (
                      <WrittenText as="td" className="versions__note">
                        {item.note}
                      </WrittenText>
                    ) : (
                      <td className="versions__note">
                        <span className="muted">No note</span>
                      </td>
                    )}
                    <td>
                      <time
                        dateTime={new Date(item.publishedAt).toISOString()}
                        title={formatTime(item.publishedAt)}
                      >
                        {relativeTime(item.publishedAt, now)}
                      </time>
                      <span className="table__secondary">by {personLabel(item.publishedBy, me.id)}</span>
                    </td>
                    <td className="versions__actions">
                      <Link
                        className="btn btn--ghost"
                        to={versionHref(workflowId, item.version)}
                        aria-label={`Open version ${item.version}`}
                      >
                        Open
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <form className="versions__compare" onSubmit={compare}>
            <label className="field__label" htmlFor="compare-from">
              Compare
            </label>
            <select
              id="compare-from"
              className="field__input"
              value={fromValue}
              onChange={(e) => setFrom(e.target.value)}
            >
              {items.map((item) => (
                <option key={item.version} value={item.version}>
                  Version {item.version}
                </option>
              ))}
            </select>
            <label className="field__label" htmlFor="compare-to">
              with
            </label>
            <select
              id="compare-to"
              className="field__input"
              value={toValue}
              onChange={(e) => setTo(e.target.value)}
            >
              <option value="draft">The draft</option>
              {items.map((item) => (
                <option key={item.version} value={item.version}>
                  Version {item.version}
                </option>
              ))}
            </select>
            <Button
              type="submit"
              icon={<GitCompare size={16} aria-hidden="true" />}
              disabled={fromValue === toValue}
            >
              Compare
            </Button>
          </form>
        </>
      )}
      <div className="dialog__actions">
        <Button onClick={onClose}>Close</Button>
      </div>
    </Modal>
  );
}

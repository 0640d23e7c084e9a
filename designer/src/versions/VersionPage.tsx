import '../app/noEval';
import { ArrowLeft, Download, GitCompare } from 'lucide-react';
import { Link, useParams } from 'react-router';
import { sentenceOf } from '../app/apiErrors';
import { useCan, useMe } from '../auth/session';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Loading } from '../ui/Loading';
import { personLabel } from '../workflows/workflowSummary';
import { exportFile } from './definitionFile';
import { compareHref, versionRef } from './routes';
import { useVersion, useVersionList } from './useVersions';
import { VersionCanvas } from './VersionCanvas';
import { ActivationControl } from './ActivationControl';
import { download } from './VersionControls';
import './versions.css';
import { formatTime } from '../app/formatTime';
import { WrittenText } from '../ui/WrittenText';

/** One published version, read-only: its canvas, who published it when and why, export, compare. */
export function VersionPage() {
  const { id = '', version: raw = '' } = useParams();
  const ref = versionRef(raw);
  const number = typeof ref === 'number' ? ref : undefined;
  const version = useVersion(id, number);
  const list = useVersionList(id);
  const me = useMe();
  const canPublish = useCan('definitions:publish');
  const summary = list.data?.find((v) => v.version === number);
  const previous = list.data?.find((v) => number !== undefined && v.version < number);
  const name = version.data?.definition.name ?? id;

  return (
    <main className="editor version-page" aria-busy={version.isPending}>
      <title>{`${name} · version ${raw} · Flowline`}</title>
      <div className="editor__toolbar">
        <Link to={`/workflows/${encodeURIComponent(id)}`} className="editor__back">
          <ArrowLeft size={16} aria-hidden="true" />
          Draft
        </Link>
        <h1 className="editor__title">
          {name} <span className="version-page__number">· Version {raw}</span>
        </h1>
        <Badge tone="info">Read-only</Badge>
        <span className="editor__spacer" />
        <ActivationControl workflowId={id} name={name} canPublish={canPublish} />
        {previous && number !== undefined && (
          <Link className="btn btn--ghost" to={compareHref(id, previous.version, number)}>
            <GitCompare size={16} aria-hidden="true" />
            <span>Compare with version {previous.version}</span>
          </Link>
        )}
        {number !== undefined && (
          <Link className="btn btn--ghost" to={compareHref(id, number, 'draft')}>
            <GitCompare size={16} aria-hidden="true" />
            <span>Compare with the draft</span>
          </Link>
        )}
        {version.data && (
          <Button
            variant="ghost"
            icon={<Download size={16} aria-hidden="true" />}
            onClick={() => {
              const file = exportFile(version.data.definition, version.data.version);
              download(file.name, file.text);
            }}
          >
            Export
          </Button>
        )}
      </div>
      {number === undefined && (
        <div className="editor__message">
          <Alert>“{raw}” is not a version number.</Alert>
        </div>
      )}
      {version.isError && (
        <div className="editor__message">
          <Alert>{sentenceOf(version.error)}</Alert>
        </div>
      )}
      {version.isPending && number !== undefined && <Loading label="Loading the version…" />}
      {version.data && (
        <>
          {summary && (
            <p className="version-page__meta">
              Published {formatTime(summary.publishedAt)} by {personLabel(summary.publishedBy, me.id)}
              {summary.note ? (
                <>
                  {' — '}
                  <WrittenText as="q" className="version-page__note">
                    {summary.note}
                  </WrittenText>
                </>
              ) : null}
            </p>
          )}
          <VersionCanvas definition={version.data.definition} label={`Version ${number} (read-only)`} />
        </>
      )}
    </main>
  );
}

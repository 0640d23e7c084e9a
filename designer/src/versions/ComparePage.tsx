import '../app/noEval';
import { useQuery } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { sentenceOf } from '../app/apiErrors';
import { useWorkflow } from '../editor/useWorkflow';
import { diffCanvas, diffStatuses, versionDiff, type DiffStatus } from '../model';
import { Alert } from '../ui/Alert';
import { Loading } from '../ui/Loading';
import { diffRows, diffSummary } from './diffRows';
import { refLabel, versionRef, type VersionRef } from './routes';
import { fetchDraft, useVersion, useVersionList } from './useVersions';
import { VersionCanvas, type CanvasFocus } from './VersionCanvas';
import './versions.css';

const STATUS_WORDS: Readonly<Record<DiffStatus, string>> = {
  added: 'Added',
  changed: 'Changed',
  removed: 'Removed',
  moved: 'Moved',
};

/** One side of a comparison: a published version, or the draft as saved now. */
function useSide(id: string, ref: VersionRef | undefined) {
  const version = useVersion(id, typeof ref === 'number' ? ref : undefined);
  const draft = useQuery({
    queryKey: ['workflows', id, 'draft-for-compare'],
    enabled: ref === 'draft',
    queryFn: async () => {
      const found = await fetchDraft(id);
      if (!found.definition) throw new Error('The draft cannot be drawn.');
      return found.definition;
    },
  });
  if (ref === 'draft') return { definition: draft.data, error: draft.error, pending: draft.isPending };
  return { definition: version.data?.definition, error: version.error, pending: version.isPending };
}

/**
 * A visual diff of two versions (or a version and the draft): the newer one drawn with the older
 * one's removed steps where they were, each node and edge marked added, changed, removed or moved,
 * and beside it the list of changes with each changed step's fields.
 */
export function ComparePage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const from = versionRef(params.get('from'));
  const to = versionRef(params.get('to'));
  const before = useSide(id, from);
  const after = useSide(id, to);
  const list = useVersionList(id);
  // The title before either side is chosen (the editor has usually read it already).
  const workflow = useWorkflow(id);
  const [focus, setFocus] = useState<CanvasFocus | undefined>();

  const result = useMemo(() => {
    if (!before.definition || !after.definition) return undefined;
    const diff = versionDiff(before.definition, after.definition);
    return {
      diff,
      statuses: diffStatuses(diff),
      canvas: diffCanvas(before.definition, after.definition, diff),
      rows: diffRows(before.definition, after.definition, diff),
    };
  }, [before.definition, after.definition]);
  const name = after.definition?.name ?? before.definition?.name ?? workflow.data?.draft.name ?? id;
  const error = before.error ?? after.error;
  const choose = (key: 'from' | 'to', value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };
  const options = (list.data ?? []).map((v) => v.version);

  return (
    <main className="editor compare-page">
      <title>{`${name} · compare · Flowline`}</title>
      <div className="editor__toolbar">
        <Link to={`/workflows/${encodeURIComponent(id)}`} className="editor__back">
          <ArrowLeft size={16} aria-hidden="true" />
          Draft
        </Link>
        <h1 className="editor__title">{name}</h1>
        <span className="editor__spacer" />
        <form className="versions__compare versions__compare--toolbar" onSubmit={(e) => e.preventDefault()}>
          <label className="field__label" htmlFor="compare-page-from">
            Compare
          </label>
          <select
            id="compare-page-from"
            className="field__input"
            value={String(from ?? '')}
            onChange={(e) => choose('from', e.target.value)}
          >
            {from === undefined && <option value="">Choose</option>}
            {options.map((v) => (
              <option key={v} value={v}>
                Version {v}
              </option>
            ))}
          </select>
          <label className="field__label" htmlFor="compare-page-to">
            with
          </label>
          <select
            id="compare-page-to"
            className="field__input"
            value={String(to ?? '')}
            onChange={(e) => choose('to', e.target.value)}
          >
            {to === undefined && <option value="">Choose</option>}
            <option value="draft">The draft</option>
            {options.map((v) => (
              <option key={v} value={v}>
                Version {v}
              </option>
            ))}
          </select>
        </form>
      </div>
      {(from === undefined || to === undefined) && (
        <div className="editor__message">
          {/* Guidance, not an error: nothing has gone wrong yet. */}
          <Alert tone="info">Choose two versions to compare (a version number, or the draft).</Alert>
        </div>
      )}
      {error && (
        <div className="editor__message">
          <Alert>{sentenceOf(error)}</Alert>
        </div>
      )}
      {from !== undefined && to !== undefined && !error && !result && (
        <Loading label="Loading both versions…" />
      )}
      {result && from !== undefined && to !== undefined && (
        <div className="compare-page__body">
          <VersionCanvas
            definition={result.canvas}
            statuses={result.statuses}
            label={`Changes from ${refLabel(from)} to ${refLabel(to)}`}
            focus={focus}
          />
          <aside className="compare-page__changes panel" aria-label="Changes">
            <h2 className="panel__title">
              From {refLabel(from)} to {refLabel(to)}
            </h2>
            <p className="compare-page__summary" data-testid="diff-summary">
              {diffSummary(result.diff)}
            </p>
            <ul className="diff-legend" aria-label="Legend">
              {(['added', 'changed', 'removed', 'moved'] as const).map((status) => (
                <li key={status} className={`diff-legend__item diff-legend__item--${status}`}>
                  {STATUS_WORDS[status]}
                </li>
              ))}
            </ul>
            {result.rows.length > 0 && (
              <ul className="diff-list" aria-label="Changed steps and connections">
                {result.rows.map((row) => (
                  <li
                    key={`${row.kind}:${row.id}`}
                    className={`diff-list__item diff-list__item--${row.status}`}
                    data-id={row.id}
                  >
                    <button
                      type="button"
                      className="diff-list__show"
                      title="Show it on the canvas"
                      onClick={() => setFocus({ kind: row.kind, id: row.id, seq: (focus?.seq ?? 0) + 1 })}
                    >
                      <span className={`diff-badge diff-badge--${row.status}`}>
                        {STATUS_WORDS[row.status]}
                      </span>
                      <span className="diff-list__name">
                        {row.kind === 'edge' ? 'Connection ' : ''}
                        {row.name}
                      </span>
                    </button>
                    {row.fields.length > 0 && (
                      <ul className="diff-list__fields" aria-label={`Changed fields of ${row.name}`}>
                        {row.fields.map((field) => (
                          <li key={field}>{field}</li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </aside>
        </div>
      )}
    </main>
  );
}

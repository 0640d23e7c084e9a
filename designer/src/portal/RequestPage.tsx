import { ArrowLeft } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { sentenceOf } from '../app/apiErrors';
import { useMe } from '../auth/session';
import { detailRows, fieldsOf } from '../forms/fillIn';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Loading } from '../ui/Loading';
import { formatTime } from '../app/formatTime';
import { timelineNames } from './names';
import { Timeline } from './Timeline';
import { buildTimeline, STATUS_LABELS, STATUS_TONES } from './timeline';
import { useInstance, useInstanceDefinition } from './usePortal';
import { mayWithdraw } from './withdrawal';
import { WithdrawRequest } from './WithdrawRequest';
import { shortRunId } from '../runs/runView';
import './portal.css';

/** One of my requests: what I asked for, and its timeline (live). */
export function RequestPage() {
  const { id } = useParams();
  const [search] = useSearchParams();
  const me = useMe();
  const instance = useInstance(id);
  // Through the instance: a requester reads their request's version, not every definition.
  const version = useInstanceDefinition(instance.data ? id : undefined);
  const definition = version.data?.definition as { name?: string; input?: unknown } | undefined;
  const timeline = useMemo(
    () =>
      instance.data ? buildTimeline(instance.data, timelineNames(me, definition, instance.data.people)) : [],
    [instance.data, me, definition],
  );
  const rows = instance.data
    ? detailRows(fieldsOf(definition?.input), instance.data.input, instance.data.people)
    : [];
  const name = definition?.name ?? instance.data?.workflowId ?? 'Request';
  const [withdrawn, setWithdrawn] = useState(false);
  const note = useRef<HTMLDivElement>(null);
  // The button just pressed is gone with the dialog: focus goes to what happened instead.
  useEffect(() => {
    if (withdrawn) note.current?.focus();
  }, [withdrawn]);

  return (
    <main className="page page--narrow">
      <title>{`${name} · Flowline`}</title>
      <Link to="/requests" className="portal__back">
        <ArrowLeft size={16} aria-hidden="true" />
        <span>All requests</span>
      </Link>
      {instance.isPending && <Loading label="Loading the request…" />}
      {instance.isError && <Alert>{sentenceOf(instance.error)}</Alert>}
      {instance.data && (
        <>
          {search.get('sent') === '1' && instance.data.status === 'running' && (
            <Alert tone="info">Your request was sent. This page follows it as it moves on.</Alert>
          )}
          <div role="status" ref={note} tabIndex={-1} className="portal__note" data-testid="request-note">
            {withdrawn && (
              <Alert tone="info">You withdrew this request. Nobody is asked to act on it any more.</Alert>
            )}
          </div>
          <div className="page__header">
            <div>
              <h1 className="page__title">{name}</h1>
              <p className="page__subtitle">
                Sent {formatTime(instance.data.createdAt)} ·{' '}
                <span className="mono">{shortRunId(instance.data.id)}</span>
              </p>
            </div>
            <Badge tone={STATUS_TONES[instance.data.status]}>{STATUS_LABELS[instance.data.status]}</Badge>
          </div>
          <WithdrawRequest
            id={instance.data.id}
            name={name}
            offered={mayWithdraw(instance.data, me)}
            onWithdrawn={() => setWithdrawn(true)}
          />
          <section className="card portal__panel" aria-labelledby="details-title">
            <h2 className="portal__heading" id="details-title">
              What you asked for
            </h2>
            <dl className="details">
              {rows.map((row) => (
                <div key={row.key} className="details__row">
                  <dt>{row.label}</dt>
                  <dd>{row.value}</dd>
                </div>
              ))}
            </dl>
          </section>
          <section className="card portal__panel" aria-labelledby="timeline-title">
            <h2 className="portal__heading" id="timeline-title">
              Progress
            </h2>
            <Timeline entries={timeline} label="Progress of the request" />
          </section>
        </>
      )}
    </main>
  );
}

import { FileText, Inbox as InboxIcon, Send } from 'lucide-react';
import { Link } from 'react-router';
import { sentenceOf } from '../app/apiErrors';
import { useCan, useMe } from '../auth/session';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Loading } from '../ui/Loading';
import { relativeTime } from '../workflows/workflowSummary';
import { STATUS_LABELS, STATUS_TONES } from './timeline';
import { useMyRequests, useRequestForms } from './usePortal';
import { shortRunId } from '../runs/runView';
import './portal.css';

/** The request portal: what one may ask for, and what one has asked for. */
export function PortalPage() {
  const me = useMe();
  const canStart = useCan('instances:start');
  const forms = useRequestForms(canStart);
  const mine = useMyRequests(me.id);
  const requests = mine.data?.pages.flatMap((page) => page.items);
  const names = new Map(forms.data?.items.map((f) => [f.workflowId, f.name]));
  const now = Date.now();

  return (
    <main className="page">
      <title>Requests · Flowline</title>
      <div className="page__header">
        <div>
          <h1 className="page__title">Requests</h1>
          <p className="page__subtitle">Ask for what you need, and follow where your requests stand.</p>
        </div>
      </div>

      {canStart && (
        <section className="portal__section" aria-labelledby="catalogue-title">
          <h2 className="portal__heading" id="catalogue-title">
            Start a request
          </h2>
          {forms.isPending && <Loading label="Loading request forms…" />}
          {forms.isError && <Alert>{sentenceOf(forms.error)}</Alert>}
          {forms.data &&
            (forms.data.items.length === 0 ? (
              <div className="empty">
                <FileText size={32} aria-hidden="true" />
                <p className="empty__title">Nothing to request yet</p>
                <p>
                  Request forms appear here once a designer publishes a workflow that starts from a form you
                  may use.
                </p>
              </div>
            ) : (
              <ul className="catalogue">
                {forms.data.items.map((form) => (
                  <li key={form.workflowId} className="catalogue__item card">
                    <h3 className="catalogue__name">{form.name}</h3>
                    {form.description && <p className="catalogue__description">{form.description}</p>}
                    <Link
                      className="btn btn--primary catalogue__action"
                      to={`/requests/new/${encodeURIComponent(form.workflowId)}`}
                      aria-label={`Start: ${form.name}`}
                    >
                      <Send size={16} aria-hidden="true" />
                      <span>Start</span>
                    </Link>
                  </li>
                ))}
              </ul>
            ))}
        </section>
      )}

      <section className="portal__section" aria-labelledby="mine-title">
        <h2 className="portal__heading" id="mine-title">
          My requests
        </h2>
        {mine.isPending && <Loading label="Loading your requests…" />}
        {mine.isError && <Alert>{sentenceOf(mine.error)}</Alert>}
        {requests &&
          (requests.length === 0 ? (
            <div className="empty">
              <InboxIcon size={32} aria-hidden="true" />
              <p className="empty__title">You have not sent any requests</p>
              <p>
                {canStart
                  ? 'Choose a form above to send your first one; it will show up here with its progress.'
                  : 'Your role cannot start requests. Ask an administrator if you need to.'}
              </p>
            </div>
          ) : (
            <div className="card card--flush">
              <table className="table" data-testid="my-requests">
                <thead>
                  <tr>
                    <th scope="col">Request</th>
                    <th scope="col">Sent</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {requests.map((request) => (
                    <tr key={request.id}>
                      <td>
                        <Link className="table__primary" to={`/requests/${encodeURIComponent(request.id)}`}>
                          {names.get(request.workflowId) ?? request.workflowId}
                        </Link>
                        <span className="table__secondary mono">{shortRunId(request.id)}</span>
                      </td>
                      <td>
                        <time dateTime={new Date(request.createdAt).toISOString()}>
                          {relativeTime(request.createdAt, now)}
                        </time>
                      </td>
                      <td>
                        <Badge tone={STATUS_TONES[request.status]}>{STATUS_LABELS[request.status]}</Badge>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        {mine.hasNextPage && (
          <div className="page__more">
            <Button busy={mine.isFetchingNextPage} onClick={() => void mine.fetchNextPage()}>
              Show older requests
            </Button>
          </div>
        )}
      </section>
    </main>
  );
}

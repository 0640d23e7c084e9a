import { Blocks } from 'lucide-react';
import { sentenceOf } from '../app/apiErrors';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Loading } from '../ui/Loading';
import { Empty } from './shared';
import { useConnectors } from './useAdmin';

const CREDENTIAL_KINDS: Readonly<Record<string, string>> = {
  none: 'No credentials',
  apiKey: 'API key',
  bearer: 'Bearer token',
  basic: 'User name and password',
  oauth2ClientCredentials: 'OAuth 2.0 client credentials',
  custom: 'Own credentials',
};

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);

/** What is installed: each connector with its version, its credentials and its actions. */
export function ConnectorsTab() {
  const connectors = useConnectors();
  return (
    <section aria-labelledby="connectors-title">
      <div className="admin-section__header">
        <div>
          <h2 className="admin-section__title" id="connectors-title">
            Installed connectors
          </h2>
          <p className="page__subtitle">The systems workflows can call, and what each can do.</p>
        </div>
      </div>
      {connectors.isPending && <Loading label="Loading connectors…" />}
      {connectors.isError && <Alert>{sentenceOf(connectors.error)}</Alert>}
      {connectors.data?.length === 0 && (
        <Empty icon={<Blocks size={32} aria-hidden="true" />} title="No connectors installed">
          The runtime was started without connectors; see the README on adding them.
        </Empty>
      )}
      <div className="connector-list">
        {connectors.data?.map((connector) => (
          <article
            key={connector.id}
            className="card connector"
            aria-labelledby={`connector-${connector.id}`}
          >
            <header className="connector__header">
              <h3 className="connector__title" id={`connector-${connector.id}`}>
                {connector.title}
              </h3>
              <Badge tone="info">Version {connector.version}</Badge>
              <span className="mono muted">{connector.id}</span>
            </header>
            {connector.description && <p className="connector__description">{connector.description}</p>}
            <p className="connector__credentials">
              <span className="muted">Credentials: </span>
              {CREDENTIAL_KINDS[connector.credentials.kind] ?? connector.credentials.kind}
              {connector.credentials.describe ? ` · ${connector.credentials.describe}` : ''}
            </p>
            <table className="table connector__actions">
              <caption className="visually-hidden">Actions of {connector.title}</caption>
              <thead>
                <tr>
                  <th scope="col">Action</th>
                  <th scope="col">What it does</th>
                  <th scope="col">Time limit</th>
                </tr>
              </thead>
              <tbody>
                {connector.actions.map((action) => (
                  <tr key={action.id}>
                    <td>
                      <span className="table__primary">{action.title}</span>
                      <span className="table__secondary mono">{action.id}</span>
                    </td>
                    <td>{action.description}</td>
                    <td>{seconds(action.timeoutMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </article>
        ))}
      </div>
    </section>
  );
}

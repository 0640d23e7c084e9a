import { CircleCheck, CircleX, Pencil, Plug, PlugZap, Plus, Trash2 } from 'lucide-react';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { api, read } from '../app/apiClient';
import { ApiError, sentenceOf } from '../app/apiErrors';
import { objectFields } from '../model/forms/schemaToFields';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Loading } from '../ui/Loading';
import { TextField } from '../ui/TextField';
import { Modal } from '../ui/Modal';
import {
  blankRequiredFields,
  connectionBody,
  dateTime,
  declaredSettings,
  problemsByPath,
  secretKeysOf,
  testFailureText,
} from './adminModel';
import { ConnectionFields } from './ConnectionFields';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Empty } from './shared';
import {
  ADMIN_KEYS,
  useAdminMutation,
  useConnection,
  useConnections,
  useConnectors,
  type ConnectionListed,
  type ConnectorEntry,
} from './useAdmin';

type Json = Record<string, unknown>;
type TestResult = Awaited<ReturnType<typeof testConnection>>;

const testConnection = (id: string) =>
  read(api.POST('/api/connections/{id}/test', { params: { path: { id } } }));

type Dialog =
  { kind: 'create' } | { kind: 'edit'; id: string } | { kind: 'delete'; connection: ConnectionListed };

/** Named credentials and settings per connector: secrets go in and are never shown again. */
export function ConnectionsTab() {
  const connections = useConnections();
  const connectors = useConnectors();
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const [results, setResults] = useState<Record<string, TestResult | 'testing' | { error: string }>>({});
  const close = () => setDialog(undefined);
  const titleOf = (connectorId: string) =>
    connectors.data?.find((c) => c.id === connectorId)?.title ?? connectorId;

  const test = async (id: string) => {
    setResults((r) => ({ ...r, [id]: 'testing' }));
    try {
      const result = await testConnection(id);
      setResults((r) => ({ ...r, [id]: result }));
    } catch (error) {
      setResults((r) => ({ ...r, [id]: { error: sentenceOf(error) } }));
    }
  };

  return (
    <section aria-labelledby="connections-title">
      <div className="admin-section__header">
        <div>
          <h2 className="admin-section__title" id="connections-title">
            Connections
          </h2>
          <p className="page__subtitle">
            How connectors reach other systems: settings and credentials, encrypted at rest. Tasks name a
            connection; one named “default” is used when they name none.
          </p>
        </div>
        <Button
          variant="primary"
          icon={<Plus size={16} aria-hidden="true" />}
          onClick={() => setDialog({ kind: 'create' })}
          disabled={!connectors.data}
        >
          New connection
        </Button>
      </div>
      {connections.isPending && <Loading label="Loading connections…" />}
      {connections.isError && <Alert>{sentenceOf(connections.error)}</Alert>}
      {connections.data?.length === 0 && (
        <Empty icon={<Plug size={32} aria-hidden="true" />} title="No connections yet">
          Create one for each system your workflows call (ServiceNow, Jira, e-mail…), then test it here.
        </Empty>
      )}
      {connections.data && connections.data.length > 0 && (
        <div className="card card--flush">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Connector</th>
                <th scope="col">Changed</th>
                <th scope="col">Test</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {connections.data.map((connection) => {
                const id = connection.id ?? '';
                return (
                  <tr
                    key={id || `${connection.connectorId}/${connection.name}`}
                    data-testid={`connection-${connection.name}`}
                  >
                    <td>
                      <span className="table__primary mono">{connection.name}</span>
                    </td>
                    <td>
                      {titleOf(connection.connectorId)}
                      <span className="table__secondary mono">{connection.connectorId}</span>
                    </td>
                    <td>{dateTime(connection.updatedAt)}</td>
                    <td className="connection-test" aria-live="polite">
                      <TestOutcome result={results[id]} />
                    </td>
                    <td className="admin-actions">
                      <Button
                        variant="ghost"
                        icon={<PlugZap size={16} aria-hidden="true" />}
                        aria-label={`Test ${connection.name}`}
                        busy={results[id] === 'testing'}
                        onClick={() => void test(id)}
                      >
                        Test
                      </Button>
                      <Button
                        variant="ghost"
                        icon={<Pencil size={16} aria-hidden="true" />}
                        aria-label={`Edit ${connection.name}`}
                        onClick={() => setDialog({ kind: 'edit', id })}
                      >
                        Edit
                      </Button>
                      <Button
                        variant="ghost"
                        icon={<Trash2 size={16} aria-hidden="true" />}
                        aria-label={`Delete ${connection.name}`}
                        onClick={() => setDialog({ kind: 'delete', connection })}
                      >
                        Delete
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {dialog?.kind === 'create' && connectors.data && (
        <ConnectionDialog connectors={connectors.data} onClose={close} />
      )}
      {dialog?.kind === 'edit' && connectors.data && (
        <EditConnectionDialog id={dialog.id} connectors={connectors.data} onClose={close} />
      )}
      {dialog?.kind === 'delete' && <DeleteConnectionDialog connection={dialog.connection} onClose={close} />}
    </section>
  );
}

function TestOutcome({ result }: { result: TestResult | 'testing' | { error: string } | undefined }) {
  if (result === undefined) return <span className="muted">Not tested</span>;
  if (result === 'testing') return <span className="muted">Testing…</span>;
  if ('error' in result) return <span className="connection-test__failed">{result.error}</span>;
  if (result.ok)
    return (
      <span className="connection-test__ok">
        <CircleCheck size={16} aria-hidden="true" />
        {result.checked
          ? `Works (${Math.round(result.ms)} ms)`
          : 'Values valid (this connector has no check)'}
      </span>
    );
  return (
    <span className="connection-test__failed">
      <CircleX size={16} aria-hidden="true" />
      <span>{testFailureText(result.message, result.retryable)}</span>
    </span>
  );
}

function EditConnectionDialog({
  id,
  connectors,
  onClose,
}: {
  id: string;
  connectors: readonly ConnectorEntry[];
  onClose: () => void;
}) {
  const detail = useConnection(id);
  if (detail.isPending)
    return (
      <Modal title="Edit connection" onClose={onClose}>
        <Loading label="Loading the connection…" />
      </Modal>
    );
  if (detail.isError)
    return (
      <Modal title="Edit connection" onClose={onClose}>
        <Alert>{sentenceOf(detail.error)}</Alert>
        <div className="dialog__actions">
          <Button onClick={onClose}>Close</Button>
        </div>
      </Modal>
    );
  return <ConnectionDialog connectors={connectors} existing={detail.data} onClose={onClose} />;
}

interface Existing {
  readonly name: string;
  readonly connectorId: string;
  readonly settings?: unknown;
  readonly storedCredentials: readonly string[];
}

/**
 * New connection (connector, name, credentials, settings) or edit one: the connector and name stay,
 * the settings are filled in, every credential starts blank (stored ones are kept unless retyped).
 */
function ConnectionDialog({
  connectors,
  existing,
  onClose,
}: {
  connectors: readonly ConnectorEntry[];
  existing?: Existing;
  onClose: () => void;
}) {
  const connectorPick = useId();
  const [connectorId, setConnectorId] = useState(existing?.connectorId ?? connectors[0]?.id ?? '');
  const [name, setName] = useState(existing?.name ?? 'default');
  const [credentials, setCredentials] = useState<Json>({});
  const [settings, setSettings] = useState<Json>(() =>
    declaredSettings(existing?.settings, connectors.find((c) => c.id === existing?.connectorId)?.settings),
  );
  const [formErrors, setFormErrors] = useState<Map<string, string>>(new Map());
  const connector = connectors.find((c) => c.id === connectorId);
  const credentialFields = useMemo(() => objectFields(connector?.credentials.schema), [connector]);
  const settingFields = useMemo(() => objectFields(connector?.settings), [connector]);
  const secrets = useMemo(() => secretKeysOf(connector?.credentials.schema), [connector]);
  const stored = useMemo(() => new Set(existing?.storedCredentials ?? []), [existing]);

  const save = useAdminMutation(
    () =>
      read(
        api.PUT('/api/connections/{connectorId}/{name}', {
          params: { path: { connectorId, name } },
          body: connectionBody({ credentials, settings }, existing?.storedCredentials),
        }),
      ),
    [ADMIN_KEYS.connections],
  );
  const serverErrors =
    save.error instanceof ApiError ? problemsByPath(save.error.problem.fields) : new Map<string, string>();
  const errors = new Map([...serverErrors, ...formErrors]);
  const nameError = errors.get('name');
  const placed = [...errors.keys()].some(
    (p) => p === 'name' || p.startsWith('credentials.') || p.startsWith('settings.'),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const blank = new Map([
      ...blankRequiredFields(credentialFields, credentials, 'credentials', stored),
      ...blankRequiredFields(settingFields, settings, 'settings'),
    ]);
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) blank.set('name', 'Use 1–64 letters, digits, _ . or -');
    setFormErrors(blank);
    if (blank.size > 0) return;
    save.mutate(undefined, { onSuccess: onClose });
  };

  return (
    <Modal
      title={existing ? `Edit ${existing.name}` : 'New connection'}
      intro={
        existing
          ? 'Secrets are never shown again: leave them blank to keep them, or type new ones.'
          : 'Secrets are encrypted when saved and never shown again.'
      }
      wide
      onClose={onClose}
    >
      <form className="form" onSubmit={submit} noValidate>
        {save.isError && !placed && <Alert>{sentenceOf(save.error)}</Alert>}
        {save.isError && placed && <Alert>Some fields need attention: see below.</Alert>}
        <div className="connection-form__head">
          <div className="field">
            <label className="field__label" htmlFor={connectorPick}>
              Connector
            </label>
            <select
              id={connectorPick}
              className="field__input"
              value={connectorId}
              disabled={existing !== undefined}
              onChange={(e) => {
                setConnectorId(e.target.value);
                setCredentials({});
                setSettings({});
                setFormErrors(new Map());
                save.reset();
              }}
            >
              {connectors.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          </div>
          <TextField
            label="Name"
            required
            maxLength={64}
            value={name}
            readOnly={existing !== undefined}
            error={nameError}
            help={
              existing
                ? 'Tasks name the connection by it.'
                : 'Tasks name the connection by it; “default” is used when they name none.'
            }
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        {connector?.description && <p className="muted">{connector.description}</p>}
        <fieldset className="connection-group">
          <legend className="connection-group__title">Credentials</legend>
          {connector?.credentials.describe && <p className="field__help">{connector.credentials.describe}</p>}
          {credentialFields.length === 0 ? (
            <p className="muted">This connector needs no credentials.</p>
          ) : (
            <ConnectionFields
              fields={credentialFields}
              value={credentials}
              onChange={setCredentials}
              path="credentials"
              errors={errors}
              secrets={secrets}
              stored={stored}
            />
          )}
        </fieldset>
        <fieldset className="connection-group">
          <legend className="connection-group__title">Settings</legend>
          {settingFields.length === 0 ? (
            <p className="muted">This connector has no settings.</p>
          ) : (
            <ConnectionFields
              fields={settingFields}
              value={settings}
              onChange={setSettings}
              path="settings"
              errors={errors}
            />
          )}
        </fieldset>
        <div className="dialog__actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={save.isPending} disabled={!connector}>
            {existing ? 'Save' : 'Create connection'}
          </Button>
        </div>
      </form>
    </Modal>
  );
}

function DeleteConnectionDialog({
  connection,
  onClose,
}: {
  connection: ConnectionListed;
  onClose: () => void;
}) {
  const remove = useAdminMutation(
    () => read(api.DELETE('/api/connections/{id}', { params: { path: { id: connection.id ?? '' } } })),
    [ADMIN_KEYS.connections],
  );
  return (
    <ConfirmDialog
      title={`Delete the connection ${connection.name}?`}
      confirm="Delete connection"
      danger
      busy={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate(undefined, { onSuccess: onClose })}
      onClose={onClose}
    >
      Tasks that name “{connection.name}” for {connection.connectorId} fail until a connection of that name
      exists again. Its credentials are gone for good.
    </ConfirmDialog>
  );
}

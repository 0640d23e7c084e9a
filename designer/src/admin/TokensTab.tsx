import { KeyRound, Plus, Trash2 } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { api, read } from '../app/apiClient';
import { fieldMessage, sentenceOf } from '../app/apiErrors';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Loading } from '../ui/Loading';
import { TextField } from '../ui/TextField';
import { Modal } from '../ui/Modal';
import { dateTime, type RoleName } from './adminModel';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Empty, OneTimeSecret, RolePicker } from './shared';
import { ADMIN_KEYS, useAdminMutation, useAllTokens, useTokens, type ApiToken } from './useAdmin';

/** The signed-in admin's API tokens (for scripts and integrations): the secret is shown once. */
export function TokensTab() {
  const tokens = useTokens();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | undefined>();
  return (
    <section aria-labelledby="tokens-title">
      <div className="admin-section__header">
        <div>
          <h2 className="admin-section__title" id="tokens-title">
            API tokens
          </h2>
          <p className="page__subtitle">
            Your tokens for scripts and integrations (sent as <code>Authorization: Bearer …</code>). A token
            acts as you, with at most your roles.
          </p>
        </div>
        <Button
          variant="primary"
          icon={<Plus size={16} aria-hidden="true" />}
          onClick={() => setCreating(true)}
        >
          New token
        </Button>
      </div>
      {tokens.isPending && <Loading label="Loading tokens…" />}
      {tokens.isError && <Alert>{sentenceOf(tokens.error)}</Alert>}
      {tokens.data?.length === 0 && (
        <Empty icon={<KeyRound size={32} aria-hidden="true" />} title="No API tokens">
          Create one for a script or an integration; you see its secret once, when it is created.
        </Empty>
      )}
      {tokens.data && tokens.data.length > 0 && (
        <div className="card card--flush">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Roles</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((token) => (
                <tr key={token.id} data-testid={`token-${token.name}`}>
                  <td>
                    <span className="table__primary">{token.name}</span>
                  </td>
                  <td>
                    <span className="badges">
                      {token.roles.map((role) => (
                        <Badge key={role}>{role}</Badge>
                      ))}
                    </span>
                  </td>
                  <td>{dateTime(token.createdAt)}</td>
                  <td>{dateTime(token.lastUsedAt)}</td>
                  <td className="admin-actions">
                    <Button
                      variant="ghost"
                      icon={<Trash2 size={16} aria-hidden="true" />}
                      aria-label={`Revoke ${token.name}`}
                      onClick={() => setRevoking(token)}
                    >
                      Revoke
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {creating && <NewTokenDialog onClose={() => setCreating(false)} />}
      {revoking && <RevokeDialog token={revoking} onClose={() => setRevoking(undefined)} />}
      <EveryonesTokens />
    </section>
  );
}

/** Every user's tokens, for an admin to review and revoke (a leaked one, a departed colleague's). */
function EveryonesTokens() {
  const tokens = useAllTokens();
  const [revoking, setRevoking] = useState<{ id: string; name: string; owner: string } | undefined>();
  return (
    <section aria-labelledby="all-tokens-title" className="admin-subsection">
      <h3 className="admin-subsection__title" id="all-tokens-title">
        Everyone’s tokens
      </h3>
      <p className="page__subtitle">Each user’s tokens: revoke one that leaked or is no longer needed.</p>
      {tokens.isPending && <Loading label="Loading everyone’s tokens…" />}
      {tokens.isError && <Alert>{sentenceOf(tokens.error)}</Alert>}
      {tokens.data?.length === 0 && <p className="muted">Nobody has an API token.</p>}
      {tokens.data && tokens.data.length > 0 && (
        <div className="card card--flush">
          <table className="table" data-testid="all-tokens">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Owner</th>
                <th scope="col">Roles</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((token) => (
                <tr key={token.id}>
                  <td>
                    <span className="table__primary">{token.name}</span>
                  </td>
                  <td>
                    <span className="table__primary">{token.user.name}</span>
                    <span className="table__secondary">
                      {token.user.email}
                      {token.user.disabled ? ' · deactivated' : ''}
                    </span>
                  </td>
                  <td>
                    <span className="badges">
                      {token.roles.map((role) => (
                        <Badge key={role}>{role}</Badge>
                      ))}
                    </span>
                  </td>
                  <td>{dateTime(token.lastUsedAt)}</td>
                  <td className="admin-actions">
                    <Button
                      variant="ghost"
                      icon={<Trash2 size={16} aria-hidden="true" />}
                      aria-label={`Revoke ${token.name} of ${token.user.name}`}
                      onClick={() => setRevoking({ id: token.id, name: token.name, owner: token.user.name })}
                    >
                      Revoke
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoking && <RevokeAnyDialog token={revoking} onClose={() => setRevoking(undefined)} />}
    </section>
  );
}

function RevokeAnyDialog({
  token,
  onClose,
}: {
  token: { id: string; name: string; owner: string };
  onClose: () => void;
}) {
  const revoke = useAdminMutation(
    () => read(api.DELETE('/api/admin/tokens/{id}', { params: { path: { id: token.id } } })),
    [ADMIN_KEYS.tokens],
  );
  return (
    <ConfirmDialog
      title={`Revoke ${token.owner}’s token ${token.name}?`}
      confirm="Revoke token"
      danger
      busy={revoke.isPending}
      error={revoke.error}
      onConfirm={() => revoke.mutate(undefined, { onSuccess: onClose })}
      onClose={onClose}
    >
      Whatever uses it is refused from its next request. This cannot be undone.
    </ConfirmDialog>
  );
}

function NewTokenDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<RoleName[]>([]);
  const create = useAdminMutation(
    (body: { name: string; roles: RoleName[] }) => read(api.POST('/api/tokens', { body })),
    [ADMIN_KEYS.tokens],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name: name.trim(), roles });
  };
  if (create.data)
    return (
      <Modal title="Token created" wide onClose={onClose}>
        <OneTimeSecret
          label={`The token “${create.data.name}”`}
          value={create.data.token}
          note="Copy it now and keep it in a secret store: it is not shown again. If it is lost, revoke it and create another."
        />
        <div className="dialog__actions">
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        </div>
      </Modal>
    );
  const nameError = fieldMessage(create.error, 'name');
  const rolesError = fieldMessage(create.error, 'roles');
  return (
    <Modal title="New API token" intro="Give it the fewest roles the script needs." onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        {create.isError && !nameError && !rolesError && <Alert>{sentenceOf(create.error)}</Alert>}
        <TextField
          label="Name"
          autoFocus
          required
          maxLength={100}
          value={name}
          error={nameError}
          placeholder="CMDB sync"
          help="What uses it, so you know what breaks when you revoke it."
          onChange={(e) => setName(e.target.value)}
        />
        <RolePicker value={roles} onChange={setRoles} error={rolesError} />
        <div className="dialog__actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            variant="primary"
            busy={create.isPending}
            disabled={!name.trim() || roles.length === 0}
          >
            Create token
          </Button>
        </div>
      </form>
    </Modal>
  );
}

function RevokeDialog({ token, onClose }: { token: ApiToken; onClose: () => void }) {
  const revoke = useAdminMutation(
    () => read(api.DELETE('/api/tokens/{id}', { params: { path: { id: token.id } } })),
    [ADMIN_KEYS.tokens],
  );
  return (
    <ConfirmDialog
      title={`Revoke the token ${token.name}?`}
      confirm="Revoke token"
      danger
      busy={revoke.isPending}
      error={revoke.error}
      onConfirm={() => revoke.mutate(undefined, { onSuccess: onClose })}
      onClose={onClose}
    >
      Whatever uses it is refused from its next request. This cannot be undone.
    </ConfirmDialog>
  );
}

import { KeyRound, Pencil, Plane, Plus, UserCheck, UserX, Users } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { api, read } from '../app/apiClient';
import { fieldMessage, listFieldMessage, sentenceOf } from '../app/apiErrors';
import { useMe } from '../auth/session';
import { AwayDialog } from '../away/AwayDialog';
import { awaySummary } from '../away/awayModel';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Loading } from '../ui/Loading';
import { TextField } from '../ui/TextField';
import { Modal } from '../ui/Modal';
import { oneTimePassword, ROLE_CHOICES, type RoleName } from './adminModel';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Empty, GroupPicker, OneTimeSecret, RolePicker } from './shared';
import { ADMIN_KEYS, useAdminMutation, useGroups, useUsers, type User } from './useAdmin';

const roleLabel = (role: string) => ROLE_CHOICES.find((r) => r.value === role)?.label ?? role;

type Dialog =
  | { kind: 'invite' }
  | { kind: 'edit'; user: User }
  | { kind: 'reset'; user: User }
  | { kind: 'deactivate'; user: User }
  | { kind: 'away'; user: User };

export function UsersTab() {
  const users = useUsers();
  const groups = useGroups();
  const me = useMe();
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const close = () => setDialog(undefined);
  const groupName = (id: string) => groups.data?.find((g) => g.id === id)?.name ?? id;

  return (
    <section aria-labelledby="users-title">
      <div className="admin-section__header">
        <div>
          <h2 className="admin-section__title" id="users-title">
            Users
          </h2>
          <p className="page__subtitle">Who may sign in, with which roles and in which groups.</p>
        </div>
        <Button
          variant="primary"
          icon={<Plus size={16} aria-hidden="true" />}
          onClick={() => setDialog({ kind: 'invite' })}
        >
          Invite user
        </Button>
      </div>
      {users.isPending && <Loading label="Loading users…" />}
      {users.isError && <Alert>{sentenceOf(users.error)}</Alert>}
      {users.data?.length === 0 && (
        <Empty icon={<Users size={32} aria-hidden="true" />} title="No users yet">
          Invite the people who draw, approve and request.
        </Empty>
      )}
      {users.data && users.data.length > 0 && (
        <div className="card card--flush">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Roles</th>
                <th scope="col">Groups</th>
                <th scope="col">Status</th>
                {/* One column per action, so each lines up from row to row ("You" holds the third). */}
                <th scope="col" colSpan={4}>
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.id} data-testid={`user-${user.email}`}>
                  <td>
                    <span className="table__primary">{user.name}</span>
                    <span className="table__secondary">{user.email}</span>
                  </td>
                  <td>
                    <span className="badges">
                      {user.roles.map((role) => (
                        <Badge key={role} tone={role === 'admin' ? 'info' : 'neutral'}>
                          {roleLabel(role)}
                        </Badge>
                      ))}
                    </span>
                  </td>
                  <td>
                    {user.groups.length === 0 ? (
                      <span className="muted">None</span>
                    ) : (
                      user.groups.map(groupName).join(', ')
                    )}
                  </td>
                  <td>
                    {user.disabled ? (
                      <Badge tone="danger">Deactivated</Badge>
                    ) : user.mustChangePassword ? (
                      <Badge tone="warning">Password to choose</Badge>
                    ) : (
                      <Badge tone="success">Active</Badge>
                    )}
                    <AwayNote user={user} />
                  </td>
                  <td className="admin-actions admin-actions--column">
                    <Button
                      variant="ghost"
                      icon={<Pencil size={16} aria-hidden="true" />}
                      aria-label={`Edit ${user.name}`}
                      title={`Edit ${user.name}`}
                      onClick={() => setDialog({ kind: 'edit', user })}
                    >
                      Edit
                    </Button>
                  </td>
                  <td className="admin-actions admin-actions--column">
                    <Button
                      variant="ghost"
                      icon={<Plane size={16} aria-hidden="true" />}
                      aria-label={`Away setting of ${user.name}`}
                      title={`Away setting of ${user.name}`}
                      onClick={() => setDialog({ kind: 'away', user })}
                    >
                      Away
                    </Button>
                  </td>
                  <td className="admin-actions admin-actions--column">
                    <Button
                      variant="ghost"
                      icon={<KeyRound size={16} aria-hidden="true" />}
                      aria-label={`Reset password of ${user.name}`}
                      title={`Reset password of ${user.name}`}
                      onClick={() => setDialog({ kind: 'reset', user })}
                    >
                      Reset password
                    </Button>
                  </td>
                  <td className="admin-actions admin-actions--column">
                    {user.id === me.id && (
                      <span className="admin-actions__note muted" title="Another admin can deactivate you">
                        You
                      </span>
                    )}
                    {user.id !== me.id && (
                      <Button
                        variant="ghost"
                        icon={
                          user.disabled ? (
                            <UserCheck size={16} aria-hidden="true" />
                          ) : (
                            <UserX size={16} aria-hidden="true" />
                          )
                        }
                        aria-label={`${user.disabled ? 'Reactivate' : 'Deactivate'} ${user.name}`}
                        title={`${user.disabled ? 'Reactivate' : 'Deactivate'} ${user.name}`}
                        onClick={() => setDialog({ kind: 'deactivate', user })}
                      >
                        {user.disabled ? 'Reactivate' : 'Deactivate'}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dialog?.kind === 'invite' && <InviteDialog groups={groups.data ?? []} onClose={close} />}
      {dialog?.kind === 'edit' && (
        <EditUserDialog user={dialog.user} groups={groups.data ?? []} onClose={close} />
      )}
      {dialog?.kind === 'reset' && <ResetPasswordDialog user={dialog.user} onClose={close} />}
      {dialog?.kind === 'deactivate' && <DeactivateDialog user={dialog.user} onClose={close} />}
      {dialog?.kind === 'away' && (
        <AwayDialog
          userId={dialog.user.id}
          name={dialog.user.name}
          current={shownAway(dialog.user)}
          onClose={close}
        />
      )}
    </section>
  );
}

/**
 * Name, e-mail, roles and groups; the runtime takes a first password, so the app makes a
 * one-time one, shows it once, and the user must choose their own when they first sign in.
 */
function InviteDialog({
  groups,
  onClose,
}: {
  groups: readonly { id: string; name: string }[];
  onClose: () => void;
}) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  // The least a new colleague needs: send requests and follow them. Add more when they need it.
  const [roles, setRoles] = useState<RoleName[]>(['requester']);
  const [memberOf, setMemberOf] = useState<string[]>([]);
  const invite = useAdminMutation(
    async (body: { name: string; email: string; roles: RoleName[]; groups: string[] }) => {
      const password = oneTimePassword();
      const user = await read(
        api.POST('/api/users', { body: { ...body, password, mustChangePassword: true } }),
      );
      return { user, password };
    },
    [ADMIN_KEYS.users, ADMIN_KEYS.groups],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate({ name: name.trim(), email: email.trim(), roles, groups: memberOf });
  };
  if (invite.data)
    return (
      <Modal title="User invited" onClose={onClose}>
        <p>
          {invite.data.user.name} can sign in as <strong>{invite.data.user.email}</strong> with this one-time
          password, and then chooses their own.
        </p>
        <OneTimeSecret
          label="One-time password"
          value={invite.data.password}
          note="Give it to them in person or over a channel you trust. It is not shown again: if it is lost, reset the password."
        />
        <div className="dialog__actions">
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        </div>
      </Modal>
    );
  const nameError = fieldMessage(invite.error, 'name');
  const emailError = fieldMessage(invite.error, 'email');
  const rolesError = fieldMessage(invite.error, 'roles');
  const groupsError = listFieldMessage(invite.error, 'groups');
  return (
    <Modal
      title="Invite user"
      intro="They get a one-time password and choose their own when they first sign in."
      onClose={onClose}
    >
      <form className="form" onSubmit={submit} noValidate>
        {invite.isError && !nameError && !emailError && !rolesError && !groupsError && (
          <Alert>{sentenceOf(invite.error)}</Alert>
        )}
        <TextField
          label="Name"
          autoFocus
          required
          maxLength={200}
          value={name}
          error={nameError}
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          label="E-mail"
          type="email"
          required
          maxLength={320}
          value={email}
          error={emailError}
          onChange={(e) => setEmail(e.target.value)}
        />
        <RolePicker value={roles} onChange={setRoles} error={rolesError} />
        <GroupPicker groups={groups} value={memberOf} onChange={setMemberOf} error={groupsError} />
        <div className="dialog__actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            variant="primary"
            busy={invite.isPending}
            disabled={!name.trim() || !email.trim() || roles.length === 0}
          >
            Invite
          </Button>
        </div>
      </form>
    </Modal>
  );
}

function EditUserDialog({
  user,
  groups,
  onClose,
}: {
  user: User;
  groups: readonly { id: string; name: string }[];
  onClose: () => void;
}) {
  const [name, setName] = useState(user.name);
  const [roles, setRoles] = useState<RoleName[]>(user.roles);
  const [memberOf, setMemberOf] = useState<string[]>(user.groups);
  const save = useAdminMutation(
    (body: { name: string; roles: RoleName[]; groups: string[] }) =>
      read(api.PATCH('/api/users/{id}', { params: { path: { id: user.id } }, body })),
    [ADMIN_KEYS.users, ADMIN_KEYS.groups],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ name: name.trim(), roles, groups: memberOf }, { onSuccess: onClose });
  };
  const nameError = fieldMessage(save.error, 'name');
  const rolesError = fieldMessage(save.error, 'roles');
  const groupsError = listFieldMessage(save.error, 'groups');
  const me = useMe();
  return (
    <Modal title={`Edit ${user.name}`} intro="Changes take effect on their next request." onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        {user.id === me.id && (
          <Alert tone="info">
            This is you: you cannot remove your own Admin role or deactivate yourself. Another admin can.
          </Alert>
        )}
        {save.isError && !nameError && !rolesError && !groupsError && <Alert>{sentenceOf(save.error)}</Alert>}
        <TextField
          label="Name"
          required
          maxLength={200}
          value={name}
          error={nameError}
          onChange={(e) => setName(e.target.value)}
        />
        <RolePicker value={roles} onChange={setRoles} error={rolesError} />
        <GroupPicker groups={groups} value={memberOf} onChange={setMemberOf} error={groupsError} />
        <div className="dialog__actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            variant="primary"
            busy={save.isPending}
            disabled={!name.trim() || roles.length === 0}
          >
            Save
          </Button>
        </div>
      </form>
    </Modal>
  );
}

function ResetPasswordDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const reset = useAdminMutation(async () => {
    const password = oneTimePassword();
    await read(
      api.PUT('/api/users/{id}/password', {
        params: { path: { id: user.id } },
        body: { password, mustChange: true },
      }),
    );
    return password;
  }, [ADMIN_KEYS.users]);
  if (reset.data)
    return (
      <Modal title="Password reset" onClose={onClose}>
        <p>
          {user.name} is signed out everywhere and their API tokens are revoked. They sign in with this
          one-time password and then choose their own.
        </p>
        <OneTimeSecret
          label="One-time password"
          value={reset.data}
          note="It is not shown again: if it is lost, reset the password once more."
        />
        <div className="dialog__actions">
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        </div>
      </Modal>
    );
  return (
    <ConfirmDialog
      title={`Reset the password of ${user.name}?`}
      confirm="Reset password"
      danger
      busy={reset.isPending}
      error={reset.error}
      onConfirm={() => reset.mutate(undefined)}
      onClose={onClose}
    >
      They are signed out everywhere, their API tokens are revoked, and they get a one-time password to choose
      a new one with.
    </ConfirmDialog>
  );
}

function DeactivateDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const disabled = !user.disabled;
  const change = useAdminMutation(
    () => read(api.PATCH('/api/users/{id}', { params: { path: { id: user.id } }, body: { disabled } })),
    [ADMIN_KEYS.users],
  );
  return (
    <ConfirmDialog
      title={`${disabled ? 'Deactivate' : 'Reactivate'} ${user.name}?`}
      confirm={disabled ? 'Deactivate' : 'Reactivate'}
      danger={disabled}
      busy={change.isPending}
      error={change.error}
      onConfirm={() => change.mutate(undefined, { onSuccess: onClose })}
      onClose={onClose}
    >
      {disabled
        ? 'They are signed out at once and cannot sign in; their API tokens stop working. Their history and decisions stay.'
        : 'They can sign in again with their password. Sessions ended by the deactivation stay ended.'}
    </ConfirmDialog>
  );
}

/** The user's away setting while it holds or lies ahead (an ended one is history). */
const shownAway = (user: User) => (user.away && user.away.until > Date.now() ? user.away : undefined);

/** Under the status: away until when, and to whom new tasks go. */
function AwayNote({ user }: { user: User }) {
  const away = shownAway(user);
  if (!away) return null;
  return (
    <span className="table__secondary" data-testid="user-away">
      {awaySummary(away, Date.now())}
    </span>
  );
}

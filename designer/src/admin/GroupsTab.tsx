import { Pencil, Plus, Trash2, UserMinus, UserPlus, UsersRound } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { api, read } from '../app/apiClient';
import { fieldMessage, sentenceOf } from '../app/apiErrors';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Loading } from '../ui/Loading';
import { TextField } from '../ui/TextField';
import { Modal } from '../ui/Modal';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Empty } from './shared';
import { ADMIN_KEYS, useAdminMutation, useGroup, useGroups, useUsers, type GroupListItem } from './useAdmin';

type Dialog =
  | { kind: 'create' }
  | { kind: 'rename'; group: GroupListItem }
  | { kind: 'members'; group: GroupListItem }
  | { kind: 'delete'; group: GroupListItem };

/** `Service desk (EMEA)` → `service-desk-emea`: what definitions will name. */
const idFromName = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);

export function GroupsTab() {
  const groups = useGroups();
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const close = () => setDialog(undefined);
  return (
    <section aria-labelledby="groups-title">
      <div className="admin-section__header">
        <div>
          <h2 className="admin-section__title" id="groups-title">
            Groups
          </h2>
          <p className="page__subtitle">Teams that approvals are assigned to and that may start workflows.</p>
        </div>
        <Button
          variant="primary"
          icon={<Plus size={16} aria-hidden="true" />}
          onClick={() => setDialog({ kind: 'create' })}
        >
          New group
        </Button>
      </div>
      {groups.isPending && <Loading label="Loading groups…" />}
      {groups.isError && <Alert>{sentenceOf(groups.error)}</Alert>}
      {groups.data?.length === 0 && (
        <Empty icon={<UsersRound size={32} aria-hidden="true" />} title="No groups yet">
          Create a group (a team such as the service desk), add its members, then assign approvals to it in
          the editor.
        </Empty>
      )}
      {groups.data && groups.data.length > 0 && (
        <div className="card card--flush">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Description</th>
                <th scope="col">Members</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {groups.data.map((group) => (
                <tr key={group.id} data-testid={`group-${group.id}`}>
                  <td>
                    <span className="table__primary">{group.name}</span>
                    <span className="table__secondary mono">{group.id}</span>
                  </td>
                  <td>{group.description || <span className="muted">None</span>}</td>
                  <td>{group.memberCount}</td>
                  <td className="admin-actions">
                    <Button
                      variant="ghost"
                      icon={<UsersRound size={16} aria-hidden="true" />}
                      aria-label={`Members of ${group.name}`}
                      onClick={() => setDialog({ kind: 'members', group })}
                    >
                      Members
                    </Button>
                    <Button
                      variant="ghost"
                      icon={<Pencil size={16} aria-hidden="true" />}
                      aria-label={`Rename ${group.name}`}
                      onClick={() => setDialog({ kind: 'rename', group })}
                    >
                      Rename
                    </Button>
                    <Button
                      variant="ghost"
                      icon={<Trash2 size={16} aria-hidden="true" />}
                      aria-label={`Delete ${group.name}`}
                      onClick={() => setDialog({ kind: 'delete', group })}
                    >
                      Delete
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dialog?.kind === 'create' && <GroupDialog onClose={close} />}
      {dialog?.kind === 'rename' && <GroupDialog group={dialog.group} onClose={close} />}
      {dialog?.kind === 'members' && <MembersDialog group={dialog.group} onClose={close} />}
      {dialog?.kind === 'delete' && <DeleteGroupDialog group={dialog.group} onClose={close} />}
    </section>
  );
}

/** New group (name, id following the name until edited, description), or rename one (the id stays). */
function GroupDialog({ group, onClose }: { group?: GroupListItem; onClose: () => void }) {
  const [name, setName] = useState(group?.name ?? '');
  const [id, setId] = useState<string | undefined>(undefined);
  const [description, setDescription] = useState(group?.description ?? '');
  const effectiveId = group?.id ?? id ?? idFromName(name);
  const save = useAdminMutation(
    (body: { id: string; name: string; description: string }) =>
      group
        ? read(
            api.PATCH('/api/groups/{id}', {
              params: { path: { id: group.id } },
              body: { name: body.name, description: body.description },
            }),
          )
        : read(api.POST('/api/groups', { body })),
    [ADMIN_KEYS.groups],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { id: effectiveId, name: name.trim(), description: description.trim() },
      { onSuccess: onClose },
    );
  };
  const idError = fieldMessage(save.error, 'id');
  const nameError = fieldMessage(save.error, 'name');
  const descriptionError = fieldMessage(save.error, 'description');
  return (
    <Modal title={group ? `Rename ${group.name}` : 'New group'} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        {save.isError && !idError && !nameError && !descriptionError && (
          <Alert>{sentenceOf(save.error)}</Alert>
        )}
        <TextField
          label="Name"
          autoFocus
          required
          maxLength={200}
          value={name}
          error={nameError}
          placeholder="Service desk"
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          label="Id"
          required
          maxLength={100}
          value={effectiveId}
          readOnly={group !== undefined}
          error={idError}
          className="mono-input"
          help={
            group
              ? 'The id cannot change: workflow definitions name it.'
              : 'Letters, digits, _ . and -. Workflow definitions name the group by it; it cannot change later.'
          }
          onChange={(e) => setId(e.target.value)}
        />
        <TextField
          label="Description"
          maxLength={2000}
          value={description}
          error={descriptionError}
          onChange={(e) => setDescription(e.target.value)}
        />
        <div className="dialog__actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            variant="primary"
            busy={save.isPending}
            disabled={!name.trim() || !effectiveId}
          >
            {group ? 'Save' : 'Create group'}
          </Button>
        </div>
      </form>
    </Modal>
  );
}

function MembersDialog({ group, onClose }: { group: GroupListItem; onClose: () => void }) {
  const detail = useGroup(group.id);
  const users = useUsers();
  const pickId = useId();
  const [adding, setAdding] = useState('');
  const invalidates = [ADMIN_KEYS.group(group.id), ADMIN_KEYS.groups, ADMIN_KEYS.users];
  const add = useAdminMutation(
    (userId: string) =>
      read(api.PUT('/api/groups/{id}/members/{userId}', { params: { path: { id: group.id, userId } } })),
    invalidates,
  );
  const remove = useAdminMutation(
    (userId: string) =>
      read(api.DELETE('/api/groups/{id}/members/{userId}', { params: { path: { id: group.id, userId } } })),
    invalidates,
  );
  const members = detail.data?.members ?? [];
  const userOf = (id: string) => users.data?.find((u) => u.id === id);
  const others = (users.data ?? []).filter((u) => !members.includes(u.id) && !u.disabled);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (adding) add.mutate(adding, { onSuccess: () => setAdding('') });
  };
  const error = add.error ?? remove.error;
  return (
    <Modal
      title={`Members of ${group.name}`}
      intro="Changes take effect on each member's next request."
      onClose={onClose}
    >
      {(detail.isPending || users.isPending) && <Loading label="Loading members…" />}
      {detail.isError && <Alert>{sentenceOf(detail.error)}</Alert>}
      {error ? <Alert>{sentenceOf(error)}</Alert> : null}
      {detail.data && members.length === 0 && <p className="muted">No members yet: add the first below.</p>}
      {members.length > 0 && (
        <ul className="member-list" aria-label="Members">
          {members.map((id) => {
            const user = userOf(id);
            return (
              <li key={id} className="member-list__item">
                <span>
                  <span className="table__primary">{user?.name ?? id}</span>
                  {user && <span className="table__secondary">{user.email}</span>}
                </span>
                <Button
                  variant="ghost"
                  icon={<UserMinus size={16} aria-hidden="true" />}
                  aria-label={`Remove ${user?.name ?? id} from ${group.name}`}
                  busy={remove.isPending && remove.variables === id}
                  onClick={() => remove.mutate(id)}
                >
                  Remove
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      <form className="member-add" onSubmit={submit}>
        <div className="field">
          <label className="field__label" htmlFor={pickId}>
            Add a member
          </label>
          <select
            id={pickId}
            className="field__input"
            value={adding}
            onChange={(e) => setAdding(e.target.value)}
          >
            <option value="">Choose a user…</option>
            {others.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name} ({user.email})
              </option>
            ))}
          </select>
        </div>
        <Button
          type="submit"
          icon={<UserPlus size={16} aria-hidden="true" />}
          busy={add.isPending}
          disabled={!adding}
        >
          Add
        </Button>
      </form>
      <div className="dialog__actions">
        <Button variant="primary" onClick={onClose}>
          Done
        </Button>
      </div>
    </Modal>
  );
}

function DeleteGroupDialog({ group, onClose }: { group: GroupListItem; onClose: () => void }) {
  const remove = useAdminMutation(
    () => read(api.DELETE('/api/groups/{id}', { params: { path: { id: group.id } } })),
    [ADMIN_KEYS.groups, ADMIN_KEYS.users],
  );
  return (
    <ConfirmDialog
      title={`Delete the group ${group.name}?`}
      confirm="Delete group"
      danger
      busy={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate(undefined, { onSuccess: onClose })}
      onClose={onClose}
    >
      Its {group.memberCount} member{group.memberCount === 1 ? '' : 's'} leave it. Workflows that assign
      approvals to “{group.id}” will have nobody to assign them to.
    </ConfirmDialog>
  );
}

import { useState } from 'react';
import { useCan } from '../auth/session';
import { PersonPicker } from '../people/PersonPicker';

/**
 * The runs list's "Started by": a person picked by name or e-mail from the people directory (the
 * request forms' picker), shown by name; the filter itself (URL, API) keeps their user id.
 * Clearing the field clears the filter. Whoever may not search the directory (a viewer) types
 * a user id, as before.
 */
export function StartedByFilter({
  id,
  value,
  nameOf,
  onChange,
}: {
  id: string;
  /** The user id filtered on. */
  value: string | undefined;
  /** The name of a user id, when known (the runs' answer, the signed-in user). */
  nameOf: (userId: string) => string | undefined;
  onChange: (userId: string | undefined) => void;
}) {
  const canSearch = useCanSearchPeople();
  // The picker keeps what is typed in it; it starts over (from the name) only when the filter
  // changes from elsewhere (Mine, Clear, the URL), never under the user's hands after a pick.
  const [picked, setPicked] = useState<{ id: string; name: string }>();
  const [seen, setSeen] = useState(value);
  const [epoch, setEpoch] = useState(0);
  // Text typed but not picked: left behind, the field shows the filter again.
  const [typed, setTyped] = useState(false);
  if (value !== seen) {
    setSeen(value);
    if (value !== picked?.id) setEpoch((e) => e + 1);
  }
  if (!canSearch) return <UserIdInput id={id} value={value} onChange={onChange} />;
  const name = value === undefined ? '' : value === picked?.id ? picked.name : nameOf(value);
  // Opened from a URL, the name arrives with the runs: the field then starts over with it.
  const key = `${epoch}${name === undefined ? ':id' : ''}`;
  return (
    <div
      className="runs-filters__person"
      onBlur={() => {
        if (!typed) return;
        setTyped(false);
        setEpoch((e) => e + 1);
      }}
    >
      <PersonPicker
        key={key}
        input={{ id }}
        value={name ?? value ?? ''}
        valueOf={(person) => person.id}
        onChange={(text) => {
          if (text !== '') setTyped(true);
          else {
            setTyped(false);
            if (value !== undefined) onChange(undefined);
          }
        }}
        onPick={(person) => {
          setTyped(false);
          setPicked({ id: person.id, name: person.name });
          onChange(person.id);
        }}
      />
    </div>
  );
}

/** GET /api/people answers those with a form or task that names people (runtime PICKERS). */
function useCanSearchPeople(): boolean {
  const start = useCan('instances:start');
  const decide = useCan('tasks:decide');
  const design = useCan('definitions:write');
  const admin = useCan('users:admin');
  return start || decide || design || admin;
}

/** A user id typed in, applied on Enter (the form's submit) or on leaving the field. */
function UserIdInput({
  id,
  value,
  onChange,
}: {
  id: string;
  value: string | undefined;
  onChange: (userId: string | undefined) => void;
}) {
  const [text, setText] = useState(value ?? '');
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    setText(value ?? '');
  }
  const apply = () => {
    const next = text.trim();
    if (next !== (value ?? '')) onChange(next === '' ? undefined : next);
  };
  return (
    <input
      id={id}
      className="field__input"
      placeholder="User id"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={apply}
      onKeyDown={(e) => {
        if (e.key === 'Enter') apply();
      }}
    />
  );
}

import { Check, Copy, ShieldAlert } from 'lucide-react';
import { useId, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Button } from '../ui/Button';
import { ROLE_CHOICES, type RoleName } from './adminModel';

/** What someone without the admin role sees at /admin: a sentence and a way back. */
export function NotAllowedPage() {
  return (
    <main className="page page--narrow">
      <title>Not allowed · Flowline</title>
      <div className="admin-denied">
        <ShieldAlert size={32} aria-hidden="true" />
        <h1 className="page__title">You are not allowed to administer Flowline</h1>
        <p>
          Administration (users, groups, API tokens and connections) is for the admin role. Ask an
          administrator if you need a change there.
        </p>
        <p>
          <Link to="/workflows">Go to the workflows</Link>
        </p>
      </div>
    </main>
  );
}

/**
 * A secret shown this once (a token, a one-time password): selectable text with a copy button,
 * and the sentence that it will not be shown again.
 */
export function OneTimeSecret({ label, value, note }: { label: string; value: string; note: ReactNode }) {
  const id = useId();
  const [copied, setCopied] = useState<'yes' | 'failed' | undefined>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div className="one-time" data-testid="one-time-secret">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <div className="one-time__row">
        <input
          id={id}
          className="field__input mono one-time__value"
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button
          onClick={() => void copy()}
          icon={
            copied === 'yes' ? <Check size={16} aria-hidden="true" /> : <Copy size={16} aria-hidden="true" />
          }
        >
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </Button>
      </div>
      <p className="field__help" role="status">
        {copied === 'failed' ? 'The browser did not allow copying: select the text and copy it. ' : ''}
        {note}
      </p>
    </div>
  );
}

/** Role checkboxes: each role with what it may do. */
export function RolePicker({
  value,
  onChange,
  error,
  legend = 'Roles',
}: {
  value: readonly RoleName[];
  onChange: (roles: RoleName[]) => void;
  error?: string | undefined;
  legend?: string;
}) {
  const errorId = useId();
  return (
    <fieldset className="choices" aria-describedby={error ? errorId : undefined}>
      <legend className="field__label">{legend}</legend>
      {ROLE_CHOICES.map((role) => (
        <label key={role.value} className="choice">
          <input
            type="checkbox"
            checked={value.includes(role.value)}
            onChange={(e) =>
              onChange(
                e.target.checked
                  ? ROLE_CHOICES.map((r) => r.value).filter((r) => r === role.value || value.includes(r))
                  : value.filter((r) => r !== role.value),
              )
            }
          />
          <span>
            <span className="choice__name">{role.label}</span>
            <span className="choice__help">{role.help}</span>
          </span>
        </label>
      ))}
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** Group checkboxes (by name, with the id definitions use). */
export function GroupPicker({
  groups,
  value,
  onChange,
  error,
}: {
  groups: readonly { id: string; name: string }[];
  value: readonly string[];
  onChange: (groups: string[]) => void;
  error?: string | undefined;
}) {
  const errorId = useId();
  return (
    <fieldset className="choices" aria-describedby={error ? errorId : undefined}>
      <legend className="field__label">Groups</legend>
      {groups.length === 0 && <p className="field__help">No groups yet: create them on the Groups tab.</p>}
      {groups.map((group) => (
        <label key={group.id} className="choice">
          <input
            type="checkbox"
            checked={value.includes(group.id)}
            onChange={(e) =>
              onChange(e.target.checked ? [...value, group.id] : value.filter((g) => g !== group.id))
            }
          />
          <span>
            <span className="choice__name">{group.name}</span>
            <span className="choice__help mono">{group.id}</span>
          </span>
        </label>
      ))}
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** The list's empty state: what is missing and what to do next. */
export function Empty({ icon, title, children }: { icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <div className="empty">
      {icon}
      <p className="empty__title">{title}</p>
      <p>{children}</p>
    </div>
  );
}

import { useState, type FormEvent } from 'react';
import { fieldMessage, sentenceOf } from '../app/apiErrors';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { TextField } from '../ui/TextField';
import { AuthCard } from './AuthCard';
import { useChangePassword, useMe, useSignOut } from './session';

/**
 * Shown instead of everything else while the server says the password must change (the first
 * admin's one-time password, an admin's reset): the API opens nothing else until it has.
 */
export function ChangePasswordPage() {
  const me = useMe();
  const change = useChangePassword(me.email);
  const signOut = useSignOut();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const mismatch = repeat !== '' && next !== repeat;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mismatch || !current || !next) return;
    change.mutate({ current, next });
  };
  const currentError = fieldMessage(change.error, 'current');
  const nextError = fieldMessage(change.error, 'next');

  return (
    <AuthCard
      title="Choose your password"
      intro={
        <>
          You signed in as <strong>{me.email}</strong> with a password someone else chose. Choose your own
          before you continue: at least 12 characters; a few unrelated words work well.
        </>
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        {change.isError && !currentError && !nextError && <Alert>{sentenceOf(change.error)}</Alert>}
        <TextField
          label="Current password"
          type="password"
          name="current"
          autoComplete="current-password"
          required
          autoFocus
          value={current}
          error={currentError}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <TextField
          label="New password"
          type="password"
          name="new"
          autoComplete="new-password"
          required
          minLength={12}
          value={next}
          error={nextError}
          onChange={(e) => setNext(e.target.value)}
        />
        <TextField
          label="Repeat the new password"
          type="password"
          name="repeat"
          autoComplete="new-password"
          required
          value={repeat}
          error={mismatch ? 'The two new passwords differ.' : undefined}
          onChange={(e) => setRepeat(e.target.value)}
        />
        <Button
          type="submit"
          variant="primary"
          busy={change.isPending}
          disabled={!current || !next || next !== repeat}
        >
          {change.isPending ? 'Saving…' : 'Save and continue'}
        </Button>
        <Button variant="ghost" onClick={() => signOut.mutate()}>
          Sign out
        </Button>
      </form>
    </AuthCard>
  );
}

import { useState, type FormEvent } from 'react';
import { fieldMessage, sentenceOf } from '../app/apiErrors';
import { PersonField } from '../people/PersonField';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Modal } from '../ui/Modal';
import { TextField } from '../ui/TextField';
import { awayRules, dateInputValue, endOfDay, lastDayOf, startOfDay } from './awayModel';
import { useAway, type Away } from './useAway';
import './away.css';

/**
 * Sets the away setting: the delegate (from the people picker), the last day away, optionally the
 * first, and a short note. `userId` set: an admin's setting for that user (`name`).
 */
export function AwayDialog({
  current,
  userId,
  name,
  onClose,
}: {
  current?: Away | undefined;
  userId?: string;
  name?: string;
  onClose: () => void;
}) {
  const { save, clear } = useAway(userId);
  // By e-mail, as the picker gives it (the API takes either); shown as the picker shows a person.
  const [delegate, setDelegate] = useState(current ? current.delegateEmail || current.delegate : '');
  const [lastDay, setLastDay] = useState(current ? lastDayOf(current.until) : '');
  const [firstDay, setFirstDay] = useState(current?.from !== undefined ? dateInputValue(current.from) : '');
  const [note, setNote] = useState(current?.note ?? '');
  const until = endOfDay(lastDay);
  const from = startOfDay(firstDay);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (until === undefined) return;
    save.mutate(
      {
        delegate: delegate.trim(),
        until,
        ...(from !== undefined ? { from } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      },
      { onSuccess: onClose },
    );
  };
  const errors = {
    delegate: fieldMessage(save.error, 'delegate'),
    until: fieldMessage(save.error, 'until'),
    from: fieldMessage(save.error, 'from'),
    note: fieldMessage(save.error, 'note'),
  };
  const anyField = Object.values(errors).some(Boolean);
  return (
    <Modal
      title={userId === undefined ? 'I’m away' : `${name ?? 'User'} is away`}
      intro={awayRules(userId === undefined ? undefined : name)}
      onClose={onClose}
    >
      <form className="form" onSubmit={submit} noValidate data-testid="away-form">
        {save.isError && !anyField && <Alert>{sentenceOf(save.error)}</Alert>}
        {clear.isError && <Alert>{sentenceOf(clear.error)}</Alert>}
        <PersonField
          label="Delegate"
          help="Who takes new tasks meanwhile. They must be allowed to decide tasks."
          value={delegate}
          onChange={setDelegate}
          error={errors.delegate}
          initialText={
            current?.delegateEmail ? `${current.delegateName} <${current.delegateEmail}>` : undefined
          }
        />
        <div className="away__dates">
          <TextField
            label="First day away (optional)"
            type="date"
            value={firstDay}
            error={errors.from}
            onChange={(e) => setFirstDay(e.target.value)}
          />
          <TextField
            label="Last day away"
            type="date"
            required
            value={lastDay}
            error={errors.until}
            help="Through the end of that day; at most a year ahead."
            onChange={(e) => setLastDay(e.target.value)}
          />
        </div>
        <TextField
          label="Note (optional)"
          maxLength={200}
          dir="auto"
          value={note}
          error={errors.note}
          help="Kept in the history of each task handed on, e.g. “Parental leave, back in March”."
          onChange={(e) => setNote(e.target.value)}
        />
        <div className="dialog__actions">
          {current && (
            <Button
              variant="ghost"
              className="away__clear"
              busy={clear.isPending}
              onClick={() => clear.mutate(undefined, { onSuccess: onClose })}
            >
              {userId === undefined ? 'I’m back: clear it' : 'Back: clear it'}
            </Button>
          )}
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            variant="primary"
            busy={save.isPending}
            disabled={delegate.trim() === '' || until === undefined}
          >
            Save
          </Button>
        </div>
      </form>
    </Modal>
  );
}

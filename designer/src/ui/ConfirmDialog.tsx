import type { FormEvent, ReactNode } from 'react';
import { ApiError, sentenceOf } from '../app/apiErrors';
import { Alert } from './Alert';
import { Button } from './Button';
import { Modal } from './Modal';

/** A yes/no question before something that cannot be undone; the server's refusal is shown in it. */
export function ConfirmDialog({
  title,
  children,
  confirm,
  danger = false,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirm: string;
  danger?: boolean;
  busy: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onConfirm();
  };
  return (
    <Modal title={title} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <div className="dialog__intro">{children}</div>
        {error instanceof ApiError || error instanceof Error ? <Alert>{sentenceOf(error)}</Alert> : null}
        <div className="dialog__actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant={danger ? 'danger' : 'primary'} busy={busy}>
            {confirm}
          </Button>
        </div>
      </form>
    </Modal>
  );
}

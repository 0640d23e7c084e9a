import type { FormEvent, ReactNode } from 'react';
import { ApiError, sentenceOf } from '../app/apiErrors';
import { Alert } from './Alert';
import { Button } from './Button';
import { Modal } from './Modal';

/** A yes/no question before something that cannot be undone; the server's refusal is shown in it. */
export function ConfirmDialog({
  title,
  children,
  fields,
  confirm,
  dismiss = 'Cancel',
  danger = false,
  busy,
  error,
  describeError = sentenceOf,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  /** Inputs that go with the answer (a reason), between the question and the buttons. */
  fields?: ReactNode;
  confirm: string;
  /** The button that backs out; name it after what stays ("Keep it running") when "Cancel" would mislead. */
  dismiss?: string;
  danger?: boolean;
  busy: boolean;
  error: unknown;
  /** The refusal in the words of the screen asking (the API's sentence by default). */
  describeError?: (error: unknown) => string;
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
        {fields}
        {error instanceof ApiError || error instanceof Error ? <Alert>{describeError(error)}</Alert> : null}
        <div className="dialog__actions">
          <Button onClick={onClose}>{dismiss}</Button>
          <Button type="submit" variant={danger ? 'danger' : 'primary'} busy={busy}>
            {confirm}
          </Button>
        </div>
      </form>
    </Modal>
  );
}

import { useId, useState, type ReactNode } from 'react';
import { fieldMessage } from '../app/apiErrors';
import { ConfirmDialog } from './ConfirmDialog';

/**
 * A confirmation that takes an optional reason, kept in the history (cancelling a run,
 * withdrawing a request). The reason goes to `onConfirm` trimmed, empty when none was given.
 */
export function ReasonDialog({
  title,
  children,
  reasonLabel = 'Reason (optional, kept in the history)',
  required = false,
  confirm,
  dismiss,
  busy,
  error,
  describeError,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  reasonLabel?: string;
  /** The reason must be given (cancelling many runs at once: each run's history says why). */
  required?: boolean;
  confirm: string;
  dismiss: string;
  busy: boolean;
  error: unknown;
  describeError?: (error: unknown) => string;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const id = useId();
  // The API's message about the reason itself (control characters) goes beside the field.
  const problem = fieldMessage(error, 'reason');
  return (
    <ConfirmDialog
      title={title}
      confirm={confirm}
      dismiss={dismiss}
      danger
      busy={busy}
      error={error}
      {...(describeError ? { describeError } : {})}
      onConfirm={() => onConfirm(reason.trim())}
      onClose={onClose}
      fields={
        <div className={problem ? 'field field--invalid' : 'field'}>
          <label className="field__label" htmlFor={id}>
            {reasonLabel}
          </label>
          <textarea
            id={id}
            className="field__input"
            dir="auto"
            rows={3}
            // The API's limit (2,000 characters), so nothing typed is refused for its length.
            maxLength={2000}
            required={required}
            value={reason}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-error` : undefined}
            onChange={(event) => setReason(event.target.value)}
          />
          {problem && (
            <p className="field__error" id={`${id}-error`}>
              {problem}
            </p>
          )}
        </div>
      }
    >
      {children}
    </ConfirmDialog>
  );
}

import { useId } from 'react';
import { PersonPicker } from './PersonPicker';

/** A labelled people picker with its help and error (as ui/TextField); the value is an e-mail. */
export function PersonField({
  label,
  help,
  value,
  onChange,
  error,
  initialText,
}: {
  label: string;
  help?: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  /** What the picker shows at first for a value set before. */
  initialText?: string | undefined;
}) {
  const id = useId();
  const helpId = help ? `${id}-help` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={['field', error ? 'field--invalid' : ''].filter(Boolean).join(' ')}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <PersonPicker
        input={{
          id,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': [helpId, errorId].filter(Boolean).join(' ') || undefined,
        }}
        value={value}
        onChange={onChange}
        valueOf={(person) => person.email}
        initialText={initialText}
      />
      {help && (
        <p className="field__help" id={helpId}>
          {help}
        </p>
      )}
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

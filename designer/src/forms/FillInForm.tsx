import { useId } from 'react';
import { PersonPicker } from '../people/PersonPicker';
import type { DraftValue, FormDraft, FormField } from './fillIn';
import './forms.css';

const INPUT_TYPES: Partial<Record<FormField['type'], string>> = {
  string: 'text',
  email: 'email',
  number: 'number',
  integer: 'number',
  date: 'date',
  datetime: 'datetime-local',
};

interface FillInFieldsProps {
  readonly fields: readonly FormField[];
  readonly draft: FormDraft;
  readonly onChange: (key: string, value: DraftValue) => void;
  /** The server's message per field key ('' for the form as a whole). */
  readonly errors?: Readonly<Record<string, string>>;
  readonly disabled?: boolean;
}

/**
 * The inputs of a runtime form (a request form, an approval's fields): a labelled control per
 * field with its help and, beside it, the server's message. Values are checked by the server
 * (the engine's validator), so the form sends what was typed and shows what comes back.
 */
export function FillInFields({ fields, draft, onChange, errors = {}, disabled }: FillInFieldsProps) {
  return (
    <div className="fill-in">
      {errors[''] && (
        <p className="field__error" role="alert">
          {errors['']}
        </p>
      )}
      {fields.map((field) => (
        <FillInField
          key={field.key}
          field={field}
          value={draft[field.key]}
          onChange={(value) => onChange(field.key, value)}
          error={errors[field.key]}
          disabled={disabled}
        />
      ))}
    </div>
  );
}

function FillInField({
  field,
  value,
  onChange,
  error,
  disabled,
}: {
  field: FormField;
  value: DraftValue | undefined;
  onChange: (value: DraftValue) => void;
  error: string | undefined;
  disabled: boolean | undefined;
}) {
  const id = useId();
  const helpId = field.help ? `${id}-help` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const described = [helpId, errorId].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: field.key,
    disabled,
    'aria-invalid': error ? true : undefined,
    'aria-required': field.required || undefined,
    'aria-describedby': described,
  } as const;
  const text = typeof value === 'string' ? value : '';

  let control;
  switch (field.type) {
    case 'text':
      control = (
        <textarea
          {...common}
          className="field__input fill-in__textarea"
          rows={4}
          value={text}
          maxLength={field.maxLength}
          onChange={(e) => onChange(e.target.value)}
        />
      );
      break;
    case 'boolean':
      control = (
        <input
          {...common}
          type="checkbox"
          className="fill-in__checkbox"
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
        />
      );
      break;
    case 'select':
      control = (
        <select {...common} className="field__input" value={text} onChange={(e) => onChange(e.target.value)}>
          <option value="">Choose…</option>
          {(field.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
      break;
    case 'multiselect': {
      const chosen = Array.isArray(value) ? value : [];
      control = (
        <div
          className="fill-in__choices"
          role="group"
          aria-labelledby={`${id}-label`}
          aria-describedby={described}
        >
          {(field.options ?? []).map((o) => (
            <label key={o.value} className="fill-in__choice">
              <input
                type="checkbox"
                disabled={disabled}
                checked={chosen.includes(o.value)}
                onChange={(e) =>
                  onChange(e.target.checked ? [...chosen, o.value] : chosen.filter((v) => v !== o.value))
                }
              />
              <span>{o.label}</span>
            </label>
          ))}
        </div>
      );
      break;
    }
    case 'string':
      // A person (format "user"): picked from the people directory, sent as their user id.
      if (field.format === 'user') {
        control = (
          <PersonPicker input={common} value={text} onChange={onChange} valueOf={(person) => person.id} />
        );
        break;
      }
      control = (
        <input
          {...common}
          type="text"
          className="field__input"
          value={text}
          maxLength={field.maxLength}
          onChange={(e) => onChange(e.target.value)}
        />
      );
      break;
    default:
      control = (
        <input
          {...common}
          type={INPUT_TYPES[field.type] ?? 'text'}
          className="field__input"
          value={text}
          step={field.type === 'number' ? 'any' : undefined}
          min={field.min}
          max={field.max}
          maxLength={field.maxLength}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }

  // The asterisk sits outside the label: the field's name is its label, "required" is said by aria-required.
  const star = field.required && (
    <span className="fill-in__required" aria-hidden="true">
      *
    </span>
  );
  return (
    <div
      className={['field', error ? 'field--invalid' : '', field.type === 'boolean' ? 'fill-in__row' : '']
        .filter(Boolean)
        .join(' ')}
    >
      <span className="fill-in__label-row">
        {field.type === 'multiselect' ? (
          <span className="field__label" id={`${id}-label`}>
            {field.label}
          </span>
        ) : (
          <label className="field__label" htmlFor={id}>
            {field.label}
          </label>
        )}
        {star}
      </span>
      {control}
      {field.help && (
        <p className="field__help" id={helpId}>
          {field.help}
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

import { useId, type ReactNode } from 'react';
import { initialValue, variantOf, variantValue, type FormField } from '../model/forms/schemaToFields';

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export interface ConnectionFieldsProps {
  readonly fields: readonly FormField[];
  readonly value: Json;
  readonly onChange: (value: Json) => void;
  /** Form path of these fields (`credentials`, `settings`, `settings.tls`): errors are looked up by it. */
  readonly path: string;
  readonly errors: ReadonlyMap<string, string>;
  /** Secret keys (write-only: a password input, never prefilled). */
  readonly secrets?: ReadonlySet<string>;
  /** Secret keys with a stored value: left blank, they stay as they are. */
  readonly stored?: ReadonlySet<string>;
}

/**
 * A small renderer for a connector's credential and settings schemas (through schemaToFields):
 * text, secret, number, yes/no, choice, nested object and variants; lists and free-form values as
 * JSON text. Each field's error (from the server or the form) sits under it.
 */
export function ConnectionFields({
  fields,
  value,
  onChange,
  path,
  errors,
  secrets,
  stored,
}: ConnectionFieldsProps) {
  return (
    <>
      {fields.map((field) => (
        <OneField
          key={field.key}
          field={field}
          value={value[field.key]}
          path={`${path}.${field.key}`}
          error={errors.get(`${path}.${field.key}`)}
          errors={errors}
          secret={secrets?.has(field.key) ?? false}
          {...(secrets ? { secrets } : {})}
          stored={stored?.has(field.key) ?? false}
          onChange={(next) => {
            const copy = { ...value };
            if (next === undefined) delete copy[field.key];
            else copy[field.key] = next;
            onChange(copy);
          }}
        />
      ))}
    </>
  );
}

function OneField({
  field,
  value,
  path,
  error,
  errors,
  secret,
  secrets,
  stored,
  onChange,
}: {
  secrets?: ReadonlySet<string>;
  field: FormField;
  value: unknown;
  path: string;
  error: string | undefined;
  errors: ReadonlyMap<string, string>;
  secret: boolean;
  stored: boolean;
  onChange: (value: unknown) => void;
}) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const storedNote = stored
    ? 'Stored: leave blank to keep it, or type a new value to replace it.'
    : undefined;
  const help = [storedNote, field.help].filter(Boolean).join(' ');
  const describedBy = [help ? helpId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const label = (
    <label className="field__label" htmlFor={id}>
      {field.label}
      {field.required && !stored && <span className="field__required"> (required)</span>}
    </label>
  );
  const below = (
    <>
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
    </>
  );
  const common = {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    'data-path': path,
  } as const;
  const className = ['field', error ? 'field--invalid' : ''].filter(Boolean).join(' ');

  switch (field.type) {
    case 'text':
    case 'expression':
    case 'duration':
      return (
        <div className={className}>
          {label}
          <input
            {...common}
            className="field__input"
            type={secret ? 'password' : 'text'}
            autoComplete={secret ? 'new-password' : 'off'}
            placeholder={stored ? '••••••• (stored)' : undefined}
            value={typeof value === 'string' ? value : ''}
            maxLength={field.type === 'text' ? field.maxLength : undefined}
            onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
          />
          {below}
        </div>
      );
    case 'number':
      return (
        <div className={className}>
          {label}
          <input
            {...common}
            className="field__input"
            type="number"
            min={field.min}
            max={field.max}
            step={field.integer ? 1 : 'any'}
            placeholder={field.default !== undefined ? String(field.default) : undefined}
            value={typeof value === 'number' ? value : ''}
            onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
          />
          {below}
        </div>
      );
    case 'boolean':
      return (
        <div className={className}>
          <label className="choice">
            <input
              {...common}
              type="checkbox"
              checked={typeof value === 'boolean' ? value : field.default === true}
              onChange={(e) => onChange(e.target.checked)}
            />
            <span className="choice__name">{field.label}</span>
          </label>
          {below}
        </div>
      );
    case 'choice':
      return (
        <div className={className}>
          {label}
          <select
            {...common}
            className="field__input"
            value={value === undefined ? '' : String(value)}
            onChange={(e) => {
              const option = field.options.find((o) => String(o.value) === e.target.value);
              onChange(option?.value);
            }}
          >
            {(!field.required || value === undefined) && (
              <option value="">
                {field.default !== undefined ? `Default (${String(field.default)})` : 'None'}
              </option>
            )}
            {field.options.map((option) => (
              <option key={String(option.value)} value={String(option.value)}>
                {option.label}
              </option>
            ))}
          </select>
          {below}
        </div>
      );
    case 'object':
      return (
        <fieldset className="connection-group">
          <legend className="field__label">{field.label}</legend>
          {field.help && <p className="field__help">{field.help}</p>}
          {error && <p className="field__error">{error}</p>}
          <ConnectionFields
            fields={field.fields}
            value={isRecord(value) ? value : {}}
            path={path}
            errors={errors}
            {...(secrets ? { secrets } : {})}
            onChange={(next) => onChange(Object.keys(next).length > 0 ? next : undefined)}
          />
        </fieldset>
      );
    case 'variants': {
      const variant = variantOf(field, value);
      return (
        <fieldset className="connection-group">
          <legend className="field__label">{field.label}</legend>
          <div className="field">
            <label className="field__label" htmlFor={id}>
              Kind
            </label>
            <select
              {...common}
              className="field__input"
              value={variant?.value ?? ''}
              onChange={(e) => onChange(variantValue(field, e.target.value))}
            >
              {field.variants.map((v) => (
                <option key={v.value} value={v.value}>
                  {v.label}
                </option>
              ))}
            </select>
            {below}
          </div>
          {variant && (
            <ConnectionFields
              fields={variant.fields}
              value={isRecord(value) ? value : {}}
              path={path}
              errors={errors}
              {...(secrets ? { secrets } : {})}
              onChange={(next) => onChange({ ...next, [field.discriminator]: variant.value })}
            />
          )}
        </fieldset>
      );
    }
    default:
      return (
        <JsonField
          field={field}
          value={value}
          common={common}
          label={label}
          below={below}
          className={className}
          onChange={onChange}
        />
      );
  }
}

/** Lists, maps and free-form values: JSON text, parsed as typed (kept as text while it does not parse). */
function JsonField({
  field,
  value,
  common,
  label,
  below,
  className,
  onChange,
}: {
  field: FormField;
  value: unknown;
  common: Record<string, unknown>;
  label: ReactNode;
  below: ReactNode;
  className: string;
  onChange: (value: unknown) => void;
}) {
  const text =
    value === undefined
      ? ''
      : typeof value === 'string' && field.type !== 'text'
        ? value
        : JSON.stringify(value, null, 2);
  return (
    <div className={className}>
      {label}
      <textarea
        {...common}
        className="field__input field__input--area mono"
        rows={3}
        placeholder={JSON.stringify(initialValue(field) ?? null)}
        value={text}
        onChange={(e) => {
          if (e.target.value.trim() === '') return onChange(undefined);
          try {
            onChange(JSON.parse(e.target.value));
          } catch {
            onChange(e.target.value);
          }
        }}
      />
      {below}
    </div>
  );
}

import { parseDuration } from '@flowline/engine';
import { createContext, useContext, useState, type ReactNode } from 'react';
import {
  durationWords,
  expressionMarks,
  problemsOfField,
  type FormField,
  type Path,
  type Problem,
  type ProblemIndex,
  type ExpressionPlace,
} from '../model';
import { ListField, MappingField, ObjectField, OptionalObjectField, VariantsField } from './CollectionFields';
import { ConnectionInput } from './ConnectionField';
import { DurationOrExpressionField } from './DurationOrExpressionField';
import { ExpressionEditor } from './ExpressionField';

/** What every field of one form shares: whose fields they are, how a change goes back, the problems. */
export interface FormContextValue {
  /** The node whose fields these are; undefined for the workflow's own settings. */
  readonly ownerId: string | undefined;
  /** Prefix of element ids (unique per form). */
  readonly idPrefix: string;
  readonly readOnly: boolean;
  readonly problems: ProblemIndex | undefined;
  /** A new value at a path; `typing` joins edits of one field into one undo entry. */
  readonly change: (path: Path, value: unknown, typing: boolean) => void;
  /** Where an expression at this path sits, for autocomplete (none: no scope to offer). */
  readonly placeAt: (path: Path) => ExpressionPlace | undefined;
}

export const FormContext = createContext<FormContextValue | undefined>(undefined);

export function useForm(): FormContextValue {
  const form = useContext(FormContext);
  if (!form) throw new Error('A field is used outside a form');
  return form;
}

export const fieldId = (prefix: string, path: Path): string => `${prefix}-${path.join('-')}`;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The fields of an object value, in the schema's order. */
export function SchemaFields({
  fields,
  value,
  path,
}: {
  fields: readonly FormField[];
  value: unknown;
  path: Path;
}) {
  const record = isRecord(value) ? value : {};
  return (
    <>
      {fields.map((field) => (
        <Field key={field.key} field={field} value={record[field.key]} path={[...path, field.key]} />
      ))}
    </>
  );
}

/** One field of any type. */
export function Field({ field, value, path }: { field: FormField; value: unknown; path: Path }) {
  switch (field.type) {
    case 'text':
      return <TextInputField field={field} value={value} path={path} />;
    case 'duration':
      return <DurationField field={field} value={value} path={path} />;
    case 'durationOrExpression':
      return <DurationOrExpressionField field={field} value={value} path={path} />;
    case 'number':
      return <NumberField field={field} value={value} path={path} />;
    case 'boolean':
      return <BooleanField field={field} value={value} path={path} />;
    case 'choice':
      return <ChoiceField field={field} value={value} path={path} />;
    case 'expression':
      return <ExpressionInputField field={field} value={value} path={path} />;
    case 'json':
      return <JsonField field={field} value={value} path={path} />;
    case 'mapping':
      return <MappingField field={field} value={value} path={path} />;
    case 'list':
      return <ListField field={field} value={value} path={path} />;
    case 'variants':
      return <VariantsField field={field} value={value} path={path} />;
    case 'object':
      return field.required || field.default !== undefined ? (
        <ObjectField field={field} value={value} path={path} />
      ) : (
        <OptionalObjectField field={field} value={value} path={path} />
      );
  }
}

/** The problems at a field, said under it (ids for aria-describedby). */
export function FieldProblems({ id, problems }: { id: string; problems: readonly Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="field__problems" id={id}>
      {problems.map((p) => (
        <li key={p.key} className={`field__problem field__problem--${p.severity}`}>
          {p.message}
        </li>
      ))}
    </ul>
  );
}

/** Label, control, help and problems of one field; `data-field` names it for focus requests. */
export function FieldShell({
  field,
  path,
  children,
  labelFor = true,
  extra,
  aside,
}: {
  field: FormField;
  path: Path;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
  labelFor?: boolean;
  extra?: ReactNode;
  /** Beside the label (a switch of how the field is given). */
  aside?: ReactNode;
}) {
  const form = useForm();
  const id = fieldId(form.idPrefix, path);
  const problems = problemsOfField(form.problems, form.ownerId, path);
  const helpId = field.help ? `${id}-help` : undefined;
  const problemsId = problems.length > 0 ? `${id}-problems` : undefined;
  const describedBy = [helpId, problemsId].filter(Boolean).join(' ') || undefined;
  const invalid = problems.some((p) => p.severity === 'error');
  const label = (
    <label className="field__label" htmlFor={labelFor ? id : undefined} id={`${id}-label`}>
      {field.label}
      {field.required && !form.readOnly && <span className="field__required"> (required)</span>}
    </label>
  );
  return (
    <div
      className={invalid ? 'field field--invalid' : 'field'}
      data-field={path.join('.')}
      // A field whose control is not a form element (the expression editor) takes focus itself
      // when Escape leaves its editor.
      tabIndex={labelFor ? undefined : -1}
    >
      {aside ? (
        <div className="field__head">
          {label}
          {aside}
        </div>
      ) : (
        label
      )}
      {children({ id, describedBy, invalid })}
      {extra}
      {field.help && (
        <p className="field__help" id={helpId}>
          {field.help}
        </p>
      )}
      {problemsId && <FieldProblems id={problemsId} problems={problems} />}
    </div>
  );
}

type Props<T extends FormField['type']> = {
  field: Extract<FormField, { type: T }>;
  value: unknown;
  path: Path;
};

const asText = (value: unknown): string => (typeof value === 'string' ? value : '');

/** An optional field left empty is removed; a required one keeps the empty text (validation says so). */
const emptied = (field: FormField, text: string): string | undefined =>
  text === '' && !field.required ? undefined : text;

function TextInputField({ field, value, path }: Props<'text'>) {
  const form = useForm();
  return (
    <FieldShell field={field} path={path}>
      {({ id, describedBy, invalid }) =>
        field.choices !== undefined ? (
          <NameChoice
            id={id}
            choices={field.choices}
            value={asText(value)}
            readOnly={form.readOnly}
            describedBy={describedBy}
            invalid={invalid}
            onChange={(next) => form.change(path, emptied(field, next), false)}
          />
        ) : field.connections !== undefined ? (
          <ConnectionInput
            id={id}
            connectorId={field.connections}
            value={asText(value)}
            readOnly={form.readOnly}
            describedBy={describedBy}
            invalid={invalid}
            onChange={(next) => form.change(path, emptied(field, next), true)}
          />
        ) : field.multiline ? (
          <textarea
            id={id}
            className="field__input field__textarea"
            value={asText(value)}
            readOnly={form.readOnly}
            maxLength={field.maxLength}
            rows={3}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={(e) => form.change(path, emptied(field, e.target.value), true)}
          />
        ) : (
          <input
            id={id}
            className="field__input"
            value={asText(value)}
            readOnly={form.readOnly}
            maxLength={field.maxLength}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={(e) => form.change(path, emptied(field, e.target.value), true)}
          />
        )
      }
    </FieldShell>
  );
}

/**
 * A name picked from those the workflow offers (the events its steps wait for). A name that is
 * not one of them stays shown, marked, so what the definition says is never hidden.
 */
function NameChoice({
  id,
  choices,
  value,
  readOnly,
  describedBy,
  invalid,
  onChange,
}: {
  id: string;
  choices: readonly string[];
  value: string;
  readOnly: boolean;
  describedBy: string | undefined;
  invalid: boolean;
  onChange: (next: string) => void;
}) {
  const stray = value !== '' && !choices.includes(value);
  return (
    <select
      id={id}
      className="field__input field__select mono"
      value={value}
      disabled={readOnly}
      aria-describedby={describedBy}
      aria-invalid={invalid || undefined}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="">{choices.length === 0 ? 'No step waits for an event yet' : '—'}</option>
      {stray && <option value={value}>{value} (no step waits for it)</option>}
      {choices.map((name) => (
        <option key={name} value={name}>
          {name}
        </option>
      ))}
    </select>
  );
}

/** ISO-8601 text, said in words beside it; `aside` goes beside the label. */
export function DurationField({
  field,
  value,
  path,
  aside,
}: {
  field: FormField;
  value: unknown;
  path: Path;
  aside?: ReactNode;
}) {
  const form = useForm();
  const text = asText(value);
  const ms = text ? parseDuration(text) : undefined;
  return (
    <FieldShell
      field={field}
      path={path}
      aside={aside}
      extra={ms !== undefined ? <span className="field__hint">{durationWords(ms)}</span> : undefined}
    >
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          className="field__input mono"
          value={text}
          placeholder="PT4H"
          spellCheck={false}
          readOnly={form.readOnly}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(e) => form.change(path, emptied(field, e.target.value.trim().toUpperCase()), true)}
        />
      )}
    </FieldShell>
  );
}

function NumberField({ field, value, path }: Props<'number'>) {
  const form = useForm();
  return (
    <FieldShell field={field} path={path}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type="number"
          className="field__input field__number"
          value={typeof value === 'number' ? value : ''}
          min={field.min}
          max={field.max}
          step={field.integer ? 1 : 'any'}
          readOnly={form.readOnly}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(e) =>
            form.change(path, e.target.value === '' ? undefined : Number(e.target.value), true)
          }
        />
      )}
    </FieldShell>
  );
}

function BooleanField({ field, value, path }: Props<'boolean'>) {
  const form = useForm();
  const id = fieldId(form.idPrefix, path);
  const checked = typeof value === 'boolean' ? value : field.default === true;
  const problems = problemsOfField(form.problems, form.ownerId, path);
  return (
    <div className="field field--check" data-field={path.join('.')}>
      <label className="check">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          disabled={form.readOnly}
          aria-describedby={field.help ? `${id}-help` : undefined}
          onChange={(e) => form.change(path, e.target.checked, false)}
        />
        <span className="field__label">{field.label}</span>
      </label>
      {field.help && (
        <p className="field__help" id={`${id}-help`}>
          {field.help}
        </p>
      )}
      <FieldProblems id={`${id}-problems`} problems={problems} />
    </div>
  );
}

function ChoiceField({ field, value, path }: Props<'choice'>) {
  const form = useForm();
  const current = value ?? field.default;
  const blank = !field.required && field.default === undefined;
  return (
    <FieldShell field={field} path={path}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          className="field__input field__select"
          value={current === undefined ? '' : String(current)}
          disabled={form.readOnly}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(e) => {
            const picked = field.options.find((o) => String(o.value) === e.target.value);
            form.change(path, picked?.value, false);
          }}
        >
          {blank && <option value="">—</option>}
          {field.options.map((o) => (
            <option key={String(o.value)} value={String(o.value)}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

export function ExpressionInputField({
  field,
  value,
  path,
  label,
  aside,
}: {
  field: FormField;
  value: unknown;
  path: Path;
  label?: string;
  aside?: ReactNode;
}) {
  const form = useForm();
  const text = asText(value);
  const problems = problemsOfField(form.problems, form.ownerId, path);
  const id = fieldId(form.idPrefix, path);
  const named = label ?? field.label;
  return (
    <FieldShell field={{ ...field, label: named }} path={path} labelFor={false} aside={aside}>
      {() => (
        <ExpressionEditor
          id={id}
          label={named}
          description={[field.help, ...problems.map((p) => p.message)].filter(Boolean).join('. ')}
          value={text}
          readOnly={form.readOnly}
          place={() => form.placeAt(path)}
          marks={expressionMarks(problems, text.length)}
          placeholder={form.readOnly ? '' : 'Type an expression, e.g. input.'}
          onChange={(next) => form.change(path, field.required ? next : next === '' ? undefined : next, true)}
          onLeave={() => document.getElementById(`${id}-label`)?.parentElement?.focus()}
        />
      )}
    </FieldShell>
  );
}

function JsonField({ field, value, path }: Props<'json'>) {
  const form = useForm();
  const shown = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  const [draft, setDraft] = useState<string | undefined>(undefined);
  return (
    <FieldShell field={field} path={path}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          className="field__input mono"
          value={draft ?? shown}
          readOnly={form.readOnly}
          spellCheck={false}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => {
            if (draft === undefined) return;
            setDraft(undefined);
            if (draft.trim() === '') return form.change(path, undefined, false);
            try {
              form.change(path, JSON.parse(draft) as unknown, false);
            } catch {
              form.change(path, draft, false); // plain text
            }
          }}
        />
      )}
    </FieldShell>
  );
}

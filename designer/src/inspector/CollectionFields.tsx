import { ArrowDown, ArrowUp, Plus, Trash2 } from 'lucide-react';
import { useLayoutEffect, useRef, useState } from 'react';
import {
  initialValue,
  movedItem,
  problemsOfField,
  variantOf,
  variantValue,
  withoutHelp,
  type FormField,
  type Path,
} from '../model';
import { ExpressionInputField, Field, FieldProblems, SchemaFields, fieldId, useForm } from './SchemaForm';

type Props<T extends FormField['type']> = {
  field: Extract<FormField, { type: T }>;
  value: unknown;
  path: Path;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A group of fields with a legend (a fieldset), its help and its own problems. */
function Group({
  field,
  path,
  legend,
  children,
  actions,
}: {
  field: FormField;
  path: Path;
  legend?: React.ReactNode;
  children: React.ReactNode;
  actions?: React.ReactNode;
}) {
  const form = useForm();
  const id = fieldId(form.idPrefix, path);
  const problems = problemsOfField(form.problems, form.ownerId, path);
  return (
    <fieldset
      className={problems.some((p) => p.severity === 'error') ? 'group group--invalid' : 'group'}
      data-field={path.join('.')}
      tabIndex={-1}
      aria-describedby={field.help ? `${id}-help` : undefined}
    >
      <legend className="group__legend">{legend ?? field.label}</legend>
      {field.help && (
        <p className="field__help" id={`${id}-help`}>
          {field.help}
        </p>
      )}
      <FieldProblems id={`${id}-problems`} problems={problems} />
      <div className="group__body">{children}</div>
      {actions}
    </fieldset>
  );
}

export function ObjectField({ field, value, path }: Props<'object'>) {
  return (
    <Group field={field} path={path}>
      <SchemaFields fields={field.fields} value={value} path={path} />
    </Group>
  );
}

/** An optional object (a deadline, reminders): a switch to have it, then its fields. */
export function OptionalObjectField({ field, value, path }: Props<'object'>) {
  const form = useForm();
  const id = fieldId(form.idPrefix, path);
  const present = isRecord(value);
  return (
    <div className="optional" data-field={path.join('.')}>
      <label className="check">
        <input
          id={`${id}-on`}
          type="checkbox"
          checked={present}
          disabled={form.readOnly}
          onChange={(e) =>
            form.change(
              path,
              e.target.checked ? initialValue({ ...field, required: true }) : undefined,
              false,
            )
          }
        />
        <span className="field__label">{field.label}</span>
      </label>
      {present ? (
        <Group
          field={withoutHelp(field)}
          path={path}
          legend={<span className="visually-hidden">{field.label}</span>}
        >
          <SchemaFields fields={field.fields} value={value} path={path} />
        </Group>
      ) : (
        field.help && <p className="field__help">{field.help}</p>
      )}
    </div>
  );
}

/** A union told apart by its `type`: a choice of variant, then that variant's fields. */
export function VariantsField({ field, value, path, legend }: Props<'variants'> & { legend?: string }) {
  const form = useForm();
  const variant = variantOf(field, value);
  const id = fieldId(form.idPrefix, [...path, field.discriminator]);
  const problems = problemsOfField(form.problems, form.ownerId, path);
  return (
    <div className="variants" data-field={path.join('.')}>
      <div className="field" data-field={[...path, field.discriminator].join('.')}>
        <label className="field__label" htmlFor={id}>
          {legend ?? field.label}
        </label>
        <select
          id={id}
          className="field__input field__select"
          value={variant?.value ?? ''}
          disabled={form.readOnly}
          aria-describedby={variant?.help ? `${id}-help` : undefined}
          onChange={(e) => form.change(path, variantValue(field, e.target.value), false)}
        >
          {field.variants.map((v) => (
            <option key={v.value} value={v.value}>
              {v.label}
            </option>
          ))}
        </select>
        {(variant?.help ?? field.help) && (
          <p className="field__help" id={`${id}-help`}>
            {variant?.help ?? field.help}
          </p>
        )}
        <FieldProblems id={`${id}-problems`} problems={problems} />
      </div>
      {variant && variant.fields.length > 0 && (
        <div className="variants__fields">
          <SchemaFields fields={variant.fields} value={value} path={path} />
        </div>
      )}
    </div>
  );
}

/**
 * A list (outcomes, conditions, approvers, form fields): one card per item, add, remove, and move
 * up or down (an approval's outcomes and a decision's conditions are the node's exits, top to
 * bottom; a form's fields are the order the requester sees). Each is one undoable change.
 */
export function ListField({ field, value, path }: Props<'list'>) {
  const form = useForm();
  const items = Array.isArray(value) ? (value as unknown[]) : [];
  const label = field.itemLabel;
  const title = label.charAt(0).toUpperCase() + label.slice(1);
  const group = useRef<HTMLDivElement>(null);
  // After a move, the keyboard stays on the moved item: its same button, or the other one when
  // that one is now disabled (moved to the top or the bottom).
  const [moved, setMoved] = useState<{ index: number; up: boolean } | undefined>(undefined);
  useLayoutEffect(() => {
    if (!moved) return;
    setMoved(undefined);
    const buttons = (up: boolean) =>
      group.current?.querySelector<HTMLButtonElement>(
        `[data-move="${up ? 'up' : 'down'}"][data-index="${moved.index}"]`,
      );
    const same = buttons(moved.up);
    (same && !same.disabled ? same : buttons(!moved.up))?.focus();
  }, [moved]);
  const move = (index: number, up: boolean) => {
    const next = movedItem(items, index, up ? -1 : 1);
    if (next === items) return;
    form.change(path, next, false);
    setMoved({ index: index + (up ? -1 : 1), up });
  };
  return (
    <Group
      field={field}
      path={path}
      actions={
        !form.readOnly && (
          <button
            type="button"
            className="btn btn--ghost group__add"
            onClick={() => form.change(path, [...items, initialValue(field.item)], false)}
          >
            <Plus size={14} aria-hidden="true" />
            Add {label}
          </button>
        )
      }
    >
      <div ref={group} className="items">
        {items.length === 0 && <p className="field__help">None yet.</p>}
        {items.map((item, index) => {
          const itemPath = [...path, index];
          const name = `${title} ${index + 1}`;
          const tools = !form.readOnly && (
            <span className="item__tools">
              {items.length > 1 && (
                <>
                  <button
                    type="button"
                    className="icon-btn item__move"
                    data-move="up"
                    data-index={index}
                    aria-label={`Move ${label} ${index + 1} up`}
                    title={`Move ${label} ${index + 1} up`}
                    disabled={index === 0}
                    onClick={() => move(index, true)}
                  >
                    <ArrowUp size={14} aria-hidden="true" />
                  </button>
                  <button
                    type="button"
                    className="icon-btn item__move"
                    data-move="down"
                    data-index={index}
                    aria-label={`Move ${label} ${index + 1} down`}
                    title={`Move ${label} ${index + 1} down`}
                    disabled={index === items.length - 1}
                    onClick={() => move(index, false)}
                  >
                    <ArrowDown size={14} aria-hidden="true" />
                  </button>
                </>
              )}
              <button
                type="button"
                className="icon-btn item__remove"
                aria-label={`Remove ${label} ${index + 1}`}
                title={`Remove ${label} ${index + 1}`}
                onClick={() =>
                  form.change(
                    path,
                    items.filter((_, i) => i !== index),
                    false,
                  )
                }
              >
                <Trash2 size={14} aria-hidden="true" />
              </button>
            </span>
          );
          if (field.item.type === 'object' || field.item.type === 'variants')
            return (
              <div key={index} className="item" data-field={itemPath.join('.')} tabIndex={-1}>
                <div className="item__head">
                  <span className="item__title">{name}</span>
                  {tools}
                </div>
                {field.item.type === 'object' ? (
                  <SchemaFields fields={field.item.fields} value={item} path={itemPath} />
                ) : (
                  <VariantsField field={field.item} value={item} path={itemPath} legend="Kind" />
                )}
              </div>
            );
          return (
            <div key={index} className="item item--inline">
              <Field field={{ ...field.item, label: name }} value={item} path={itemPath} />
              {tools}
            </div>
          );
        })}
      </div>
    </Group>
  );
}

/**
 * Key → expression (a task's input, variables to set, an end's output): the keys a connector
 * action names first, each with its own label, then free rows of key and expression.
 */
export function MappingField({ field, value, path }: Props<'mapping'>) {
  const form = useForm();
  const record = isRecord(value) ? value : {};
  const known = field.known ?? [];
  const knownKeys = new Set(known.map((k) => k.key));
  const extra = Object.keys(record).filter((k) => !knownKeys.has(k));
  const add = () => {
    let n = extra.length + 1;
    while (`field${n}` in record) n++;
    form.change(path, { ...record, [`field${n}`]: '' }, false);
  };
  return (
    <Group
      field={field}
      path={path}
      actions={
        !form.readOnly && (
          <button type="button" className="btn btn--ghost group__add" onClick={add}>
            <Plus size={14} aria-hidden="true" />
            Add {known.length > 0 ? 'another field' : 'an entry'}
          </button>
        )
      }
    >
      {known.map((k) => (
        <ExpressionInputField key={k.key} field={k} value={record[k.key]} path={[...path, k.key]} />
      ))}
      {extra.length === 0 && known.length === 0 && <p className="field__help">None yet.</p>}
      {extra.map((key, index) => (
        <MappingRow key={`${index}:${key}`} entryKey={key} record={record} path={path} field={field} />
      ))}
    </Group>
  );
}

function MappingRow({
  entryKey,
  record,
  path,
  field,
}: {
  entryKey: string;
  record: Record<string, unknown>;
  path: Path;
  field: Extract<FormField, { type: 'mapping' }>;
}) {
  const form = useForm();
  const [draft, setDraft] = useState(entryKey);
  const id = fieldId(form.idPrefix, [...path, entryKey, 'key']);
  const renameKey = () => {
    const next = draft.trim();
    if (next === entryKey) return;
    if (next === '' || next in record) return setDraft(entryKey);
    const renamed = Object.fromEntries(
      Object.entries(record).map(([k, v]) => [k === entryKey ? next : k, v]),
    );
    form.change(path, renamed, false);
  };
  return (
    <div className="entry" data-field={[...path, entryKey].join('.')}>
      <div className="entry__key">
        <label className="visually-hidden" htmlFor={id}>
          Name of {field.label.toLowerCase()} entry {entryKey}
        </label>
        <input
          id={id}
          className="field__input mono"
          value={draft}
          readOnly={form.readOnly}
          spellCheck={false}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={renameKey}
          onKeyDown={(e) => e.key === 'Enter' && renameKey()}
        />
        {!form.readOnly && (
          <button
            type="button"
            className="icon-btn"
            aria-label={`Remove ${entryKey}`}
            title={`Remove ${entryKey}`}
            onClick={() => {
              const { [entryKey]: _gone, ...rest } = record;
              form.change(path, rest, false);
            }}
          >
            <Trash2 size={14} aria-hidden="true" />
          </button>
        )}
      </div>
      <ExpressionInputField
        field={{ ...withoutHelp(field.value), required: true }}
        value={record[entryKey]}
        path={[...path, entryKey]}
        label={entryKey}
      />
    </div>
  );
}

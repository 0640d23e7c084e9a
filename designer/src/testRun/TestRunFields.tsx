import { useId, type ReactNode } from 'react';
import type { FormField } from '@flowline/engine';
import { controlValue, fieldValue, type ChoicePoint, type ChoiceSelection } from '../model';

/** One field of the request form, filled with sample input for a test run; its error below it. */
export function InputField({
  field,
  value,
  error,
  onChange,
}: {
  field: FormField;
  value: unknown;
  error: string | undefined;
  onChange: (value: unknown) => void;
}) {
  const id = useId();
  const describedBy = [field.help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const common = {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
    'aria-required': field.required || undefined,
  };
  let control: ReactNode;
  switch (field.type) {
    case 'boolean':
      control = (
        <input
          {...common}
          type="checkbox"
          className="testrun__check"
          checked={value === true}
          onChange={(e) => onChange(fieldValue(field, e.target.checked))}
        />
      );
      break;
    case 'select':
      control = (
        <select
          {...common}
          className="field__input"
          value={controlValue(field, value)}
          onChange={(e) => onChange(fieldValue(field, e.target.value))}
        >
          {!field.required && <option value="">(none)</option>}
          {controlValue(field, value) !== '' && !(field.options ?? []).some((o) => o.value === value) && (
            <option value={controlValue(field, value)}>{controlValue(field, value)}</option>
          )}
          {(field.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
      break;
    case 'multiselect':
      control = (
        <select
          {...common}
          multiple
          className="field__input testrun__multi"
          value={Array.isArray(value) ? (value as string[]) : []}
          onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value))}
        >
          {(field.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
      break;
    case 'text':
      control = (
        <textarea
          {...common}
          className="field__input testrun__textarea"
          rows={2}
          value={controlValue(field, value)}
          onChange={(e) => onChange(fieldValue(field, e.target.value))}
        />
      );
      break;
    default:
      control = (
        <input
          {...common}
          className="field__input"
          type={
            field.type === 'number' || field.type === 'integer'
              ? 'number'
              : field.type === 'date'
                ? 'date'
                : field.type === 'datetime'
                  ? 'datetime-local'
                  : field.type === 'email'
                    ? 'email'
                    : 'text'
          }
          step={field.type === 'integer' ? 1 : field.type === 'number' ? 'any' : undefined}
          value={controlValue(field, value)}
          onChange={(e) => onChange(fieldValue(field, e.target.value))}
        />
      );
  }
  return (
    <div
      className={[
        'field',
        'testrun__field',
        field.type === 'boolean' ? 'testrun__field--check' : '',
        error ? 'field--invalid' : '',
      ]
        .filter(Boolean)
        .join(' ')}
    >
      <label className="field__label" htmlFor={id}>
        {field.label}
        {field.required && <span className="testrun__required"> (required)</span>}
      </label>
      {control}
      {field.help && (
        <p className="field__help" id={`${id}-help`}>
          {field.help}
        </p>
      )}
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** What a choice point's select chooses. */
const KIND_WORD: Record<ChoicePoint['kind'], string> = {
  approval: 'Decision',
  task: 'Call result',
  wait: 'Event',
  subworkflow: 'Subworkflow outcome',
};

/** A choice point's option, with its JSON (sample output, payload) or a failure's message. */
export function ChoiceField({
  point,
  selection,
  revisits,
  error,
  onChange,
}: {
  point: ChoicePoint;
  /** A loop can come back to the node: offer another option for its later visits. */
  revisits: boolean;
  selection: ChoiceSelection;
  error: string | undefined;
  onChange: (change: Partial<ChoiceSelection>) => void;
}) {
  const id = useId();
  const options = [selection.option, ...(revisits && selection.later ? [selection.later] : [])];
  const jsonLabel =
    point.kind === 'task' && options.includes('success')
      ? 'Sample output (JSON)'
      : point.kind === 'wait' && options.includes('event')
        ? 'Event payload (JSON)'
        : point.kind === 'subworkflow' && options.includes('completed')
          ? 'Output (JSON)'
          : undefined;
  return (
    <fieldset className="testrun__choice" data-node-id={point.nodeId}>
      <legend className="testrun__legend">{point.name}</legend>
      <div className={['field', 'testrun__field', error ? 'field--invalid' : ''].filter(Boolean).join(' ')}>
        <label className="testrun__sublabel" htmlFor={`${id}-option`}>
          {KIND_WORD[point.kind]}
        </label>
        <select
          id={`${id}-option`}
          className="field__input"
          value={selection.option}
          onChange={(e) => onChange({ option: e.target.value })}
        >
          {point.options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
        {revisits && (
          <>
            <label className="testrun__sublabel" htmlFor={`${id}-later`}>
              On later visits (a loop comes back here)
            </label>
            <select
              id={`${id}-later`}
              className="field__input"
              value={selection.later ?? ''}
              onChange={(e) => onChange({ later: e.target.value })}
            >
              <option value="">The same</option>
              {point.options.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.label}
                </option>
              ))}
            </select>
          </>
        )}
        {jsonLabel && (
          <>
            <label className="testrun__sublabel" htmlFor={`${id}-json`}>
              {jsonLabel}
            </label>
            <textarea
              id={`${id}-json`}
              className="field__input testrun__textarea mono"
              rows={3}
              spellCheck={false}
              value={selection.json}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              onChange={(e) => onChange({ json: e.target.value })}
            />
          </>
        )}
        {point.kind === 'task' && options.includes('failure') && (
          <>
            <label className="testrun__sublabel" htmlFor={`${id}-message`}>
              Error message
            </label>
            <input
              id={`${id}-message`}
              className="field__input"
              value={selection.message}
              placeholder="The call failed in the test run"
              onChange={(e) => onChange({ message: e.target.value })}
            />
          </>
        )}
        {error && (
          <p className="field__error" id={`${id}-error`}>
            {error}
          </p>
        )}
      </div>
    </fieldset>
  );
}

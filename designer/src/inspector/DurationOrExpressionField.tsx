import {
  durationExpressionOf,
  durationModeOf,
  switchDurationMode,
  type DurationMode,
  type FormField,
  type Path,
} from '../model';
import { DurationField, ExpressionInputField, fieldId, useForm } from './SchemaForm';

const EXPRESSION_HELP =
  'An expression giving an ISO-8601 duration as text, e.g. input.priority == "P1" ? "PT15M" : "PT8H"';

/**
 * A due date, reminder interval or timeout: a fixed duration, or an expression computing one
 * when the step is entered (a service level by priority). A switch beside the label picks which;
 * the expression gets the inspector's expression editor, with its autocomplete and problems.
 */
export function DurationOrExpressionField({
  field,
  value,
  path,
}: {
  field: Extract<FormField, { type: 'durationOrExpression' }>;
  value: unknown;
  path: Path;
}) {
  const form = useForm();
  const mode = durationModeOf(value);
  const switchId = fieldId(form.idPrefix, [...path, 'mode']);
  const aside = (
    <select
      id={switchId}
      className="field__input field__select field__mode"
      aria-label={`${field.label}: fixed or computed`}
      value={mode}
      disabled={form.readOnly}
      onChange={(e) => form.change(path, switchDurationMode(value, e.target.value as DurationMode), false)}
    >
      <option value="fixed">Fixed</option>
      <option value="expression">Expression</option>
    </select>
  );
  // Each mode is its own field: problems and focus requests find `due.after` (a fixed duration)
  // or `due.after.expression`, as validation addresses them.
  return mode === 'fixed' ? (
    <DurationField field={field} value={value} path={path} aside={aside} />
  ) : (
    <ExpressionInputField
      field={{ ...field, required: true, help: EXPRESSION_HELP }}
      value={durationExpressionOf(value)}
      path={[...path, 'expression']}
      label={field.label}
      aside={aside}
    />
  );
}

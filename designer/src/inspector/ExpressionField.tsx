import { lazy, Suspense } from 'react';
import type { ExpressionMark, ScopeEntry } from '../model';

export interface ExpressionEditorProps {
  /** The editor's element id (the inspector focuses fields by it). */
  readonly id: string;
  readonly label: string;
  /** Help and problems in words, announced with the editor. */
  readonly description?: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly readOnly: boolean;
  /** What is in scope here (asked for when autocomplete opens, not on every keystroke). */
  readonly scope: () => readonly ScopeEntry[];
  readonly marks: readonly ExpressionMark[];
  readonly placeholder?: string;
  /** Escape: focus goes back to the field around the editor. */
  readonly onLeave?: () => void;
}

const loadEditor = () => import('./codemirror/ExpressionCodeMirror');
const ExpressionCodeMirror = lazy(loadEditor);

/** Starts loading CodeMirror (its own chunk) before the first expression field needs it. */
export const preloadExpressionEditor = (): void => void loadEditor();

/**
 * An expression: CodeMirror with autocomplete of what is in scope and the engine's errors
 * underlined, loaded lazily; until it is there, a plain input edits the same value.
 */
export function ExpressionEditor(props: ExpressionEditorProps) {
  return (
    <Suspense fallback={<PlainExpressionInput {...props} />}>
      <ExpressionCodeMirror {...props} />
    </Suspense>
  );
}

function PlainExpressionInput(props: ExpressionEditorProps) {
  return (
    <input
      id={props.id}
      className="field__input mono expr-fallback"
      aria-label={props.label}
      value={props.value}
      readOnly={props.readOnly}
      placeholder={props.placeholder}
      spellCheck={false}
      aria-invalid={props.marks.some((m) => m.severity === 'error') || undefined}
      onChange={(event) => props.onChange(event.target.value)}
    />
  );
}

import { useEffect, useRef, useState, useSyncExternalStore, type ComponentType } from 'react';
import type { ExpressionMark, ExpressionPlace } from '../model';

export interface ExpressionEditorProps {
  /** The editor's element id (the inspector focuses fields by it). */
  readonly id: string;
  readonly label: string;
  /** Help and problems in words, announced with the editor. */
  readonly description?: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly readOnly: boolean;
  /**
   * Where the expression sits; CodeMirror works out what is in scope there when autocomplete
   * opens (not on every keystroke), so the type checker it needs loads with CodeMirror.
   */
  readonly place: () => ExpressionPlace | undefined;
  readonly marks: readonly ExpressionMark[];
  readonly placeholder?: string;
  /** Escape: focus goes back to the field around the editor. */
  readonly onLeave?: () => void;
}

/** CodeMirror's props: the field's, and where to put the caret when it takes over a focused field. */
export interface ExpressionCodeMirrorProps extends ExpressionEditorProps {
  /** Set when the editor replaces a plain input that had focus: focus it with the caret here. */
  readonly focusAt?: { readonly anchor: number; readonly head: number } | undefined;
}

type Loaded = ComponentType<ExpressionCodeMirrorProps>;

/**
 * CodeMirror (≈100 KB gzipped, its own chunk) is loaded the first time someone focuses or
 * starts editing an expression field, never with the editor: until then (and always for a
 * read-only form) every expression field is a plain text box that looks the same and edits the same
 * value. Once loaded, every expression field on screen becomes CodeMirror (autocomplete, inline
 * underlines of the engine's errors).
 */
let loaded: Loaded | undefined;
let loading: Promise<Loaded> | undefined;
const listeners = new Set<() => void>();
/** Run before the swap: a focused plain input notes its caret for CodeMirror. */
const handOvers = new Set<() => void>();

export function loadExpressionEditor(): Promise<Loaded> {
  loading ??= import('./codemirror/ExpressionCodeMirror').then(
    (module) => {
      for (const handOver of handOvers) handOver();
      loaded = module.default;
      for (const listener of listeners) listener();
      return module.default;
    },
    (error: unknown) => {
      // A failed chunk (offline, a new deploy): the plain input stays; the next focus tries again.
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
const useLoadedEditor = () => useSyncExternalStore(subscribe, () => loaded);

/**
 * An expression: CodeMirror with autocomplete of what is in scope and the engine's errors
 * underlined once it is loaded; before that (and read-only) a plain input.
 */
export function ExpressionEditor(props: ExpressionEditorProps) {
  const Editor = useLoadedEditor();
  // Where the caret was in the plain input when CodeMirror took over (it keeps focus there).
  const [focusAt, setFocusAt] = useState<ExpressionCodeMirrorProps['focusAt']>();
  if (Editor && !props.readOnly) return <Editor {...props} focusAt={focusAt} />;
  return <PlainExpressionInput {...props} onHandOver={setFocusAt} />;
}

function PlainExpressionInput({
  onHandOver,
  ...props
}: ExpressionEditorProps & { onHandOver: (at: ExpressionCodeMirrorProps['focusAt']) => void }) {
  const input = useRef<HTMLTextAreaElement>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const wantEditor = () => {
    if (props.readOnly) return;
    // Noted just before CodeMirror replaces the input.
    const handOver = () => {
      const el = input.current;
      if (!mounted.current || !el || document.activeElement !== el) return;
      const anchor = el.selectionStart ?? el.value.length;
      onHandOver({ anchor, head: el.selectionEnd ?? anchor });
    };
    handOvers.add(handOver);
    loadExpressionEditor()
      .catch(() => undefined)
      .finally(() => handOvers.delete(handOver));
  };
  const invalid = props.marks.some((m) => m.severity === 'error');
  return (
    // A textarea of one line that grows with its text (field-sizing), wrapping as CodeMirror does.
    <textarea
      ref={input}
      rows={1}
      id={props.id}
      className={
        invalid ? 'field__input mono expr-plain expr-plain--invalid' : 'field__input mono expr-plain'
      }
      aria-label={props.label}
      aria-description={props.description || undefined}
      value={props.value}
      readOnly={props.readOnly}
      placeholder={props.placeholder}
      spellCheck={false}
      autoComplete="off"
      aria-invalid={invalid || undefined}
      data-expression-editor="plain"
      onFocus={wantEditor}
      onChange={(event) => props.onChange(event.target.value.replace(/\r?\n/g, ' '))}
      onKeyDown={(event) => {
        // An expression is one line: Enter adds none (as in CodeMirror).
        if (event.key === 'Enter') event.preventDefault();
        if (event.key === 'Escape' && props.onLeave) {
          event.preventDefault();
          props.onLeave();
        }
      }}
    />
  );
}

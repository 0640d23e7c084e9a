import {
  autocompletion,
  closeCompletion,
  completionStatus,
  type Completion,
  type CompletionContext,
  type CompletionResult,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { Annotation, Compartment, EditorState, type Extension } from '@codemirror/state';
import { EditorView, keymap, placeholder as placeholderText } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { completionsFor, scopeOfPlace, type ExpressionMark, type ScopeEntry } from '../../model';
import type { ExpressionCodeMirrorProps, ExpressionEditorProps } from '../ExpressionField';

/** Marks a change that came from the store (undo, another field), not from typing. */
const fromOutside = Annotation.define<boolean>();

/**
 * The editor's look, in the app's tokens (custom properties inherit into the shadow root). It is
 * a style module: CodeMirror mounts it as an adopted style sheet of the shadow root, which the
 * page's Content-Security-Policy (style-src 'self', no inline styles) allows.
 */
const theme = EditorView.theme({
  '&': {
    color: 'var(--text)',
    backgroundColor: 'var(--surface)',
    border: '1px solid var(--border-strong)',
    borderRadius: 'var(--radius)',
    fontSize: 'var(--text-sm)',
  },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '1px' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.5' },
  '.cm-content': { padding: '5px 0', caretColor: 'var(--text)' },
  '.cm-line': { padding: '0 8px' },
  '.cm-placeholder': { color: 'var(--text-subtle)' },
  '&.cm-editor[aria-invalid=true], &.fl-invalid': { borderColor: 'var(--danger)' },
  '.cm-cursor': { borderLeftColor: 'var(--text)' },
  '.cm-selectionBackground, &.cm-focused .cm-selectionBackground': {
    backgroundColor: 'var(--accent-soft) !important',
  },
  '.cm-lintRange-error': {
    backgroundImage: 'none',
    textDecoration: 'underline wavy var(--danger)',
    textUnderlineOffset: '3px',
  },
  '.cm-lintRange-warning': {
    backgroundImage: 'none',
    textDecoration: 'underline wavy var(--warning)',
    textUnderlineOffset: '3px',
  },
  '.cm-tooltip': {
    backgroundColor: 'var(--surface-raised)',
    color: 'var(--text)',
    border: '1px solid var(--border)',
    borderRadius: 'var(--radius)',
    boxShadow: 'var(--shadow-lg)',
    fontFamily: 'var(--font-sans)',
  },
  '.cm-tooltip.cm-tooltip-autocomplete > ul': { fontFamily: 'var(--font-mono)', maxHeight: '14em' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > li': { padding: '2px 8px' },
  '.cm-tooltip-autocomplete ul li[aria-selected]': {
    backgroundColor: 'var(--accent)',
    color: 'var(--accent-text)',
  },
  '.cm-completionDetail': { marginLeft: '1em', fontStyle: 'normal', opacity: '0.8' },
  '.cm-completionMatchedText': { textDecoration: 'none', fontWeight: '700' },
  '.cm-tooltip.cm-completionInfo': { padding: '4px 8px', maxWidth: '260px' },
  '.cm-diagnostic': { padding: '4px 8px' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--danger)' },
});

/** Autocomplete from the scope tree: `inp` → `input`, `input.` → the form's fields, … */
function scopeSource(scope: () => readonly ScopeEntry[]) {
  return (context: CompletionContext): CompletionResult | null => {
    const line = context.state.doc.lineAt(context.pos);
    const before = context.state.sliceDoc(line.from, context.pos);
    const found = completionsFor(scope(), before);
    if (!found) return null;
    if (found.options.length === 0 && !context.explicit) return null;
    const options: Completion[] = found.options.map((entry) => ({
      label: entry.name,
      detail: entry.type,
      info: entry.detail,
      type: entry.children.length > 0 ? 'namespace' : 'variable',
      boost: 0,
    }));
    return { from: line.from + found.from, options, validFor: /^[A-Za-z0-9_]*$/ };
  };
}

/** An expression is one line: a pasted newline becomes a space. */
const oneLine = EditorState.transactionFilter.of((tr) => {
  if (!tr.docChanged || tr.newDoc.lines === 1) return tr;
  const text = tr.newDoc.toString().replace(/\r?\n/g, ' ');
  return [tr, { changes: { from: 0, to: tr.newDoc.length, insert: text }, sequential: true }];
});

const toDiagnostics = (marks: readonly ExpressionMark[]): Diagnostic[] =>
  marks.map((m) => ({ from: m.from, to: m.to, severity: m.severity, message: m.message }));

/**
 * CodeMirror 6 for one expression, in a shadow root (so its style modules are adopted style
 * sheets, not inline style elements). Escape leaves the editor (to its field), Tab moves on
 * (no tab trapping), Enter accepts a completion and never adds a line.
 */
export default function ExpressionCodeMirror(props: ExpressionCodeMirrorProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | undefined>(undefined);
  const latest = useRef(props);
  latest.current = props;
  const editable = useRef(new Compartment());
  const attributes = useRef(new Compartment());

  const attributesOf = (p: ExpressionEditorProps): Extension =>
    EditorView.contentAttributes.of({
      'aria-label': p.label,
      ...(p.description ? { 'aria-description': p.description } : {}),
      'aria-invalid': p.marks.some((m) => m.severity === 'error') ? 'true' : 'false',
      'aria-multiline': 'false',
      ...(p.readOnly ? { 'aria-readonly': 'true' } : {}),
      id: `${p.id}-content`,
    });

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open', delegatesFocus: true });
    // Keys typed here are the editor's: a listener further up (the canvas's Delete, say) sees
    // them retargeted to this host, not to an editable element, so they stop here.
    const keepKeys = (event: KeyboardEvent) => event.stopPropagation();
    host.addEventListener('keydown', keepKeys);
    const parent = document.createElement('div');
    shadow.replaceChildren(parent);
    const p = latest.current;
    const view = new EditorView({
      root: shadow,
      parent,
      state: EditorState.create({
        doc: p.value,
        extensions: [
          theme,
          oneLine,
          history(),
          EditorView.lineWrapping,
          placeholderText(p.placeholder ?? ''),
          autocompletion({
            override: [scopeSource(() => scopeOfPlace(latest.current.place()))],
            icons: false,
            activateOnTyping: true,
          }),
          keymap.of([
            {
              key: 'Escape',
              run: (v) => {
                if (completionStatus(v.state) !== null) return closeCompletion(v);
                latest.current.onLeave?.();
                return true;
              },
            },
            { key: 'Enter', run: () => true },
            ...historyKeymap,
            ...defaultKeymap.filter((b) => b.key !== 'Enter' && b.key !== 'Mod-Enter'),
          ]),
          editable.current.of(EditorState.readOnly.of(p.readOnly)),
          attributes.current.of(attributesOf(p)),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged) return;
            if (update.transactions.some((t) => t.annotation(fromOutside))) return;
            latest.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.dispatch(setDiagnostics(view.state, toDiagnostics(p.marks)));
    viewRef.current = view;
    return () => {
      host.removeEventListener('keydown', keepKeys);
      view.destroy();
      viewRef.current = undefined;
    };
  }, []);

  // The store's value wins when it changed elsewhere (undo, rename of a node it reads).
  useEffect(() => {
    const view = viewRef.current;
    if (!view || view.state.doc.toString() === props.value) return;
    view.dispatch({
      changes: { from: 0, to: view.state.doc.length, insert: props.value },
      annotations: fromOutside.of(true),
    });
  }, [props.value]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    view.dispatch(setDiagnostics(view.state, toDiagnostics(props.marks)));
  }, [props.marks]);

  // It replaced the plain input the user was in: focus stays in the field, the caret where it was.
  const { focusAt } = props;
  useEffect(() => {
    const view = viewRef.current;
    if (!view || !focusAt) return;
    const end = view.state.doc.length;
    view.dispatch({
      selection: { anchor: Math.min(focusAt.anchor, end), head: Math.min(focusAt.head, end) },
    });
    view.focus();
  }, [focusAt]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    view.dispatch({
      effects: [
        editable.current.reconfigure(EditorState.readOnly.of(props.readOnly)),
        attributes.current.reconfigure(attributesOf(props)),
      ],
    });
    // attributesOf reads only these props.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.readOnly, props.label, props.description, props.marks, props.id]);

  return (
    <div
      ref={hostRef}
      id={props.id}
      className={props.marks.some((m) => m.severity === 'error') ? 'expr expr--invalid' : 'expr'}
      data-expression-editor=""
    />
  );
}

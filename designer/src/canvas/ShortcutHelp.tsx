import '../app/noEval';
import { X } from 'lucide-react';
import { useEffect, useMemo, useRef } from 'react';
import { shortcutList } from '../model';
import { keyLabel } from './keys';

/** The keyboard shortcuts, from the model's one list, in a modal dialog (`?` opens, Escape closes). */
export function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const rows = useMemo(() => {
    const byLabel = new Map<string, string[]>();
    for (const { keys, label } of shortcutList()) byLabel.set(label, [...(byLabel.get(label) ?? []), keys]);
    return [...byLabel];
  }, []);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      className="dialog shortcut-help"
      aria-labelledby="shortcut-help-title"
      onClose={onClose}
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <div className="shortcut-help__head">
        <h2 id="shortcut-help-title">Keyboard shortcuts</h2>
        <button type="button" className="icon-btn" aria-label="Close" title="Close (Esc)" onClick={onClose}>
          <X size={16} aria-hidden="true" />
        </button>
      </div>
      <dl className="shortcut-help__list">
        {rows.map(([label, keys]) => (
          <div key={label} className="shortcut-help__row">
            <dt>{label}</dt>
            <dd>
              {keys.map((k, i) => (
                <span key={k}>
                  {i > 0 && <span className="shortcut-help__or"> or </span>}
                  <kbd>{keyLabel(k)}</kbd>
                </span>
              ))}
            </dd>
          </div>
        ))}
        <div className="shortcut-help__row">
          <dt>Select several</dt>
          <dd>
            <kbd>Shift</kbd>+click, or <kbd>Shift</kbd>+drag a box
          </dd>
        </div>
      </dl>
    </dialog>
  );
}

import { useEffect, useRef } from 'react';
import { Button } from '../ui/Button';
import { TRIAGE_KEYS } from './inboxModel';

/** The triage shortcuts, in a native dialog (focus kept inside, Escape closes). */
export function ShortcutsHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 className="dialog__title" id="shortcuts-title">
        Keyboard shortcuts
      </h2>
      <p className="dialog__intro">They work while the focus is not in a text field.</p>
      <dl className="shortcuts">
        {TRIAGE_KEYS.map((k) => (
          <div key={k.keys} className="shortcuts__row">
            <dt>
              <kbd>{k.keys}</kbd>
            </dt>
            <dd>{k.label}</dd>
          </div>
        ))}
      </dl>
      <div className="dialog__actions">
        <Button variant="primary" onClick={onClose}>
          Close
        </Button>
      </div>
    </dialog>
  );
}

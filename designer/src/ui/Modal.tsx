import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal on the native <dialog> (focus kept inside, Escape closes, the backdrop inert), titled
 * for screen readers. Rendered only while open, so its content starts fresh each time.
 */
export function Modal({
  title,
  intro,
  onClose,
  wide = false,
  children,
}: {
  title: string;
  intro?: ReactNode;
  onClose: () => void;
  wide?: boolean;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // What had the focus when the dialog opened (the button that opened it), on the first run only.
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    const element = dialog.current;
    // No close() on cleanup: React's StrictMode runs this twice, and the close event of the first
    // run would close the dialog it just opened. Unmounting removes the element, which ends the modal.
    if (element && !element.open) {
      opener.current = document.activeElement;
      element.showModal();
    }
    return () => {
      // A dialog closed by a button is removed without close(), so the browser does not give the
      // focus back as it does on Escape: do it, unless the page moved the focus somewhere already
      // or the opener went with the change (StrictMode's rerun leaves the element in place).
      const back = opener.current;
      if (element?.isConnected || !(back instanceof HTMLElement) || !back.isConnected) return;
      const focused = document.activeElement;
      if (focused === null || focused === document.body) back.focus();
    };
  }, []);
  return (
    <dialog
      ref={dialog}
      className={wide ? 'dialog dialog--wide' : 'dialog'}
      aria-labelledby={titleId}
      onClose={onClose}
    >
      <div className="form">
        <h2 className="dialog__title" id={titleId}>
          {title}
        </h2>
        {intro && <p className="dialog__intro">{intro}</p>}
        {children}
      </div>
    </dialog>
  );
}

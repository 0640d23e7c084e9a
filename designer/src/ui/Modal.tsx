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
  useEffect(() => {
    const element = dialog.current;
    // No close() on cleanup: React's StrictMode runs this twice, and the close event of the first
    // run would close the dialog it just opened. Unmounting removes the element, which ends the modal.
    if (element && !element.open) element.showModal();
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

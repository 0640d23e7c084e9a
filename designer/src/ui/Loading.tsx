import { LoaderCircle } from 'lucide-react';

/** A centred spinner with a label screen readers announce. */
export function Loading({ label = 'Loading…', fullPage = false }: { label?: string; fullPage?: boolean }) {
  return (
    <div className={fullPage ? 'loading loading--page' : 'loading'} role="status">
      <LoaderCircle aria-hidden="true" size={20} className="loading__spinner" />
      <span>{label}</span>
    </div>
  );
}

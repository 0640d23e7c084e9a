import { CircleAlert, Info } from 'lucide-react';
import type { ReactNode } from 'react';

/** A message in a box: errors are announced (role=alert), notes are not. */
export function Alert({ tone = 'error', children }: { tone?: 'error' | 'info'; children: ReactNode }) {
  const Icon = tone === 'error' ? CircleAlert : Info;
  return (
    <div className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : undefined}>
      <Icon aria-hidden="true" size={18} className="alert__icon" />
      <div className="alert__body">{children}</div>
    </div>
  );
}

import type { ReactNode } from 'react';
import { Logo } from '../ui/Logo';

/** The centred card of the sign-in and password screens. */
export function AuthCard({
  title,
  intro,
  children,
}: {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
}) {
  return (
    <main className="auth">
      <title>{`${title} · Flowline`}</title>
      <div className="auth__card">
        <div className="auth__brand">
          <Logo size={32} />
          <span className="auth__product">Flowline</span>
        </div>
        <h1 className="auth__title">{title}</h1>
        {intro && <p className="auth__intro">{intro}</p>}
        {children}
      </div>
    </main>
  );
}

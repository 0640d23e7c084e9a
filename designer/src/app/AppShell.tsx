import { LogOut, Moon, Sun } from 'lucide-react';
import { Suspense } from 'react';
import { NavLink, Outlet, useMatch } from 'react-router';
import { can, useMe, useSignOut } from '../auth/session';
import { Button, IconButton } from '../ui/Button';
import { Loading } from '../ui/Loading';
import { Logo } from '../ui/Logo';
import { useLiveUpdates } from '../live';
import { mayUse, NAV_ITEMS } from './navigation';
import { useAppTheme } from './ThemeContext';

/** Header (product, theme, user, sign out), left navigation, and the page. */
export function AppShell() {
  const me = useMe();
  // One live stream per signed-in tab: every screen's queries go stale as the runtime changes.
  useLiveUpdates();
  const signOut = useSignOut();
  const { theme, toggle } = useAppTheme();
  // The editor needs the width: the navigation shrinks to its icons there.
  const compact = useMatch('/workflows/:id/*') !== null;
  const items = NAV_ITEMS.filter((item) => mayUse((permission) => can(me, permission), item));

  return (
    <div className={compact ? 'shell shell--compact' : 'shell'}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell__header">
        <NavLink to="/" end className="shell__brand">
          <Logo size={26} />
          <span>Flowline</span>
        </NavLink>
        <div className="shell__actions">
          <IconButton
            label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
            onClick={toggle}
            data-testid="theme-toggle"
          >
            {theme === 'dark' ? <Sun size={18} aria-hidden="true" /> : <Moon size={18} aria-hidden="true" />}
          </IconButton>
          <div className="shell__user" data-testid="signed-in-user">
            <span className="shell__user-name">{me.name}</span>
            <span className="shell__user-roles">{me.roles.join(', ')}</span>
          </div>
          <Button
            variant="ghost"
            icon={<LogOut size={16} aria-hidden="true" />}
            onClick={() => signOut.mutate()}
          >
            Sign out
          </Button>
        </div>
      </header>
      <nav className="shell__nav" aria-label="Main">
        <ul>
          {items.map(({ to, label, icon: Icon }) => (
            <li key={to}>
              <NavLink to={to} className="shell__nav-link" title={compact ? label : undefined}>
                <Icon size={18} aria-hidden="true" />
                <span className="shell__nav-label">{label}</span>
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="shell__main" id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </div>
    </div>
  );
}

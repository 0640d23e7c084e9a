import { Blocks, KeyRound, Plug, Users, UsersRound, type LucideIcon } from 'lucide-react';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { can, useMe } from '../auth/session';
import { ConnectionsTab } from './ConnectionsTab';
import { ConnectorsTab } from './ConnectorsTab';
import { GroupsTab } from './GroupsTab';
import { NotAllowedPage } from './shared';
import { TokensTab } from './TokensTab';
import { UsersTab } from './UsersTab';
import './admin.css';

const SECTIONS: readonly { path: string; label: string; icon: LucideIcon }[] = [
  { path: 'users', label: 'Users', icon: Users },
  { path: 'groups', label: 'Groups', icon: UsersRound },
  { path: 'tokens', label: 'API tokens', icon: KeyRound },
  { path: 'connections', label: 'Connections', icon: Plug },
  { path: 'connectors', label: 'Connectors', icon: Blocks },
];

/**
 * Administration (admin role): users, groups, API tokens, connections, installed connectors, each
 * at its own address under /admin. Anyone else gets a page that says they may not; the API
 * refuses them anyway.
 */
export function AdminPage() {
  const me = useMe();
  if (!can(me, 'users:admin') || !can(me, 'credentials:write')) return <NotAllowedPage />;
  return (
    <main className="page admin-page">
      <title>Administration · Flowline</title>
      <div className="page__header">
        <div>
          <h1 className="page__title">Administration</h1>
          <p className="page__subtitle">People, teams, tokens and the systems workflows connect to.</p>
        </div>
      </div>
      <nav className="admin-tabs" aria-label="Administration">
        {SECTIONS.map(({ path, label, icon: Icon }) => (
          <NavLink key={path} to={`/admin/${path}`} className="admin-tabs__tab">
            <Icon size={16} aria-hidden="true" />
            <span>{label}</span>
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<Navigate to="users" replace />} />
        <Route path="users" element={<UsersTab />} />
        <Route path="groups" element={<GroupsTab />} />
        <Route path="tokens" element={<TokensTab />} />
        <Route path="connections" element={<ConnectionsTab />} />
        <Route path="connectors" element={<ConnectorsTab />} />
        <Route path="*" element={<p>There is no such section of the administration.</p>} />
      </Routes>
    </main>
  );
}

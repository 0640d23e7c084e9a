import { Navigate } from 'react-router';
import { can, useMe } from '../auth/session';
import { mayUse, NAV_ITEMS } from './navigation';

/** `/`: the first screen of the navigation the user may use (a requester lands in Requests). */
export function HomeRedirect() {
  const me = useMe();
  const first = NAV_ITEMS.find((item) => mayUse((permission) => can(me, permission), item));
  return <Navigate to={first?.to ?? '/workflows'} replace />;
}

import { Navigate } from 'react-router';
import { can, useMe } from '../auth/session';
import { homePage } from './homePage';

/** `/`: the screen that fits the user's roles (a deep link after sign-in never comes here). */
export function HomeRedirect() {
  const me = useMe();
  return <Navigate to={homePage((permission) => can(me, permission))} replace />;
}

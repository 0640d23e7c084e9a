import { hasPermission, ROLES, type Role } from './roles';
import type { RouteAccess, RoutePermissionTable } from './routePermissions';

/** Who calls in the matrix: each role alone, or nobody signed in. */
export type Principal = Role | 'anonymous';
export const PRINCIPALS: readonly Principal[] = [...ROLES, 'anonymous'];

/** 'allow' means authorization lets it through (the handler's own answer follows). */
export type ExpectedOutcome = 'allow' | 401 | 403;

export interface RouteAuthorizationCase {
  /** The table entry, `POST /api/definitions/:id/publish`. */
  route: string;
  /** What to send: `ALL` routes are exercised with GET. */
  method: string;
  /** The route pattern with sample values in place of parameters and wildcards. */
  url: string;
  principal: Principal;
  expected: ExpectedOutcome;
}

export function expectedOutcome(access: RouteAccess, principal: Principal): ExpectedOutcome {
  if (access === 'public') return 'allow';
  if (principal === 'anonymous') return 401;
  if (access === 'authenticated') return 'allow';
  return hasPermission([principal], access) ? 'allow' : 403;
}

/** `/api/definitions/:id{[0-9]+}/versions/*` → `/api/definitions/1/versions/any`. */
export const sampleUrl = (pattern: string): string =>
  pattern
    .replace(/:[A-Za-z0-9_]+(\{[^}]*\})?\??/g, '1')
    .replace(/\*/g, 'any')
    .replace(/\/+$/, '') || '/';

/**
 * Every table route × every principal with the outcome the role table implies. A test sends each
 * case through the real app and compares: so the matrix follows the table and the roles, and a
 * change to either shows up as a reviewed diff in behaviour, not a silent one.
 */
export function routeAuthorizationMatrix(table: RoutePermissionTable): RouteAuthorizationCase[] {
  const cases: RouteAuthorizationCase[] = [];
  for (const [route, access] of table.routes) {
    const [method = 'GET', path = '/'] = route.split(' ');
    for (const principal of PRINCIPALS) {
      cases.push({
        route,
        method: method === 'ALL' ? 'GET' : method,
        url: sampleUrl(path),
        principal,
        expected: expectedOutcome(access, principal),
      });
    }
  }
  return cases;
}

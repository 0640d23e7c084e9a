import { describe, expect, it } from 'vitest';
import {
  defineRoutePermissions,
  lookupRouteAccess,
  resolveRouteAccess,
  type RouteKey,
} from './routePermissions';

const table = defineRoutePermissions(
  { 'GET /api/definitions/:id': 'definitions:read', 'POST /api/webhooks/:workflowId/:triggerId': 'public' },
  { middleware: ['*', '/api/*'] },
);

describe('defineRoutePermissions', () => {
  it('refuses keys that are not "METHOD /path" and unknown permissions', () => {
    expect(() => defineRoutePermissions({ 'GET api/x': 'public' } as Record<RouteKey, 'public'>)).toThrow(
      TypeError,
    );
    expect(() => defineRoutePermissions({ 'FETCH /x': 'public' } as Record<RouteKey, 'public'>)).toThrow(
      TypeError,
    );
    expect(() =>
      defineRoutePermissions({ 'GET /x': 'everything:all' } as unknown as Record<RouteKey, 'public'>),
    ).toThrow(/unknown permission/);
  });

  it('looks up by method and the route pattern, not by a concrete URL', () => {
    expect(lookupRouteAccess(table, 'GET', '/api/definitions/:id')).toBe('definitions:read');
    expect(lookupRouteAccess(table, 'GET', '/api/definitions/1')).toBeUndefined();
    expect(lookupRouteAccess(table, 'POST', '/api/definitions/:id')).toBeUndefined();
  });
});

describe('resolveRouteAccess', () => {
  it('skips declared middleware and collects each matched endpoint', () => {
    const matched = [
      { method: 'ALL', path: '/*' },
      { method: 'ALL', path: '/api/*' },
      { method: 'GET', path: '/api/definitions/:id' },
    ];
    expect(resolveRouteAccess(table, matched)).toMatchObject({
      kind: 'listed',
      access: ['definitions:read'],
    });
  });

  it('denies when any matched endpoint is unlisted, even beside a listed one', () => {
    const matched = [
      { method: 'GET', path: '/api/definitions/:id' },
      { method: 'ALL', path: '/api/definitions/*' },
    ];
    expect(resolveRouteAccess(table, matched)).toEqual({
      kind: 'unlisted',
      routes: ['ALL /api/definitions/*'],
    });
  });

  it('reports when only middleware matched', () => {
    expect(resolveRouteAccess(table, [{ method: 'ALL', path: '/*' }])).toEqual({ kind: 'no-endpoint' });
  });
});

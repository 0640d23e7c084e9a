import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi';
import type { AppEnv } from './appEnv';

/**
 * The routes of the OpenAPI document, each keyed as the router names what a request matched
 * ("POST /api/instances/:id/cancel"), so a middleware can look up the documented route of a
 * request through `matchedRoutes`. Read once every route is registered (on the first request).
 */
export function documentedRoutes(app: OpenAPIHono<AppEnv>): { key: string; route: RouteConfig }[] {
  return app.openAPIRegistry.definitions.flatMap((definition) =>
    definition.type === 'route'
      ? [
          {
            key: `${definition.route.method.toUpperCase()} ${definition.route.path.replace(/\{([^}]+)\}/g, ':$1')}`,
            route: definition.route,
          },
        ]
      : [],
  );
}

import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../appEnv';
import { CatalogEntrySchema } from '@flowline/connector-sdk';
import { errors, json } from '../schemas';

/** The connector catalog with JSON Schemas, from which the designer renders its forms. */
export function connectorRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/connectors',
      tags: ['connectors'],
      responses: {
        200: json(z.object({ items: z.array(CatalogEntrySchema) }), 'Installed connectors and their actions'),
        ...errors,
      },
    }),
    (c) => c.json({ items: deps.core.connectors.entries() }, 200),
  );
}

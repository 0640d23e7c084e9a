import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../appEnv';

/** Liveness (the process answers), readiness (the store answers), Prometheus metrics. */
export function healthRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps, state: { ready: () => boolean }): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    if (!state.ready()) return c.json({ status: 'starting' }, 503);
    try {
      await deps.core.store.countJobs('queued');
      return c.json({ status: 'ready' });
    } catch {
      return c.json({ status: 'store unavailable' }, 503);
    }
  });
  app.get('/metrics', async (c) => {
    const text = await deps.metrics.registry.metrics();
    return c.text(text, 200, { 'content-type': deps.metrics.registry.contentType });
  });
}

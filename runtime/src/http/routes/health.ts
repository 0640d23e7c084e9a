import type { OpenAPIHono } from '@hono/zod-openapi';
import { isStoreError } from '../../store';
import type { AppDeps, AppEnv } from '../appEnv';

/**
 * Liveness (the process answers), readiness (the store can commit: a store that only reads is
 * not ready, whatever it answers), Prometheus metrics.
 */
export function healthRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps, state: { ready: () => boolean }): void {
  let lastProblem: string | undefined;
  /** Logged when readiness changes, not on every probe. */
  const note = (problem: string | undefined, error?: unknown) => {
    if (problem === lastProblem) return;
    if (problem) deps.logger.error({ err: error, reason: problem }, 'not ready: the store cannot commit');
    else if (lastProblem) deps.logger.info({ was: lastProblem }, 'ready again: the store commits');
    lastProblem = problem;
  };
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    if (!state.ready()) return c.json({ status: 'starting' }, 503);
    try {
      await deps.core.store.checkWritable(deps.clock.now());
      note(undefined);
      return c.json({ status: 'ready' });
    } catch (error) {
      // Only the reason: this endpoint is public, the details (paths) are in the log.
      const reason = isStoreError(error, 'UNAVAILABLE') ? (error.reason ?? 'io-error') : 'store-error';
      note(reason, error);
      return c.json({ status: 'store unavailable', reason }, 503);
    }
  });
  app.get('/metrics', async (c) => {
    const text = await deps.metrics.registry.metrics();
    return c.text(text, 200, { 'content-type': deps.metrics.registry.contentType });
  });
}

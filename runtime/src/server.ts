import { resolve } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import type { serve as nodeServe } from '@hono/node-server';
import type { DestinationStream } from 'pino';
import { createBuiltinConnectors } from '@flowline/connectors';
import { bootstrapAdmin, createApprovalLinks, forwardedAddress } from './auth';
import type { Config } from './config';
import { createAdjustableClock, systemClock, type Clock } from './clock';
import { createApp } from './http/app';
import { createLogger } from './observability/logger';
import { createMetrics } from './observability/metrics';
import { compactingCollection, createIdleCollector } from './observability/idleCollector';
import { createRuntimeCore } from './runtimeCore';
import { loadApprovalLinkKeys } from './secretKey';
import { openStore } from './store/openStore';
import { seedExamples } from './workflows/seedExamples';
import { createApprovalMailer } from './notifications/approvalMail';
import { createCronTriggers } from './workflows/cronTriggers';
import { loadConnectors } from './connectors/loadConnectors';
import { createCredentialVault, loadKeys } from './credentials';
import { createLiveUpdates } from './live';
import { createRetentionService } from './retention';
import { linkOriginWarning, listenAddressUrl, resolveLinkOrigin } from './tasks/linkOrigin';

/** Builds and starts everything for one process; the composition root. */
export async function startServer(
  config: Config,
  options: { serve: typeof nodeServe; clock?: Clock; logDestination?: DestinationStream },
) {
  const testClock = config.testClock ? createAdjustableClock(options.clock ?? systemClock) : undefined;
  const clock = testClock ?? options.clock ?? systemClock;
  const logger = createLogger({
    level: config.logLevel,
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  });
  const dataDir = resolve(config.dataDir);
  // SQLite in the data directory by default; MongoDB with FLOWLINE_STORE=mongodb (store/openStore.ts).
  const store = await openStore(config, {
    // Once per change, not per failed write.
    onWriteHealth: (failure) =>
      failure
        ? logger.error({ reason: failure.reason, err: failure }, 'the store cannot commit; writes answer 503')
        : logger.info({}, 'the store commits again'),
  });
  const metrics = createMetrics(store, () => clock.now());
  const keys = loadKeys({
    masterKey: config.masterKey,
    keyFile: config.keyFile,
    previousKeys: config.previousKeys,
  });
  const vault = createCredentialVault({ store, clock, current: keys.current, keys: keys.all });
  const linkKeys = loadApprovalLinkKeys({
    dataDir,
    configured: config.secret,
    masterKeys: keys,
    now: clock.now(),
  });
  for (const note of linkKeys.notes) logger.warn(note);
  const approvalLinks = createApprovalLinks({ secret: linkKeys.current, previousSecrets: linkKeys.previous });
  // Settled once the port is known (port 0 picks one); e-mails and the API read the same value.
  let linkOrigin = resolveLinkOrigin(config.publicOrigin, listenAddressUrl(config.host, config.port));
  const mailer = createApprovalMailer({
    store,
    clock,
    vault,
    approvalLinks,
    linkOrigin: () => linkOrigin.url,
    logger,
  });
  const core = createRuntimeCore({
    onTaskCreated: mailer.taskCreated,
    onReminder: mailer.remind,
    store,
    clock,
    logger,
    metrics,
    connectors: [
      ...createBuiltinConnectors({ network: config.network }),
      ...(await loadConnectors(config.connectors)),
    ],
    connections: vault,
    network: config.network,
    expressionLimits: config.limits.expression,
    workerConcurrency: config.workerConcurrency,
    timerLookaheadMs: config.timerLookaheadMs,
    instanceCacheSize: config.instanceCacheSize,
    messageMaxTtl: config.messageMaxTtl,
    instanceCacheBytes: config.instanceCacheBytes,
    limits: config.limits,
    backlogLimits: config.limits.backlog,
  });
  const admin = await bootstrapAdmin({ store, clock }, config.adminEmail ? { email: config.adminEmail } : {});
  const seeded = config.seedExamples
    ? await seedExamples({ store, catalog: core.connectors.catalog(), logger, now: clock.now() })
    : [];
  const cron = createCronTriggers({
    store,
    clock,
    logger,
    core,
    ...(config.cronTickMs ? { tickMs: config.cronTickMs } : {}),
  });
  const live = createLiveUpdates({ store, clock, logger, limits: config.limits.live });
  const retention = createRetentionService({
    store,
    clock,
    logger,
    config: config.retention,
    defaultArchiveDir: resolve(dataDir, 'archive'),
    onPass: metrics.retentionPass,
  });
  let ready = false;
  const app = createApp(
    {
      core,
      clock,
      logger,
      metrics,
      vault,
      approvalLinks,
      ...(config.publicOrigin ? { publicOrigin: config.publicOrigin } : {}),
      linkOrigin: () => linkOrigin,
      webhookSecrets: config.webhookSecrets,
      maxBodyBytes: config.maxBodyBytes,
      secureCookies: config.publicOrigin?.startsWith('https:') ?? false,
      cron,
      live,
      retention: config.retention,
      ...(testClock ? { sessionClock: options.clock ?? systemClock } : {}),
      ...(config.trustedProxyHops > 0 ? { clientAddress: forwardedAddress(config.trustedProxyHops) } : {}),
      ...(testClock
        ? {
            testClock: {
              now: testClock.now,
              advance: testClock.advance,
              wake: async () => {
                await core.timers.fireDue();
                await cron.tick();
                await retention.runOnce();
              },
            },
          }
        : {}),
      ...(config.designerDir ? { designerDir: resolve(config.designerDir) } : {}),
    },
    { ready: () => ready },
  );
  const server = await new Promise<ReturnType<typeof nodeServe>>((resolveServer, rejectServer) => {
    const s = options.serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolveServer(s),
    );
    // A taken port fails the start (main says so in a sentence) instead of an uncaught error.
    s.once('error', rejectServer);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = listenAddressUrl(config.host, port);
  linkOrigin = resolveLinkOrigin(config.publicOrigin, url);
  const originWarning = linkOriginWarning(linkOrigin);
  await core.start();
  cron.start();
  live.start();
  retention.start();
  // Only when node runs with --expose-gc, as RUNTIME_NODE_FLAGS has every launcher start it.
  const gc = globalThis.gc;
  const collector = gc
    ? createIdleCollector({
        gc: compactingCollection(() => void gc()),
        heapUsed: () => getHeapStatistics().used_heap_size,
        heapCommitted: () => getHeapStatistics().total_heap_size,
      })
    : undefined;
  collector?.start();
  ready = true;
  if (testClock)
    logger.warn(
      {},
      "FLOWLINE_TEST_CLOCK is on: admins can move this process's clock forward (POST /api/test/clock)",
    );
  if (originWarning) logger.warn({ linkOrigin: linkOrigin.url }, originWarning);
  logger.info({ url, seeded }, 'Flowline is running');
  const lines = [`\n  Flowline is running at ${url}`, `  API reference: ${url}/api/docs`];
  if (originWarning) lines.push(`  Warning: ${originWarning}`);
  if (admin.created)
    lines.push(
      `  Sign in as ${admin.user.email} with the one-time password: ${admin.oneTimePassword}`,
      '  (shown once; after signing in, nothing but POST /api/auth/password is open until you change it)',
    );
  else lines.push('  Sign in with your existing account.');
  process.stdout.write(`${lines.join('\n')}\n\n`);

  return {
    url,
    port,
    logger,
    core,
    live,
    retention,
    async stop() {
      ready = false;
      collector?.stop();
      // Open streams would hold server.close() forever: they end first.
      await live.close();
      await new Promise<void>((r) => server.close(() => r()));
      await cron.stop();
      await retention.stop();
      await core.stop();
      await store.close();
    },
  };
}

/**
 * @module @flowline/runtime
 *
 * The effectful shell around the pure engine: HTTP API, executor, store adapters, workers,
 * timers, cron, webhooks, human tasks, auth and credentials. Every change to an instance is one
 * rev-checked write; side effects are at-least-once with idempotency keys; nothing about a
 * waiting instance is held in memory.
 */
export { startServer } from './server';
export { loadConfig, ConfigSchema, ConfigError, type Config } from './config';
export { createRuntimeCore, type RuntimeCore, type RuntimeCoreOptions } from './runtimeCore';
export { createApp, type App } from './http/app';
export { systemClock, createManualClock, type Clock } from './clock';
export { AppError, type AppErrorCode } from './errors';
export { createSqliteStore, type Store } from './store';
export { createCredentialVault, loadKeys, type CredentialVault } from './credentials';
export { loadConnectors } from './connectors/loadConnectors';
export {
  createRetentionService,
  RetentionConfigSchema,
  ArchiveRecordSchema,
  RetentionError,
  type RetentionConfig,
  type ArchiveRecord,
} from './retention';
export { RUNTIME_NODE_FLAGS } from './processFlags';

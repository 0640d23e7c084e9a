/**
 * @module The runtime's storage port and its adapters.
 *
 * Promises: every change to an instance is one atomic, rev-checked write of its state, new outbox
 * commands and hash-chained history; claims of jobs and timers are leased and fenced; cron fires,
 * one-time tokens and task decisions are won by exactly one caller. The store never reads the
 * clock (time is passed in) and never sees plaintext secrets.
 *
 * The contract suite imports vitest, so it is exported from './testing' (for the runtime's
 * testing entry), never from here.
 */
export type * from './port';
export { StoreError, isStoreError, type StoreErrorCode, type StoreUnavailableReason } from './errors';
export { GENESIS_HASH, chainHistory, verifyChain } from './historyChain';
export { canonicalJson } from './canonicalJson';
export * from './schemas/common';
export * from './schemas/workflow';
export * from './schemas/instance';
export * from './schemas/history';
export * from './schemas/lease';
export * from './schemas/job';
export * from './schemas/timer';
export * from './schemas/task';
export * from './schemas/effect';
export * from './schemas/cron';
export * from './schemas/auth';
export * from './schemas/change';
export * from './schemas/group';
export * from './schemas/statistics';
export * from './schemas/retention';
export * from './schemas/activation';
export * from './schemas/message';
export { createSqliteStore, type SqliteStoreOptions } from './sqlite/sqliteStore';

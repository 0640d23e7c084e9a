import { z } from 'zod';
import { wholeSetting } from '../settingValues';

/** `limits.live`: the live-update stream (GET /api/stream) and the change feed behind it. */
export const LiveLimitsSchema = z
  .object({
    /** How often each process reads the change feed while someone listens, in ms. */
    pollMs: wholeSetting({ min: 10, max: 10_000, unit: 'milliseconds', example: 250 }).default(250),
    /** A comment line this often keeps an idle stream (and proxies) open, in ms. */
    heartbeatMs: wholeSetting({ min: 100, max: 300_000, unit: 'milliseconds', example: 15_000 }).default(
      15_000,
    ),
    /** Events (and heartbeats) waiting for one client before it is dropped as too slow. */
    clientBuffer: wholeSetting({ min: 2, max: 100_000, example: 1024 }).default(1024),
    /** Open streams one user may hold on one process. */
    maxClientsPerUser: wholeSetting({ min: 1, max: 1000, example: 8 }).default(8),
    /** Open streams on one process. */
    maxClients: wholeSetting({ min: 1, max: 100_000, example: 1000 }).default(1000),
    /** Changes kept for resuming with Last-Event-ID; a client further behind is told to reload. */
    keepChanges: wholeSetting({ min: 100, max: 100_000_000, example: 100_000 }).default(100_000),
    /** How often each process prunes the change feed down to keepChanges, in ms. */
    pruneEveryMs: wholeSetting({ min: 1000, max: 86_400_000, unit: 'milliseconds', example: 60_000 }).default(
      60_000,
    ),
  })
  .prefault({});
export type LiveLimits = z.infer<typeof LiveLimitsSchema>;

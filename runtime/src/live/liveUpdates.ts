import { AppError } from '../errors';
import type { Logger } from '../observability/logger';
import type { Change, Store } from '../store';
import { LiveClient, type LiveClientEnd, type LiveSink } from './liveClient';
import { toLiveMessage, type LiveMessage } from './liveEvent';
import type { LiveLimits } from './liveLimits';
import { currentRights, type Viewer, type ViewerRights } from './viewer';
import { mayReceive, tasksToJudge, type InstanceTasks } from './visibility';

const BATCH = 500;

export const sseText = (message: LiveMessage): string =>
  [`event: ${message.event}`, ...(message.id ? [`id: ${message.id}`] : []), `data: ${message.data}`].join(
    '\n',
  ) + '\n\n';
const HEARTBEAT = ': heartbeat\n\n';

interface Entry {
  readonly viewer: Viewer;
  readonly client: LiveClient;
  rights: ViewerRights;
}

export interface LiveUpdates {
  /**
   * Opens a stream for a viewer: refuses (429) past the per-user or per-process limits, then
   * writes what the viewer missed since `lastEventId` (or `reset` when that is no longer kept),
   * `ready`, and every later change they may see, until the client leaves, is dropped or the
   * process stops. Resolves when the stream is over.
   */
  serve(viewer: Viewer, lastEventId: number | undefined, sink: LiveSink): Promise<LiveClientEnd>;
  /** Checks the limits before a response starts, so a refusal is a plain 429. */
  admit(viewer: Viewer): void;
  /** Starts pruning the change feed (every process may; pruning is idempotent). */
  start(): void;
  /** Ends every stream and stops polling. */
  close(): Promise<void>;
  readonly clientCount: () => number;
}

/**
 * The process's side of live updates: one poller reads the store's change feed (so a change
 * committed by any process reaches this process's clients) while anyone listens, checks each
 * change against each client's current rights and queues it on that client without waiting.
 */
export function createLiveUpdates(deps: {
  store: Store;
  clock: { now(): number };
  logger: Logger;
  limits: LiveLimits;
}): LiveUpdates {
  const { store, limits, logger } = deps;
  const entries = new Set<Entry>();
  let position: number | undefined;
  let pollTimer: NodeJS.Timeout | undefined;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let pruneTimer: NodeJS.Timeout | undefined;
  let polling: Promise<void> | undefined;
  let closed = false;

  const schedulePoll = (): void => {
    if (closed || entries.size === 0 || pollTimer) return;
    pollTimer = setTimeout(() => {
      pollTimer = undefined;
      polling = poll()
        .catch((error: unknown) =>
          logger.warn({ err: error }, 'live updates: reading the change feed failed'),
        )
        .finally(() => {
          polling = undefined;
          schedulePoll();
        });
    }, limits.pollMs);
    pollTimer.unref();
  };

  // At most half a client's buffer per read, with a turn of the event loop between reads, so a
  // burst of changes does not overflow a client that keeps up.
  const batch = Math.max(1, Math.min(BATCH, Math.floor(limits.clientBuffer / 2)));

  async function poll(): Promise<void> {
    for (;;) {
      const changes = await store.readChanges(position ?? 0, batch);
      if (changes.length === 0) return;
      await refreshRights();
      const tasks = await tasksToJudge(
        store,
        [...entries].map((entry) => entry.rights),
        changes,
      );
      for (const change of changes) deliver(change, tasks);
      position = changes.at(-1)!.seq;
      if (changes.length < batch || closed) return;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }

  /** Each viewer's rights read once per batch; a revoked viewer's streams end. */
  async function refreshRights(): Promise<void> {
    const now = deps.clock.now();
    const byViewer = new Map<string, Promise<ViewerRights | null>>();
    await Promise.all(
      [...entries].map(async (entry) => {
        const key = JSON.stringify(entry.viewer);
        let rights = byViewer.get(key);
        if (!rights) byViewer.set(key, (rights = currentRights(store, entry.viewer, now)));
        const current = await rights;
        if (current) entry.rights = current;
        else entry.client.finish('ended');
      }),
    );
  }

  function deliver(change: Change, tasks: InstanceTasks): void {
    let text: string | undefined;
    for (const entry of entries) {
      if (!entry.client.open || !mayReceive(entry.rights, change, tasks)) continue;
      entry.client.offer((text ??= sseText(toLiveMessage(change))));
    }
  }

  /** Where the poller stands, reading the feed's end the first time. */
  async function currentPosition(): Promise<number> {
    if (position === undefined) {
      const { latest } = await store.changeFeedBounds();
      position ??= latest;
    }
    return position;
  }

  /** What a resuming viewer missed, or undefined when they should reload instead. */
  async function missed(rights: ViewerRights, after: number, upTo: number): Promise<string[] | undefined> {
    const { oldest, latest } = await store.changeFeedBounds();
    if (after > latest) return undefined;
    if (after < upTo && (oldest === 0 || oldest > after + 1)) return undefined;
    const texts: string[] = [];
    for (let from = after; from < upTo;) {
      const changes = (await store.readChanges(from, BATCH)).filter((change) => change.seq <= upTo);
      if (changes.length === 0) break;
      const tasks = await tasksToJudge(store, [rights], changes);
      for (const change of changes)
        if (mayReceive(rights, change, tasks)) texts.push(sseText(toLiveMessage(change)));
      // Further behind than a client may buffer: reloading is cheaper than replaying.
      if (texts.length > limits.clientBuffer) return undefined;
      from = changes.at(-1)!.seq;
    }
    return texts;
  }

  const userCount = (userId: string): number =>
    [...entries].filter((entry) => entry.viewer.userId === userId).length;

  const api: LiveUpdates = {
    admit(viewer) {
      if (closed) throw new AppError('UNAVAILABLE', 'The runtime is shutting down');
      if (entries.size >= limits.maxClients)
        throw new AppError(
          'RATE_LIMITED',
          'This server has as many live streams open as it takes; try again later',
        );
      if (userCount(viewer.userId) >= limits.maxClientsPerUser)
        throw new AppError(
          'RATE_LIMITED',
          `You have ${limits.maxClientsPerUser} live streams open already; close one (another tab) first`,
        );
    },

    async serve(viewer, lastEventId, sink) {
      api.admit(viewer);
      const rights = await currentRights(store, viewer, deps.clock.now());
      if (!rights) return 'ended';
      const client = new LiveClient(sink, limits.clientBuffer);
      const entry: Entry = { viewer, client, rights };
      // Registered before reading what was missed: changes after `at` queue up behind it.
      const at = await currentPosition();
      entries.add(entry);
      try {
        const caughtUp = lastEventId === undefined ? [] : await missed(rights, lastEventId, at);
        const head = caughtUp ?? [];
        const opening = caughtUp
          ? sseText({ event: 'ready', id: String(at), data: JSON.stringify({ seq: at }) })
          : sseText({ event: 'reset', id: String(at), data: JSON.stringify({ seq: at, reason: 'too-old' }) });
        // The pump has not started: these go first, in order, ahead of anything queued since.
        client.prepend([...head, opening]);
        schedulePoll();
        heartbeatTimer ??= setInterval(() => {
          for (const each of entries) each.client.offer(HEARTBEAT);
        }, limits.heartbeatMs).unref();
        void client.pump();
        return await client.finished;
      } finally {
        entries.delete(entry);
        if (entries.size === 0) {
          clearInterval(heartbeatTimer);
          heartbeatTimer = undefined;
        }
      }
    },

    start() {
      if (pruneTimer || closed) return;
      pruneTimer = setInterval(() => {
        store
          .pruneChanges(limits.keepChanges)
          .catch((error: unknown) =>
            logger.warn({ err: error }, 'live updates: pruning the change feed failed'),
          );
      }, limits.pruneEveryMs);
      pruneTimer.unref();
    },

    async close() {
      closed = true;
      clearTimeout(pollTimer);
      clearInterval(heartbeatTimer);
      clearInterval(pruneTimer);
      for (const entry of entries) entry.client.finish('ended');
      await polling;
    },

    clientCount: () => entries.size,
  };
  return api;
}

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { parseLiveEvent, type LiveEvent } from './liveEvents';
import { keysToInvalidate, mergeKeys } from './queryKeys';

export type LiveStatus = 'connecting' | 'live' | 'offline';

type Listener = (event: LiveEvent) => void;
const listeners = new Set<Listener>();
const statusListeners = new Set<() => void>();
let status: LiveStatus = 'connecting';

function setStatus(next: LiveStatus): void {
  if (next === status) return;
  status = next;
  for (const listener of statusListeners) listener();
}

// Invalidations are batched: a burst of events (a parallel split, a bulk decision) refetches once.
const BATCH_MS = 150;

/**
 * Opens the signed-in user's live stream once (in the app shell) and marks stale the queries the
 * events concern; screens then refetch what they show. The browser's EventSource reconnects by
 * itself and sends Last-Event-ID; a `reset` event (too far behind) refetches everything.
 */
export function useLiveUpdates(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/stream', { withCredentials: true });
    let pending: Array<readonly unknown[]> = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const keys = mergeKeys(pending);
      pending = [];
      for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
    };
    const onEvent = (message: MessageEvent<string>) => {
      const event = parseLiveEvent(message.type, message.data);
      if (!event) return;
      pending.push(...keysToInvalidate(event));
      timer ??= setTimeout(flush, BATCH_MS);
      for (const listener of listeners) listener(event);
    };
    source.addEventListener('instance', onEvent);
    source.addEventListener('task', onEvent);
    source.addEventListener('ready', () => setStatus('live'));
    source.addEventListener('reset', () => void queryClient.invalidateQueries());
    source.onopen = () => setStatus('live');
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
      setStatus('connecting');
    };
  }, [queryClient]);
}

/** Calls the listener for every live event while the component is mounted (e.g. a toast). */
export function useLiveEvent(listener: Listener): void {
  useEffect(() => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, [listener]);
}

/** Whether the live stream is connected ('live'), reconnecting, or gone. */
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(
    (onChange) => {
      statusListeners.add(onChange);
      return () => void statusListeners.delete(onChange);
    },
    () => status,
  );
}

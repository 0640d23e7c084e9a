/**
 * The deliveries of one firing run that are in flight, keyed by timer id: bounded, never two for
 * one timer, and awaitable until there is room for more or until all are done.
 */
export function createFiringWindow(capacity: number) {
  const inFlight = new Map<string, Promise<void>>();
  let waiters: { need: number; wake: () => void }[] = [];

  const settle = () => {
    // Most deliveries finish with nobody waiting: nothing to filter (this runs once per fire).
    if (waiters.length === 0) return;
    const free = capacity - inFlight.size;
    const ready = waiters.filter((waiter) => waiter.need <= free);
    waiters = waiters.filter((waiter) => waiter.need > free);
    for (const waiter of ready) waiter.wake();
  };

  /** Resolves once at least `need` more deliveries can start (all in flight done, at the latest). */
  const roomFor = (need: number): Promise<void> => {
    const required = Math.min(need, capacity);
    if (capacity - inFlight.size >= required) return Promise.resolve();
    return new Promise((wake) => waiters.push({ need: required, wake }));
  };

  return {
    room: () => capacity - inFlight.size,
    size: () => inFlight.size,
    /** Starts `work` for this id unless one is in flight already; returns whether it started. */
    add(id: string, work: () => Promise<void>): boolean {
      if (inFlight.has(id)) return false;
      const running = work()
        .catch(() => undefined)
        .finally(() => {
          inFlight.delete(id);
          settle();
        });
      inFlight.set(id, running);
      return true;
    },
    roomFor,
    drained: () => roomFor(capacity),
  };
}

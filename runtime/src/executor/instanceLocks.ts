/**
 * Serialises work on one instance inside this process, so events for the same instance do not
 * race each other into rev conflicts; across processes the store's rev check still decides.
 */
export function createInstanceLocks() {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(instanceId: string, work: () => Promise<T>): Promise<T> {
      const previous = tails.get(instanceId) ?? Promise.resolve();
      const next = previous.then(work, work);
      const tail = next.catch(() => undefined);
      tails.set(instanceId, tail);
      void tail.then(() => {
        if (tails.get(instanceId) === tail) tails.delete(instanceId);
      });
      return next;
    },
    /** Whether work for the instance is running or queued. */
    busy(instanceId: string): boolean {
      return tails.has(instanceId);
    },
    get size() {
      return tails.size;
    },
  };
}

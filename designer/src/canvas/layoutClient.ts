import type { WorkflowDefinition } from '@flowline/engine';
import type { LayoutRequest, LayoutResponse, Positions, Sizes } from '../model';

/**
 * The auto-layout worker, started on first use (elkjs lives only in it, never in the page's
 * bundle). `warmUp` loads ELK while the canvas is idle, so the first layout the user asks for
 * runs warm.
 */
export interface LayoutClient {
  layout(definition: WorkflowDefinition, sizes?: Sizes): Promise<Positions>;
  warmUp(): void;
  dispose(): void;
}

export function createLayoutClient(): LayoutClient {
  let worker: Worker | undefined;
  let next = 1;
  const pending = new Map<number, { resolve: (p: Positions) => void; reject: (e: Error) => void }>();
  const start = (): Worker => {
    if (worker) return worker;
    worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'layout' });
    worker.addEventListener('message', (event: MessageEvent<LayoutResponse>) => {
      const waiting = pending.get(event.data.id);
      if (!waiting) return;
      pending.delete(event.data.id);
      if ('error' in event.data) waiting.reject(new Error(event.data.error));
      else waiting.resolve(event.data.positions);
    });
    return worker;
  };
  const send = (request: LayoutRequest) =>
    new Promise<Positions>((resolve, reject) => {
      pending.set(request.id, { resolve, reject });
      start().postMessage(request);
    });
  return {
    layout: (definition, sizes) => send({ id: next++, definition, ...(sizes ? { sizes } : {}) }),
    warmUp: () => void send({ id: next++, warmUp: true }).catch(() => undefined),
    dispose() {
      worker?.terminate();
      worker = undefined;
      for (const waiting of pending.values()) waiting.reject(new Error('The canvas was closed'));
      pending.clear();
    },
  };
}

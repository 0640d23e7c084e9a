import type { Catalog, WorkflowDefinition } from '@flowline/engine';
import type { ValidationRequest, ValidationResponse } from './validationWorker';

/** How requests reach the worker and answers come back (a Worker, or a fake in tests). */
export interface ValidationTransport {
  post(request: ValidationRequest): void;
  listen(handler: (response: ValidationResponse) => void): () => void;
}

/** A real worker as a transport. */
export function workerTransport(worker: {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ValidationResponse>) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent<ValidationResponse>) => void): void;
}): ValidationTransport {
  return {
    post: (request) => worker.postMessage(request),
    listen: (handler) => {
      const listener = (event: MessageEvent<ValidationResponse>) => handler(event.data);
      worker.addEventListener('message', listener);
      return () => worker.removeEventListener('message', listener);
    },
  };
}

export interface ValidationClientOptions {
  /** Quiet time after the last edit before validating (a burst of edits validates once). */
  readonly delayMs?: number;
  readonly onProblems: (response: ValidationResponse) => void;
  readonly schedule?: (run: () => void, ms: number) => unknown;
  readonly cancel?: (handle: unknown) => void;
}

/**
 * Live validation from the canvas's side: debounces edits, sends the catalog only when it
 * changed, and drops answers that are stale (an edit was sent after them).
 */
export function createValidationClient(transport: ValidationTransport, options: ValidationClientOptions) {
  const delay = options.delayMs ?? 50;
  const schedule = options.schedule ?? ((run, ms) => setTimeout(run, ms));
  const cancel = options.cancel ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  let nextId = 1;
  let lastSent = 0;
  let sentCatalog: Catalog | undefined;
  let waiting: { definition: WorkflowDefinition; catalog: Catalog } | undefined;
  let timer: unknown;
  let dropped = 0;

  const unlisten = transport.listen((response) => {
    if (response.id !== lastSent) {
      dropped += 1;
      return;
    }
    options.onProblems(response);
  });

  const flush = () => {
    if (timer !== undefined) cancel(timer);
    timer = undefined;
    if (!waiting) return;
    const { definition, catalog } = waiting;
    waiting = undefined;
    lastSent = nextId++;
    const changed = catalog !== sentCatalog;
    sentCatalog = catalog;
    transport.post({ id: lastSent, definition, ...(changed ? { catalog } : {}) });
  };

  return {
    /** The document changed: validate it once edits pause. */
    request(definition: WorkflowDefinition, catalog: Catalog): void {
      waiting = { definition, catalog };
      if (timer !== undefined) cancel(timer);
      timer = schedule(flush, delay);
    },
    /** Validate what is waiting now (before publishing, say). */
    flush,
    /** Answers dropped as stale so far. */
    get dropped() {
      return dropped;
    },
    dispose(): void {
      if (timer !== undefined) cancel(timer);
      unlisten();
    },
  };
}

export type ValidationClient = ReturnType<typeof createValidationClient>;

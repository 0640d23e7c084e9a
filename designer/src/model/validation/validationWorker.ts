/**
 * The validation web worker's entry: a plain module. Message in: a definition (and the catalog
 * when it changed); message out: its problems. Validation never runs on the canvas's thread.
 *
 * The canvas starts it with `new Worker(new URL('…/validationWorker.ts', import.meta.url), { type: 'module' })`.
 */
import type { Catalog, WorkflowDefinition } from '@flowline/engine';
import { checkDefinition, problemsOf, type Problem } from './problems';

export interface ValidationRequest {
  readonly id: number;
  readonly definition: WorkflowDefinition;
  /** Sent with the first request and whenever it changes; the worker keeps the last one. */
  readonly catalog?: Catalog;
}

export interface ValidationResponse {
  readonly id: number;
  readonly problems: readonly Problem[];
  /** How long validation took in the worker. */
  readonly ms: number;
}

/** Answers requests, keeping the last catalog it was sent. */
export function createValidationHandler(now: () => number = () => performance.now()) {
  let catalog: Catalog = { connectors: [] };
  return (request: ValidationRequest): ValidationResponse => {
    if (request.catalog) catalog = request.catalog;
    const started = now();
    const problems = problemsOf(checkDefinition(request.definition, catalog), request.definition);
    return { id: request.id, problems, ms: now() - started };
  };
}

/** The part of a worker's global scope the entry uses. */
export interface WorkerScope {
  addEventListener(type: 'message', listener: (event: { data: ValidationRequest }) => void): void;
  postMessage(message: ValidationResponse): void;
}

export function attachValidationWorker(scope: WorkerScope): void {
  const handle = createValidationHandler();
  scope.addEventListener('message', (event) => scope.postMessage(handle(event.data)));
}

// In a dedicated worker (a postMessage and no document) the module answers by itself.
const global = globalThis as { document?: unknown; postMessage?: unknown };
if (typeof global.document === 'undefined' && typeof global.postMessage === 'function')
  attachValidationWorker(globalThis as unknown as WorkerScope);

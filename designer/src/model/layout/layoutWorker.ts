/**
 * The auto-layout web worker's entry: message in, a definition (and measured sizes); message
 * out, node positions or the reason it failed. ELK (large) is loaded only here, when the first
 * layout is asked for, so it never weighs on the designer's first load.
 */
import type { WorkflowDefinition } from '@flowline/engine';
import type { Sizes } from '../document/edits';
import { autoLayout, type ElkLike, type Positions } from './autoLayout';

export type LayoutRequest =
  | { readonly id: number; readonly definition: WorkflowDefinition; readonly sizes?: Sizes }
  /** Loads ELK and lays out a few small graphs, so the first real layout runs warm (send it when idle). */
  | { readonly id: number; readonly warmUp: true };

export type LayoutResponse =
  { readonly id: number; readonly positions: Positions } | { readonly id: number; readonly error: string };

/**
 * A small workflow with every kind of exit, for warming ELK's code up. Its decisions' `default`
 * exits all lead to the last node, across many columns, as real workflows' rejections and errors
 * lead to a shared end: ELK cuts such long edges into a chain of dummy nodes (most of the time
 * of a 200-node layout goes there), so the warm-up runs that code too.
 */
const WARM_UP: WorkflowDefinition = {
  schemaVersion: 1,
  id: 'warm-up',
  name: 'Warm-up',
  version: 1,
  input: [],
  variables: [],
  nodes: Array.from({ length: 80 }, (_, i) =>
    i % 3 === 1
      ? { id: `n${i}`, name: `n${i}`, kind: 'decision' as const, conditions: [{ id: 'a', when: 'true' }] }
      : { id: `n${i}`, name: `n${i}`, kind: 'join' as const, mode: { type: 'all' as const } },
  ),
  edges: Array.from({ length: 79 }, (_, i) => [
    { id: `e${i}`, source: `n${i}`, sourceHandle: i % 3 === 1 ? 'a' : 'out', target: `n${i + 1}` },
    ...(i % 3 === 1 ? [{ id: `d${i}`, source: `n${i}`, sourceHandle: 'default', target: 'n79' }] : []),
  ]).flat(),
  layout: {},
};

/** Answers layout requests with one ELK instance, created on the first. */
export function createLayoutHandler(loadElk: () => Promise<ElkLike>) {
  let elk: Promise<ElkLike> | undefined;
  return async (request: LayoutRequest): Promise<LayoutResponse> => {
    try {
      elk ??= loadElk();
      if ('warmUp' in request) {
        for (let i = 0; i < 4; i += 1) await autoLayout(await elk, WARM_UP);
        return { id: request.id, positions: {} };
      }
      const positions = await autoLayout(
        await elk,
        request.definition,
        request.sizes ? { sizes: request.sizes } : {},
      );
      return { id: request.id, positions };
    } catch (error) {
      return { id: request.id, error: error instanceof Error ? error.message : String(error) };
    }
  };
}

export interface LayoutWorkerScope {
  addEventListener(type: 'message', listener: (event: { data: LayoutRequest }) => void): void;
  postMessage(message: LayoutResponse): void;
}

export function attachLayoutWorker(scope: LayoutWorkerScope, loadElk: () => Promise<ElkLike>): void {
  const handle = createLayoutHandler(loadElk);
  scope.addEventListener('message', (event) => {
    void handle(event.data).then((response) => scope.postMessage(response));
  });
}

/** ELK's bundled build, which lays out in the thread it runs in (here: the worker's). */
export const loadBundledElk = async (): Promise<ElkLike> => {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  return new ELK();
};

const global = globalThis as { document?: unknown; postMessage?: unknown };
if (typeof global.document === 'undefined' && typeof global.postMessage === 'function')
  attachLayoutWorker(globalThis as unknown as LayoutWorkerScope, loadBundledElk);

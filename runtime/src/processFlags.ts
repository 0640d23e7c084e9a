/**
 * What every launcher of the server passes to node (`pnpm start`, the container's command, the
 * test and benchmark harnesses; processFlags.test.ts keeps them in step).
 * - A 4 MiB semi-space instead of 16: node's young generation then takes 8 MiB resident instead of
 *   32, at no measurable cost in CPU per step (the bench's five-step workflow, same run).
 * - `--expose-gc` for the idle collector (observability/idleCollector.ts): V8 leaves up to about
 *   three times the live heap as garbage before a full collection, and a quiet process never
 *   reaches that limit, so the garbage of a burst stayed resident (about 100 MiB). A lower
 *   --max-old-space-size bounds it too, but cost about 15% more CPU per step, measured.
 */
export const RUNTIME_NODE_FLAGS = ['--max-semi-space-size=4', '--expose-gc'] as const;

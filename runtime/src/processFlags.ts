/**
 * What every launcher of the server passes to node (`pnpm start`, the container's command, the
 * test and benchmark harnesses; processFlags.test.ts keeps them in step).
 * - A 4 MiB semi-space instead of 16: node's young generation then takes 8 MiB resident instead of
 *   32. It costs CPU under load: through HTTP, garbage collection was 24–25 % of the server's
 *   profile against 15–16 % with 16 MiB (about 10 % more CPU per execution; `pnpm bench:profile
 *   --node-arg=--max-semi-space-size=16` compares), while 16 MiB put the RSS with 10^5 waiting
 *   instances at 144–167 MiB against 118–151 (the goal is 150 MB). Kept for the memory goal.
 * - `--expose-gc` for the idle collector (observability/idleCollector.ts): V8 leaves up to about
 *   three times the live heap as garbage before a full collection, and a quiet process never
 *   reaches that limit, so the garbage of a burst stayed resident (about 100 MiB). A lower
 *   --max-old-space-size bounds it too, but cost about 15% more CPU per step, measured.
 */
export const RUNTIME_NODE_FLAGS = ['--max-semi-space-size=4', '--expose-gc'] as const;

import { z } from 'zod';
import { nodeBase } from './base';

export const ParallelNodeSchema = z.object({ ...nodeBase, kind: z.literal('parallel') }).meta({
  title: 'Parallel split',
  description: 'Every outgoing edge starts a branch; branches meet at one join',
});

export const JoinModeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all') }),
  z.object({ type: z.literal('any') }),
  z.object({ type: z.literal('nOfM'), n: z.int().min(1) }),
]);

export const JoinNodeSchema = z
  .object({ ...nodeBase, kind: z.literal('join'), mode: JoinModeSchema.default({ type: 'all' }) })
  .meta({
    title: 'Join',
    description: 'Continues when all, any, or n of the branches arrived; the others are cancelled',
  });

export type JoinMode = z.infer<typeof JoinModeSchema>;

// Per-step overhead (issue 13 goal: ≤ 1 ms): time per completed step of a chain of N no-op steps
// beside a chain of 1, in process, so the start, the end and the instance's own write cancel out.
import { throughput } from './benchCases';
import { CHAIN_LENGTHS, type StepKind } from './stepChains';

export interface StepOverhead {
  readonly kind: StepKind;
  readonly inFlight: number;
  /** (time per instance of N steps − time per instance of 1 step) / (N − 1), in ms. */
  readonly msPerStep: number;
}

/** Instances of each chain run with `inFlight` of them at once; the figure is wall time per step. */
export async function stepOverhead(
  kind: StepKind,
  instances: number,
  inFlight: number,
): Promise<StepOverhead> {
  const [one, many] = [CHAIN_LENGTHS[0], CHAIN_LENGTHS[1]];
  // A throwaway run first: JIT warm-up would otherwise count against the first chain.
  await throughput(`chain-${kind}-${many}`, Math.max(inFlight, instances / 10), inFlight);
  const msPerInstance = async (steps: number) =>
    1000 / (await throughput(`chain-${kind}-${steps}`, instances, inFlight));
  const short = await msPerInstance(one);
  const long = await msPerInstance(many);
  return { kind, inFlight, msPerStep: (long - short) / (many - one) };
}

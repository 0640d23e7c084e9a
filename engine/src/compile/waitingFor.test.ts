import { describe, expect, it } from 'vitest';
import { waitingFor, type PersistedState } from './step';

const state = (context: Record<string, unknown>): PersistedState =>
  ({ value: 'x', status: 'active', context: { waits: {}, ...context } }) as unknown as PersistedState;

describe('waitingFor', () => {
  it('names the events a run waits for under a key: event waits and keyed cancels, each once', () => {
    expect(
      waitingFor(
        state({
          waits: { a: { event: 'alert.resolved', key: 'A1' }, b: { event: 'vendor:callback', key: 'T-9' } },
          cancels: {
            ack: { event: 'alert.resolved', key: 'A1' },
            fix: { event: 'fix.withdrawn' },
            review: { event: 'change.cancelled', key: 'CHG1' },
          },
        }),
      ),
    ).toEqual([
      { event: 'alert.resolved', correlationKey: 'A1' },
      { event: 'vendor:callback', correlationKey: 'T-9' },
      { event: 'change.cancelled', correlationKey: 'CHG1' },
    ]);
    expect(waitingFor(state({}))).toEqual([]);
  });
});

import { defineAction, defineConnector } from '@flowline/connector-sdk';
import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestRuntime, type TestRuntime } from '../testing';

/** A connector whose output JSON changes (a Date) or cannot hold (a BigInt). */
const odd = defineConnector({
  id: 'odd',
  title: 'Odd output',
  version: '1.0.0',
  actions: [
    defineAction({
      id: 'give',
      title: 'Give',
      description: 'Returns what JSON does not keep as it is',
      input: z.object({ big: z.boolean().default(false) }),
      // What a careless connector may declare: anything goes.
      output: z.object({ at: z.unknown(), n: z.unknown() }),
      run: async (_ctx, input) => ({ at: new Date(0), n: input.big ? 10n : 1 }),
    }),
  ],
});

const flow = (big: boolean) =>
  aWorkflow(big ? 'big' : 'date')
    .variables('seen')
    .nodes(
      n.trigger(),
      n.task('give', { action: 'odd.give', input: { big: String(big) }, output: { seen: 'result.at' } }),
      n.end('done'),
    )
    .edges('start -> give', 'give -> done')
    .document();

describe('a connector output at the store edge', () => {
  let rt: TestRuntime;
  afterEach(() => rt?.close());

  it('is what JSON keeps of it, so later steps read what is stored (a Date as its ISO text)', async () => {
    rt = await createTestRuntime({ connectors: [odd] });
    await rt.publish(flow(false));
    const { id } = await rt.executor.start({ workflowId: 'date', input: {} });
    await rt.runJobs();
    const instance = await rt.store.getInstance(id);
    expect(instance).toMatchObject({ status: 'completed' });
    expect(JSON.stringify(instance?.snapshot)).toContain('"seen":"1970-01-01T00:00:00.000Z"');
  });

  it('fails the job, not the step, when JSON cannot hold it (a BigInt)', async () => {
    rt = await createTestRuntime({ connectors: [odd] });
    await rt.publish(flow(true));
    const { id } = await rt.executor.start({ workflowId: 'big', input: {} });
    await rt.runJobs();
    const history = await rt.store.readHistory(id);
    expect(history.at(-1)).toMatchObject({
      type: 'job.failed',
      data: { error: { code: 'OUTPUT_NOT_JSON', retryable: false } },
    });
  });
});

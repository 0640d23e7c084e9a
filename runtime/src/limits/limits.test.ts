import { defineAction, defineConnector } from '@flowline/connector-sdk';
import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestRuntime, type TestRuntime } from '../testing';

const tick = { type: 'event' as const, event: 'tick', correlationKey: "'k'" };
const tickEvent = (at: number, payload: unknown = { blob: '' }) =>
  ({ type: 'event.received', event: 'tick', correlationKey: 'k', payload, at }) as never;

// Waits for "tick" again and again while input.loop holds: a loop only events move on.
const loop = aWorkflow('loop')
  .input({ key: 'loop', label: 'Loop', type: 'boolean' })
  .variables('blob')
  .nodes(
    n.trigger(),
    n.wait('tick', { ...tick, output: { blob: 'event.blob' } }),
    n.decision('again', [{ id: 'yes', when: 'input.loop' }]),
    n.end('done'),
  )
  .edges('start -> tick', 'tick -> again', 'again:yes -> tick', 'again:default -> done')
  .document();

// A connector whose result is as large as asked.
const big = defineConnector({
  id: 'big',
  title: 'Big',
  version: '1.0.0',
  actions: [
    defineAction({
      id: 'make',
      title: 'Make a large result',
      description: 'Returns `size` characters',
      input: z.object({ size: z.number().int() }),
      output: z.object({ data: z.string() }),
      async run(_ctx, input) {
        return { data: 'x'.repeat(input.size) };
      },
    }),
  ],
});

describe('run-time limits', () => {
  let rt: TestRuntime;
  afterEach(() => rt.close());

  it('fails an instance that would enter one node more than limits.nodeVisitsPerInstance times, and withdraws its waits', async () => {
    rt = await createTestRuntime({ limits: { nodeVisitsPerInstance: 3 } });
    await rt.publish(loop);
    const instance = await rt.executor.start({ workflowId: 'loop', input: { loop: true } });
    await rt.executor.send(instance.id, tickEvent(1));
    await rt.executor.send(instance.id, tickEvent(2));
    expect(await rt.store.getInstance(instance.id)).toMatchObject({ status: 'running', rev: 3 });
    const third = await rt.executor.send(instance.id, tickEvent(3));
    expect(third).toMatchObject({ changed: true, ended: true });
    const failed = await rt.store.getInstance(instance.id);
    expect(failed).toMatchObject({
      status: 'failed',
      rev: 4,
      correlationKeys: [],
      error: {
        nodeId: 'tick',
        code: 'LIMIT_EXCEEDED',
        message: 'The instance entered "tick" 4 times; at most 3 are allowed (limits.nodeVisitsPerInstance)',
      },
    });
    const history = await rt.store.readHistory(instance.id);
    expect(history.at(-1)).toMatchObject({
      type: 'instance.fail',
      data: { code: 'LIMIT_EXCEEDED', limit: 'limits.nodeVisitsPerInstance', refused: 'event.received' },
    });
    expect(await rt.store.verifyHistory(instance.id)).toMatchObject({ ok: true, entries: 4 });
    expect(await rt.store.findInstancesByCorrelation('tick:k')).toEqual([]);
  });

  it('fails an instance whose next step would write history entry limits.historyEntriesPerInstance + 1', async () => {
    rt = await createTestRuntime({ limits: { historyEntriesPerInstance: 10 } });
    await rt.publish(loop);
    const instance = await rt.executor.start({ workflowId: 'loop', input: { loop: true } });
    for (let at = 1; at <= 9; at += 1) await rt.executor.send(instance.id, tickEvent(at));
    expect(await rt.store.getInstance(instance.id)).toMatchObject({ status: 'running', rev: 10 });
    await rt.executor.send(instance.id, tickEvent(10));
    expect(await rt.store.getInstance(instance.id)).toMatchObject({
      status: 'failed',
      error: {
        message:
          'The instance reached 10 history entries, the most allowed (limits.historyEntriesPerInstance)',
      },
    });
    // The failure is the one entry past the limit; nothing is written after it.
    expect(await rt.store.readHistory(instance.id)).toHaveLength(11);
    expect((await rt.executor.send(instance.id, tickEvent(11))).changed).toBe(false);
  });

  it('fails an instance whose state an event would grow past limits.instanceBytes, without storing the event', async () => {
    rt = await createTestRuntime({ limits: { instanceBytes: 64 * 1024 } });
    await rt.publish(loop);
    const instance = await rt.executor.start({ workflowId: 'loop', input: { loop: true } });
    await rt.executor.send(instance.id, tickEvent(1, { blob: 'x'.repeat(70 * 1024) }));
    const failed = (await rt.store.getInstance(instance.id))!;
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'LIMIT_EXCEEDED' } });
    expect(failed.error!.message).toMatch(
      /^The instance would take 0\.1 MB stored; at most 0\.1 MB are allowed \(limits\.instanceBytes\)$/,
    );
    expect(JSON.stringify(failed).length).toBeLessThan(16 * 1024);
    expect(JSON.stringify(await rt.store.readHistory(instance.id)).length).toBeLessThan(16 * 1024);
  });

  it('records event data larger than limits.historyEntryBytes in the history as its size only', async () => {
    rt = await createTestRuntime({ limits: { historyEntryBytes: 1024 } });
    await rt.publish(loop);
    const instance = await rt.executor.start({ workflowId: 'loop', input: { loop: true } });
    await rt.executor.send(instance.id, tickEvent(1, { blob: 'small' }));
    await rt.executor.send(instance.id, tickEvent(2, { blob: 'x'.repeat(5000) }));
    const history = await rt.store.readHistory(instance.id);
    expect(history[1]!.data).toMatchObject({ payload: { blob: 'small' } });
    expect(history[2]!.data).toEqual({
      omitted: '5066 bytes, more than limits.historyEntryBytes (1024)',
      bytes: 5066,
    });
    // What the definition keeps of the event is in the state, as usual.
    const stored = (await rt.store.getInstance(instance.id))!.snapshot as {
      context: { vars: { blob: string } };
    };
    expect(stored.context.vars.blob).toHaveLength(5000);
    expect(await rt.store.verifyHistory(instance.id)).toMatchObject({ ok: true });
  });

  it('completes the job whose result was too large, so it is not run again', async () => {
    const fetchBig = aWorkflow('fetch-big')
      .nodes(n.trigger(), n.task('make', { action: 'big.make', input: { size: '100000' } }), n.end('done'))
      .edges('start -> make', 'make -> done')
      .document();
    rt = await createTestRuntime({ connectors: [big], limits: { instanceBytes: 64 * 1024 } });
    await rt.publish(fetchBig);
    const instance = await rt.executor.start({ workflowId: 'fetch-big', input: {} });
    await rt.runJobs();
    expect(await rt.store.getInstance(instance.id)).toMatchObject({
      status: 'failed',
      error: { code: 'LIMIT_EXCEEDED' },
    });
    expect(await rt.store.countJobs('succeeded')).toBe(1);
    expect((await rt.store.countJobs('queued')) + (await rt.store.countJobs('running'))).toBe(0);
  });

  it('refuses a start whose input alone goes past limits.instanceBytes, creating nothing', async () => {
    const form = aWorkflow('form')
      .input({ key: 'text', label: 'Text', type: 'string' })
      .nodes(n.trigger(), n.wait('tick', tick), n.end('done'))
      .edges('start -> tick', 'tick -> done')
      .document();
    rt = await createTestRuntime({ limits: { instanceBytes: 64 * 1024 } });
    await rt.publish(form);
    await expect(
      rt.executor.start({ workflowId: 'form', input: { text: 'x'.repeat(40 * 1024) } }),
    ).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limit: 'limits.instanceBytes' } });
    expect((await rt.store.listInstances({}, { limit: 5 })).items).toEqual([]);
  });

  it('refuses a step that asks for more than limits.commandsPerStep: approvers from the input', async () => {
    const many = aWorkflow('many')
      .input({
        key: 'approvers',
        label: 'Approvers',
        type: 'multiselect',
        options: Array.from({ length: 20 }, (_, i) => ({ value: `user${i}`, label: `User ${i}` })),
      })
      .nodes(
        n.trigger(),
        n.wait('tick', tick),
        n.approval('ok', { assignees: [{ type: 'expression', expression: 'input.approvers' }] }),
        n.end('done'),
        n.end('no', 'rejected'),
      )
      .edges('start -> tick', 'tick -> ok', 'ok:approved -> done', 'ok:rejected -> no')
      .document();
    rt = await createTestRuntime({ limits: { commandsPerStep: 5 } });
    await rt.publish(many);
    const approvers = Array.from({ length: 20 }, (_, i) => `user${i}`);
    const instance = await rt.executor.start({ workflowId: 'many', input: { approvers } });
    await rt.executor.send(instance.id, tickEvent(1));
    expect(await rt.store.getInstance(instance.id)).toMatchObject({
      status: 'failed',
      error: {
        message:
          'One step asked for 20 jobs, tasks, timers or children; at most 5 are allowed (limits.commandsPerStep)',
      },
    });
    expect((await rt.store.listTasks({ instanceId: instance.id }, { limit: 50 })).items).toEqual([]);
  });

  it('refuses a step that would leave more than limits.outboxPerInstance commands waiting', async () => {
    const three = aWorkflow('three')
      .nodes(
        n.trigger(),
        n.wait('tick', tick),
        n.approval('ok', {
          assignees: [
            { type: 'user', id: 'ann' },
            { type: 'user', id: 'bob' },
            { type: 'user', id: 'cy' },
          ],
        }),
        n.end('done'),
        n.end('no', 'rejected'),
      )
      .edges('start -> tick', 'tick -> ok', 'ok:approved -> done', 'ok:rejected -> no')
      .document();
    // Every new task is also announced through the outbox (the approval e-mail), and here the
    // announcement keeps failing, so the commands stay.
    rt = await createTestRuntime({
      limits: { outboxPerInstance: 2 },
      onTaskCreated: async () => {
        throw new Error('mail relay down');
      },
    });
    await rt.publish(three);
    const instance = await rt.executor.start({ workflowId: 'three', input: {} });
    await rt.executor.send(instance.id, tickEvent(1));
    expect(await rt.store.getInstance(instance.id)).toMatchObject({
      status: 'failed',
      error: {
        message:
          "3 commands would wait in the instance's outbox; at most 2 are allowed (limits.outboxPerInstance)",
      },
    });
  });

  it('refuses to start a version with more parallel branches than limits.parallelBranches', async () => {
    const wide = aWorkflow('wide')
      .nodes(
        n.trigger(),
        n.parallel('split'),
        n.wait('a', tick),
        n.wait('b', tick),
        n.wait('c', tick),
        n.join('join'),
        n.end('done'),
      )
      .edges(
        'start -> split',
        'split -> a',
        'split -> b',
        'split -> c',
        'a -> join',
        'b -> join',
        'c -> join',
        'join -> done',
      )
      .document();
    rt = await createTestRuntime({ limits: { parallelBranches: 2 } });
    await rt.publish(wide);
    await expect(rt.executor.start({ workflowId: 'wide', input: {} })).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message:
        'Version 1 of "wide" cannot start: "split" opens 3 branches; at most 2 are allowed (limits.parallelBranches)',
    });
  });
});

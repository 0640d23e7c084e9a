import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { childId } from '../dispatch/dispatcher';
import type { Instance } from '../store';
import { createTestRuntime, type TestRuntime } from '../testing';

// Publishing through the test runtime skips the publish route's cycle check: this is the cycle
// a runtime can still meet (versions from before the check, two replicas publishing at once).
const recursive = aWorkflow('recursive')
  .nodes(n.trigger(), n.sub('recurse', 'recursive'), n.end('done'))
  .edges('start -> recurse', 'recurse -> done')
  .document();

// Goes `input.n` levels deep through itself, then waits for an event at the bottom.
const chain = aWorkflow('chain')
  .input({ key: 'n', label: 'N', type: 'number', required: true })
  .nodes(
    n.trigger(),
    n.decision('more', [{ id: 'deeper', when: 'input.n > 0' }]),
    n.sub('next', 'chain', { input: { n: 'input.n - 1' } }),
    n.wait('bottom', { type: 'event', event: 'go', correlationKey: "'k'" }),
    n.end('done'),
  )
  .edges('start -> more', 'more:deeper -> next', 'more:default -> bottom', 'next -> done', 'bottom -> done')
  .document();

const leaf = aWorkflow('leaf')
  .nodes(n.trigger(), n.wait('hold', { type: 'event', event: 'go', correlationKey: "'k'" }), n.end('done'))
  .edges('start -> hold', 'hold -> done')
  .document();

async function instancesOf(rt: TestRuntime, workflowId: string): Promise<Instance[]> {
  const page = await rt.store.listInstances({ workflowId }, { limit: 200 });
  return Promise.all(page.items.map(async (i) => (await rt.store.getInstance(i.id))!));
}

const refusalOf = (instance: Instance) =>
  (instance.snapshot as { context: { refused?: Record<string, { code: string; message: string }> } }).context
    .refused;

describe('subworkflow trees', () => {
  let rt: TestRuntime;
  afterEach(() => rt.close());

  it('answers the start of a workflow that starts itself, and stops the tree at limits.subworkflowDepth with an incident', async () => {
    rt = await createTestRuntime({ limits: { subworkflowDepth: 3 } });
    await rt.publish(recursive);
    const root = await rt.executor.start({ workflowId: 'recursive', input: {} });
    expect(root.status).toBe('running');
    await rt.idle();
    const all = await instancesOf(rt, 'recursive');
    expect(all.map((i) => i.parent?.depth ?? 0).sort()).toEqual([0, 1, 2, 3]);
    expect(all.every((i) => i.parent === undefined || i.parent.rootId === root.id)).toBe(true);
    const deepest = all.find((i) => i.parent?.depth === 3)!;
    // The deepest parent waits at its subworkflow node for an operator: the child was refused.
    expect(deepest).toMatchObject({ status: 'running', currentNodes: ['recurse'] });
    expect(refusalOf(deepest)).toEqual({
      recurse: {
        code: 'LIMIT_EXCEEDED',
        message:
          'The subworkflow would run 4 levels below the instance that started the tree; at most 3 are allowed (limits.subworkflowDepth)',
      },
    });
    // An operator's retry asks again, and is refused again while the limit stands.
    await rt.executor.send(deepest.id, {
      type: 'job.retry',
      nodeId: 'recurse',
      by: 'ops',
      at: rt.clock.now(),
    });
    await rt.idle();
    expect(await instancesOf(rt, 'recursive')).toHaveLength(4);
    expect(refusalOf((await rt.store.getInstance(deepest.id))!)).toHaveProperty('recurse');
  });

  it('cancels every instance of the tree when its root is cancelled', async () => {
    rt = await createTestRuntime({ limits: { subworkflowDepth: 3 } });
    await rt.publish(recursive);
    const root = await rt.executor.start({ workflowId: 'recursive', input: {} });
    await rt.idle();
    await rt.executor.send(root.id, { type: 'instance.cancel', by: 'ops', at: rt.clock.now() });
    await rt.idle();
    const all = await instancesOf(rt, 'recursive');
    expect(all).toHaveLength(4);
    expect(all.map((i) => i.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
  });

  it('starts no child for a root cancelled before its children were there', async () => {
    rt = await createTestRuntime({ limits: { subworkflowDepth: 50 } });
    await rt.publish(recursive);
    const root = await rt.executor.start({ workflowId: 'recursive', input: {} });
    await rt.executor.send(root.id, { type: 'instance.cancel', by: 'ops', at: rt.clock.now() });
    await rt.idle();
    const all = await instancesOf(rt, 'recursive');
    expect(all.filter((i) => i.status === 'running')).toEqual([]);
    // The root, and at most the children whose creation had begun before the cancel committed
    // (each new child first checks that everyone above it still waits).
    expect(all.length).toBeLessThanOrEqual(3);
  });

  it('cancels a deep chain from its root, level by level, and keeps every history intact', async () => {
    rt = await createTestRuntime({ limits: { subworkflowDepth: 30 } });
    await rt.publish(chain);
    const root = await rt.executor.start({ workflowId: 'chain', input: { n: 25 } });
    await rt.idle();
    const built = await instancesOf(rt, 'chain');
    expect(built).toHaveLength(26);
    expect(built.find((i) => i.parent?.depth === 25)).toMatchObject({ currentNodes: ['bottom'] });
    await rt.executor.send(root.id, { type: 'instance.cancel', by: 'ops', at: rt.clock.now() });
    await rt.idle();
    const after = await instancesOf(rt, 'chain');
    expect(new Set(after.map((i) => i.status))).toEqual(new Set(['cancelled']));
    for (const instance of after)
      expect(await rt.store.verifyHistory(instance.id)).toMatchObject({ ok: true });
  });

  it('completes a chain from the bottom up once its deepest instance moves on', async () => {
    rt = await createTestRuntime();
    await rt.publish(chain);
    const root = await rt.executor.start({ workflowId: 'chain', input: { n: 5 } });
    await rt.idle();
    await rt.sendByCorrelation('go', 'k', {});
    await rt.idle();
    expect(await rt.store.getInstance(root.id)).toMatchObject({ status: 'completed' });
  });

  it('bounds the instances one start grows into by limits.instancesPerTree', async () => {
    const twice = aWorkflow('twice')
      .nodes(
        n.trigger(),
        n.parallel('split'),
        n.sub('left', 'twice'),
        n.sub('right', 'twice'),
        n.join('join'),
        n.end('done'),
      )
      .edges(
        'start -> split',
        'split -> left',
        'split -> right',
        'left -> join',
        'right -> join',
        'join -> done',
      )
      .document();
    rt = await createTestRuntime({ limits: { subworkflowDepth: 20, instancesPerTree: 9 } });
    await rt.publish(twice);
    const root = await rt.executor.start({ workflowId: 'twice', input: {} });
    await rt.idle();
    expect(await rt.store.countInstancesInTree(root.id)).toBe(9);
    expect(await instancesOf(rt, 'twice')).toHaveLength(10);
    const refused = (await instancesOf(rt, 'twice')).flatMap((i) => Object.values(refusalOf(i) ?? {}));
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.message).toMatch(/at most 9 are allowed \(limits\.instancesPerTree\)$/);
  });

  it('fails a parent whose step would ask for more children than limits.childrenPerInstance', async () => {
    const three = aWorkflow('three')
      .nodes(
        n.trigger(),
        n.wait('first', { type: 'event', event: 'go', correlationKey: "'k'" }),
        n.parallel('split'),
        n.sub('a', 'leaf'),
        n.sub('b', 'leaf'),
        n.sub('c', 'leaf'),
        n.join('join'),
        n.end('done'),
      )
      .edges(
        'start -> first',
        'first -> split',
        'split -> a',
        'split -> b',
        'split -> c',
        'a -> join',
        'b -> join',
        'c -> join',
        'join -> done',
      )
      .document();
    rt = await createTestRuntime({ limits: { childrenPerInstance: 2 } });
    await rt.publish(leaf);
    await rt.publish(three);
    const parent = await rt.executor.start({ workflowId: 'three', input: {} });
    await rt.sendByCorrelation('go', 'k', {});
    await rt.idle();
    expect(await rt.store.getInstance(parent.id)).toMatchObject({
      status: 'failed',
      rev: 2,
      error: {
        code: 'LIMIT_EXCEEDED',
        message: 'The instance asked for 3 subworkflows; at most 2 are allowed (limits.childrenPerInstance)',
      },
    });
    expect(await instancesOf(rt, 'leaf')).toEqual([]);
  });

  it('tells the parent why a child could not start, on its error edge', async () => {
    const careful = aWorkflow('careful')
      .nodes(
        n.trigger(),
        n.sub('call', 'nowhere'),
        n.end('ok'),
        n.end('broken', 'failed', { why: 'nodes.call.error.message' }),
      )
      .edges('start -> call', 'call -> ok', 'call:error -> broken')
      .document();
    rt = await createTestRuntime();
    await rt.publish(careful);
    const parent = await rt.executor.start({ workflowId: 'careful', input: {} });
    await rt.idle();
    expect(await rt.store.getInstance(parent.id)).toMatchObject({
      status: 'failed',
      outcome: 'failed',
      output: { why: 'Workflow nowhere has no published version' },
    });
  });

  it('cancels a child a crash left running after its parent was cancelled, when the start is dispatched again', async () => {
    const parentFlow = aWorkflow('parent')
      .nodes(n.trigger(), n.sub('call', 'leaf'), n.end('done'))
      .edges('start -> call', 'call -> done')
      .document();
    rt = await createTestRuntime();
    await rt.publish(leaf);
    await rt.publish(parentFlow);
    // A crash: nothing the steps ask of other instances gets dispatched, the outbox keeps it.
    await rt.dispatcher.stop();
    const parent = await rt.executor.start({ workflowId: 'parent', input: {} });
    expect((await rt.store.getInstance(parent.id))!.outbox.map((c) => c.type)).toEqual(['subworkflow.start']);
    // The lost dispatch had created the child; the parent was cancelled after, and its cancel was
    // delivered while the child did not exist yet.
    const id = childId(parent.id, 'call#1');
    await rt.executor.start({
      id,
      workflowId: 'leaf',
      input: {},
      parent: { instanceId: parent.id, childKey: 'call#1' },
    });
    await rt.executor.send(parent.id, { type: 'instance.cancel', by: 'ops', at: rt.clock.now() });
    const cancel = (await rt.store.getInstance(parent.id))!.outbox.find(
      (c) => c.type === 'subworkflow.cancel',
    )!;
    await rt.store.markDispatched(parent.id, [cancel.id]);
    // Recovery dispatches the start again: the parent no longer waits, so the child is cancelled.
    await rt.dispatcher.recover();
    expect(await rt.store.getInstance(id)).toMatchObject({ status: 'cancelled' });
    expect((await rt.store.getInstance(parent.id))!.outbox).toEqual([]);
  });
});

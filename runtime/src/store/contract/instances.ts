import { describe, expect, it } from 'vitest';
import { isStoreError } from '../errors';
import type { InstanceSummary } from '../schemas/instance';
import type { ContractContext } from './context';
import { T0, aTask, anInstance, aStep } from './fixtures';

const ids = (items: InstanceSummary[]): string[] => items.map((instance) => instance.id);

export function describeInstances({ store }: ContractContext): void {
  describe('instances', () => {
    it('creates an instance and reads it back unchanged', async () => {
      const instance = anInstance({
        parent: { instanceId: 'parent-1', childKey: 'provision' },
        correlationKeys: ['ticket:42'],
        outbox: [{ id: 'inst-1:1:0', type: 'task.create', taskId: 'task-1' }],
      });
      await store().createInstance(instance, { history: [] });
      expect(await store().getInstance('inst-1')).toEqual(instance);
    });

    it('refuses to create an instance whose id exists', async () => {
      await store().createInstance(anInstance(), { history: [] });
      const twice = store().createInstance(anInstance({ workflowId: 'other' }), { history: [] });
      await expect(twice).rejects.toSatisfy((error) => isStoreError(error, 'CONFLICT'));
      expect((await store().getInstance('inst-1'))?.workflowId).toBe('access-request');
    });

    it('answers null for an unknown instance', async () => {
      expect(await store().getInstance('nope')).toBeNull();
    });

    it('reads several instances at once, each as getInstance reads it, leaving out unknown ids', async () => {
      const one = anInstance({
        outbox: [
          { id: 'inst-1:1:0', type: 'task.create', taskId: 'task-1' },
          { id: 'inst-1:1:1', type: 'job.start', action: 'scim.createUser' },
        ],
      });
      await store().createInstance(one, { history: [] });
      await store().createInstance(anInstance({ id: 'inst-2', correlationKeys: ['ticket:7'] }), {
        history: [],
      });
      await store().commitSteps([aStep({ instanceId: 'inst-2' })]);
      const read = await store().getInstances(['inst-2', 'nope', 'inst-1', 'inst-2']);
      const byId = new Map(read.map((instance) => [instance.id, instance]));
      expect([...byId.keys()].sort()).toEqual(['inst-1', 'inst-2']);
      expect(byId.get('inst-1')).toEqual(await store().getInstance('inst-1'));
      expect(byId.get('inst-1')?.outbox.map((command) => command.id)).toEqual(['inst-1:1:0', 'inst-1:1:1']);
      expect(byId.get('inst-2')).toEqual(await store().getInstance('inst-2'));
      expect(byId.get('inst-2')?.rev).toBe(2);
      expect(await store().getInstances([])).toEqual([]);
    });

    it('commits a step: bumps the rev, replaces the state and appends commands to the outbox', async () => {
      await store().createInstance(anInstance({ outbox: [{ id: 'inst-1:1:0', type: 'task.create' }] }), {
        history: [],
      });
      const step = aStep({ commands: [{ id: 'inst-1:2:0', type: 'job.start', action: 'scim.createUser' }] });
      expect(await store().commitSteps([step])).toEqual([{ ok: true, rev: 2 }]);
      const stored = await store().getInstance('inst-1');
      expect(stored).toMatchObject({ rev: 2, ...step.set });
      expect(stored?.outbox.map((command) => command.id)).toEqual(['inst-1:1:0', 'inst-1:2:0']);
      expect(stored?.outbox[1]).toEqual(step.commands[0]);
    });

    it('rejects a commit whose expectedRev is stale and changes nothing', async () => {
      await store().createInstance(anInstance(), { history: [] });
      await store().commitSteps([aStep()]);
      const before = await store().getInstance('inst-1');
      const stale = aStep({
        set: { ...aStep().set, status: 'failed', currentNodes: [] },
        commands: [{ id: 'inst-1:2:0', type: 'job.start' }],
        history: [{ at: T0, type: 'instance.failed', data: {} }],
      });
      expect(await store().commitSteps([stale])).toEqual([{ ok: false, reason: 'conflict' }]);
      expect(await store().getInstance('inst-1')).toEqual(before);
      expect(await store().readHistory('inst-1')).toEqual([]);
    });

    it('answers not_found for a step on a missing instance', async () => {
      expect(await store().commitSteps([aStep({ instanceId: 'ghost' })])).toEqual([
        { ok: false, reason: 'not_found' },
      ]);
    });

    it('applies a batch of commits, each rev-checked independently', async () => {
      for (const id of ['a', 'b', 'c']) await store().createInstance(anInstance({ id }), { history: [] });
      const results = await store().commitSteps([
        aStep({ instanceId: 'a' }),
        aStep({ instanceId: 'b', expectedRev: 7 }),
        aStep({ instanceId: 'ghost' }),
        aStep({ instanceId: 'c', set: { ...aStep().set, status: 'completed', outcome: 'approved' } }),
      ]);
      expect(results).toEqual([
        { ok: true, rev: 2 },
        { ok: false, reason: 'conflict' },
        { ok: false, reason: 'not_found' },
        { ok: true, rev: 2 },
      ]);
      expect((await store().getInstance('b'))?.rev).toBe(1);
      expect(await store().getInstance('c')).toMatchObject({
        rev: 2,
        status: 'completed',
        outcome: 'approved',
      });
    });

    it('applies two steps for the same instance in one batch, in order', async () => {
      await store().createInstance(anInstance(), { history: [] });
      const second = aStep({ expectedRev: 2, set: { ...aStep().set, currentNodes: ['notify'] } });
      expect(await store().commitSteps([aStep(), second, aStep()])).toEqual([
        { ok: true, rev: 2 },
        { ok: true, rev: 3 },
        { ok: false, reason: 'conflict' },
      ]);
      expect((await store().getInstance('inst-1'))?.currentNodes).toEqual(['notify']);
    });

    it('keeps outcome, output and error when a later step does not set them', async () => {
      await store().createInstance(anInstance(), { history: [] });
      const error = { code: 'CONNECTOR_FAILED', message: 'SCIM said no', nodeId: 'provision' };
      await store().commitSteps([
        aStep({ set: { ...aStep().set, status: 'failed', outcome: 'failed', output: { a: 1 }, error } }),
      ]);
      await store().commitSteps([aStep({ expectedRev: 2, set: { ...aStep().set, status: 'failed' } })]);
      expect(await store().getInstance('inst-1')).toMatchObject({
        outcome: 'failed',
        output: { a: 1 },
        error,
      });
    });

    it('finds instances by correlation key, following key changes', async () => {
      await store().createInstance(anInstance({ id: 'a', correlationKeys: ['ticket:1'] }), { history: [] });
      await store().createInstance(anInstance({ id: 'b', correlationKeys: ['ticket:1', 'mail:x'] }), {
        history: [],
      });
      expect(ids(await store().findInstancesByCorrelation('ticket:1'))).toEqual(['a', 'b']);
      await store().commitSteps([
        aStep({ instanceId: 'a', set: { ...aStep().set, correlationKeys: ['ticket:2'] } }),
      ]);
      expect(ids(await store().findInstancesByCorrelation('ticket:1'))).toEqual(['b']);
      expect(ids(await store().findInstancesByCorrelation('ticket:2'))).toEqual(['a']);
      expect(await store().findInstancesByCorrelation('none')).toEqual([]);
    });

    it('keeps where a child sits in its tree and counts the instances under a root', async () => {
      const child = (id: string, rootId: string, depth: number) =>
        anInstance({ id, parent: { instanceId: 'p', childKey: `sub#${id}`, rootId, depth } });
      await store().createInstance(anInstance({ id: 'root' }), { history: [] });
      await store().createInstance(child('c1', 'root', 1), { history: [] });
      await store().createInstance(child('c2', 'root', 2), { history: [] });
      await store().createInstance(child('x1', 'other', 1), { history: [] });
      // A child stored without lineage (before it was recorded) belongs to no counted tree.
      await store().createInstance(anInstance({ id: 'old', parent: { instanceId: 'root', childKey: 'a' } }), {
        history: [],
      });
      expect((await store().getInstance('c2'))?.parent).toEqual({
        instanceId: 'p',
        childKey: 'sub#c2',
        rootId: 'root',
        depth: 2,
      });
      expect(await store().countInstancesInTree('root')).toBe(2);
      expect(await store().countInstancesInTree('other')).toBe(1);
      expect(await store().countInstancesInTree('c1')).toBe(0);
    });

    it('lists instances newest first, filtered, without snapshots', async () => {
      await store().createInstance(anInstance({ id: 'old', createdAt: T0 }), { history: [] });
      await store().createInstance(anInstance({ id: 'mid', createdAt: T0 + 1, startedBy: 'bob' }), {
        history: [],
      });
      await store().createInstance(anInstance({ id: 'new', createdAt: T0 + 2, workflowId: 'onboarding' }), {
        history: [],
      });
      await store().commitSteps([aStep({ instanceId: 'old', set: { ...aStep().set, status: 'completed' } })]);
      const all = await store().listInstances({}, { limit: 10 });
      expect(ids(all.items)).toEqual(['new', 'mid', 'old']);
      expect(all.items[0]).not.toHaveProperty('snapshot');
      expect(
        ids((await store().listInstances({ workflowId: 'access-request' }, { limit: 10 })).items),
      ).toEqual(['mid', 'old']);
      expect(ids((await store().listInstances({ status: 'completed' }, { limit: 10 })).items)).toEqual([
        'old',
      ]);
      expect(ids((await store().listInstances({ startedBy: 'bob' }, { limit: 10 })).items)).toEqual(['mid']);
    });

    it('lists instances of one version and started in a time range', async () => {
      await store().createInstance(anInstance({ id: 'v1', createdAt: T0 }), { history: [] });
      await store().createInstance(anInstance({ id: 'v2a', createdAt: T0 + 10, version: 2 }), {
        history: [],
      });
      await store().createInstance(anInstance({ id: 'v2b', createdAt: T0 + 20, version: 2 }), {
        history: [],
      });
      const list = async (filter: Parameters<ReturnType<typeof store>['listInstances']>[0]) =>
        ids((await store().listInstances(filter, { limit: 10 })).items);
      expect(await list({ workflowId: 'access-request', version: 2 })).toEqual(['v2b', 'v2a']);
      expect(await list({ createdFrom: T0 + 10 })).toEqual(['v2b', 'v2a']);
      expect(await list({ createdTo: T0 + 10 })).toEqual(['v1']);
      expect(await list({ createdFrom: T0 + 5, createdTo: T0 + 15, version: 2 })).toEqual(['v2a']);
      const first = await store().listInstances({ version: 2 }, { limit: 1 });
      expect(ids(first.items)).toEqual(['v2b']);
      const next = await store().listInstances({ version: 2 }, { limit: 1, cursor: first.nextCursor! });
      expect(ids(next.items)).toEqual(['v2a']);
    });

    it('pages with a cursor that stays stable while instances are added and updated', async () => {
      for (let n = 0; n < 5; n += 1) {
        await store().createInstance(anInstance({ id: `i${n}`, createdAt: T0 + n }), { history: [] });
      }
      const first = await store().listInstances({}, { limit: 2 });
      expect(ids(first.items)).toEqual(['i4', 'i3']);
      await store().createInstance(anInstance({ id: 'late', createdAt: T0 + 10 }), { history: [] });
      await store().commitSteps([aStep({ instanceId: 'i2' })]);
      const seen = [...ids(first.items)];
      let cursor = first.nextCursor;
      while (cursor !== null) {
        const page = await store().listInstances({}, { limit: 2, cursor });
        seen.push(...ids(page.items));
        cursor = page.nextCursor;
      }
      expect(seen).toEqual(['i4', 'i3', 'i2', 'i1', 'i0']);
    });

    it('lists the instances involving a user: started by them or with a task that is or was theirs', async () => {
      const make = (id: string, at: number, startedBy?: string) =>
        store().createInstance(anInstance({ id, createdAt: T0 + at, ...(startedBy ? { startedBy } : {}) }), {
          history: [],
        });
      await make('mine', 1, 'ada');
      await make('assigned', 2, 'bob');
      await make('group', 3, 'bob');
      await make('handed-on', 4, 'bob');
      await make('decided', 5, 'bob');
      await make('other', 6, 'bob');
      await make('other-group', 7, 'bob');
      await store().createTask(
        aTask({ id: 't1', instanceId: 'assigned', assignee: { type: 'user', id: 'ada' } }),
      );
      await store().createTask(
        aTask({ id: 't2', instanceId: 'group', assignee: { type: 'group', id: 'hr' } }),
      );
      await store().createTask(
        aTask({ id: 't3', instanceId: 'handed-on', assignee: { type: 'user', id: 'ada' } }),
      );
      await store().delegateTask('t3', {
        from: { type: 'user', id: 'ada' },
        to: { type: 'user', id: 'linus' },
      });
      await store().createTask(
        aTask({ id: 't4', instanceId: 'decided', assignee: { type: 'group', id: 'cab' } }),
      );
      await store().decideTask('t4', { outcome: 'approved', by: 'ada', at: T0 });
      await store().createTask(
        aTask({ id: 't5', instanceId: 'other', assignee: { type: 'user', id: 'linus' } }),
      );
      await store().createTask(
        aTask({ id: 't6', instanceId: 'other-group', assignee: { type: 'group', id: 'cab' } }),
      );
      const involving = { userId: 'ada', groups: ['hr'] };
      expect(ids((await store().listInstances({ involving }, { limit: 10 })).items)).toEqual([
        'decided',
        'handed-on',
        'group',
        'assigned',
        'mine',
      ]);
      const first = await store().listInstances({ involving, status: 'running' }, { limit: 2 });
      expect(ids(first.items)).toEqual(['decided', 'handed-on']);
      const next = await store().listInstances({ involving }, { limit: 2, cursor: first.nextCursor! });
      expect(ids(next.items)).toEqual(['group', 'assigned']);
      expect(
        ids(
          (await store().listInstances({ involving: { userId: 'nobody', groups: [] } }, { limit: 10 })).items,
        ),
      ).toEqual([]);
    });

    it('counts open incidents per instance and lists those with or without one', async () => {
      await store().createInstance(anInstance({ id: 'calm', createdAt: T0 }), { history: [] });
      await store().createInstance(anInstance({ id: 'stuck', createdAt: T0 + 1, openIncidents: 2 }), {
        history: [],
      });
      expect((await store().getInstance('stuck'))?.openIncidents).toBe(2);
      const list = async (hasIncident: boolean) =>
        ids((await store().listInstances({ hasIncident }, { limit: 10 })).items);
      expect(await list(true)).toEqual(['stuck']);
      expect(await list(false)).toEqual(['calm']);
      // A step sets the count; one that says nothing keeps it; 0 clears it.
      await store().commitSteps([aStep({ instanceId: 'calm', set: { ...aStep().set, openIncidents: 1 } })]);
      expect((await store().listInstances({ hasIncident: true }, { limit: 10 })).items).toMatchObject([
        { id: 'stuck', openIncidents: 2 },
        { id: 'calm', openIncidents: 1 },
      ]);
      await store().commitSteps([aStep({ instanceId: 'stuck', set: { ...aStep().set, openIncidents: 0 } })]);
      expect(await list(true)).toEqual(['calm']);
      expect((await store().getInstance('stuck'))?.openIncidents).toBeUndefined();
    });

    it('counts exactly the instances it would list under each filter, however many pages', async () => {
      for (let n = 0; n < 7; n += 1)
        await store().createInstance(
          anInstance({
            id: `c${n}`,
            createdAt: T0 + n,
            workflowId: n % 2 === 0 ? 'access-request' : 'onboarding',
            ...(n < 5 ? { openIncidents: 1 } : {}),
            ...(n === 6 ? { startedBy: 'bob' } : {}),
          }),
          { history: [] },
        );
      await store().commitSteps([
        aStep({ instanceId: 'c0', set: { ...aStep().set, status: 'failed', openIncidents: 0 } }),
      ]);
      await store().createTask(
        aTask({ id: 'c-task', instanceId: 'c5', assignee: { type: 'user', id: 'eve' } }),
      );
      const listed = async (filter: Parameters<ReturnType<typeof store>['countInstances']>[0]) => {
        let count = 0;
        let cursor: string | null | undefined;
        do {
          const page = await store().listInstances(filter, { limit: 2, ...(cursor ? { cursor } : {}) });
          count += page.items.length;
          cursor = page.nextCursor;
        } while (cursor);
        return count;
      };
      const filters = [
        {},
        { hasIncident: true },
        { hasIncident: true, status: 'running' as const },
        { hasIncident: true, status: 'running' as const, workflowId: 'onboarding' },
        { hasIncident: false },
        { status: 'failed' as const },
        { createdFrom: T0 + 2, createdTo: T0 + 5 },
        { startedBy: 'bob' },
        { involving: { userId: 'eve', groups: [] } },
        { workflowId: 'nothing-here' },
      ];
      const counts = await Promise.all(filters.map((filter) => store().countInstances(filter)));
      expect(counts).toEqual([7, 4, 4, 2, 3, 1, 3, 1, 1, 0]);
      for (const [index, filter] of filters.entries()) expect(await listed(filter)).toBe(counts[index]);
    });

    it('rejects a page cursor it did not issue', async () => {
      const listing = store().listInstances({}, { limit: 2, cursor: 'not-a-cursor' });
      await expect(listing).rejects.toSatisfy((error) => isStoreError(error, 'INVALID_CURSOR'));
    });
  });
}

import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../http/testApp';

/** IT records the new laptop's serial number; the request ends with it. */
const laptopSerial = aWorkflow('laptop-serial')
  .nodes(
    n.trigger(),
    n.manualTask('serial', {
      title: "Record the laptop's serial number",
      instructions: 'The sticker is under the battery.',
      assignees: [{ type: 'group', id: 'it-desk' }],
      form: [
        { key: 'serialNumber', label: 'Serial number', type: 'string', required: true, maxLength: 40 },
        { key: 'ram', label: 'Memory (GB)', type: 'integer', required: true, min: 8 },
        { key: 'wiped', label: 'Disk wiped', type: 'boolean' },
      ],
      reminders: { every: 'PT4H', max: 2 },
      due: { after: 'P2D' },
      allowDelegation: true,
    }),
    n.end('ready', 'completed', { serial: 'nodes.serial.form.serialNumber', by: 'nodes.serial.by' }),
    n.end('late', 'rejected'),
  )
  .edges('start -> serial', 'serial:done -> ready', 'serial:timeout -> late')
  .document();

describe('manual tasks through the HTTP API', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('ivan', ['approver'], ['it-desk']);
    await t.user('vic', ['viewer'], ['it-desk']);
    await t.user('olga', ['approver']);
    await t.rt.publish(laptopSerial);
  });
  afterEach(() => t.close());

  async function start() {
    const instance = await t.rt.executor.start({ workflowId: 'laptop-serial', input: {}, startedBy: 'ivan' });
    const { items } = await t.rt.store.listTasks({ instanceId: instance.id }, { limit: 1 });
    return { instance, task: items[0]!, path: `/api/tasks/${encodeURIComponent(items[0]!.id)}` };
  }

  it('lists the task in the inbox as a manual task, with its form and its one outcome', async () => {
    await start();
    const inbox = await t.call('ivan', 'GET', '/api/tasks');
    expect(inbox.status).toBe(200);
    const { items } = (await inbox.json()) as { items: Record<string, unknown>[] };
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'manualTask',
      title: "Record the laptop's serial number",
      outcomes: ['done'],
      // Segregation of duties is off by default: the requester may do the work.
      canDecide: true,
      form: {
        instructions: 'The sticker is under the battery.',
        fields: [{ key: 'serialNumber' }, { key: 'ram' }, { key: 'wiped' }],
      },
    });
  });

  it('refuses a completion with bad form values field by field, and changes nothing', async () => {
    const { instance, path } = await start();
    const before = await t.rt.store.readHistory(instance.id);
    const bad = await t.call('ivan', 'POST', `${path}/decide`, {
      outcome: 'done',
      form: { ram: 4, colour: 'grey' },
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { code: string; issues: { path: string; message: string }[] };
    expect(body.code).toBe('INVALID_INPUT');
    expect(body.issues.map((i) => i.path).sort()).toEqual(['form.colour', 'form.ram', 'form.serialNumber']);
    expect(body.issues.find((i) => i.path === 'form.serialNumber')?.message).toBe(
      '"Serial number" is required',
    );
    expect(await t.rt.store.readHistory(instance.id)).toEqual(before);
    expect(await t.rt.store.getInstance(instance.id)).toMatchObject({ status: 'running' });
  });

  it('completes with the form values, which later expressions read as the node result', async () => {
    const { instance, path } = await start();
    const done = await t.call('ivan', 'POST', `${path}/decide`, {
      outcome: 'done',
      form: { serialNumber: 'PF3A9Z', ram: 16 },
    });
    expect(done.status).toBe(200);
    expect(await t.rt.store.getInstance(instance.id)).toMatchObject({
      status: 'completed',
      output: { serial: 'PF3A9Z', by: 'ivan' },
    });
    const [task] = (await t.rt.store.listTasks({ instanceId: instance.id }, { limit: 1 })).items;
    expect(task).toMatchObject({
      status: 'decided',
      decision: { outcome: 'done', by: 'ivan', form: { serialNumber: 'PF3A9Z', ram: 16 } },
    });
  });

  it('is not completed by a group member who may not decide, nor with an outcome it does not offer', async () => {
    const { path } = await start();
    expect((await t.call('vic', 'POST', `${path}/decide`, { outcome: 'done', form: {} })).status).toBe(403);
    const wrong = await t.call('ivan', 'POST', `${path}/decide`, {
      outcome: 'approved',
      form: { serialNumber: 'X', ram: 8 },
    });
    expect(wrong.status).toBe(400);
  });

  it('is delegated like an approval, and times out along its timeout edge', async () => {
    const { instance, path } = await start();
    const delegated = await t.call('ivan', 'POST', `${path}/delegate`, { to: 'olga' });
    expect(delegated.status).toBe(200);
    expect(await delegated.json()).toMatchObject({
      kind: 'manualTask',
      assignee: { type: 'user', id: 'olga' },
    });
    await t.rt.advance(2 * 86_400_000);
    expect(await t.rt.store.getInstance(instance.id)).toMatchObject({
      status: 'rejected',
      currentNodes: ['late'],
    });
    const [task] = (await t.rt.store.listTasks({ instanceId: instance.id }, { limit: 1 })).items;
    expect(task).toMatchObject({ status: 'cancelled' });
  });

  it("shows the task's kind among the instance's open tasks", async () => {
    const { instance } = await start();
    const detail = await t.call('ivan', 'GET', `/api/instances/${instance.id}`);
    expect(detail.status).toBe(200);
    expect(await detail.json()).toMatchObject({ openTasks: [{ nodeId: 'serial', kind: 'manualTask' }] });
  });
});

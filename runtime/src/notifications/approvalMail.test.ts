import { exampleWorkflows } from '@flowline/examples';
import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../http/testApp';

const byTheCab = aWorkflow('cab-approval')
  .nodes(
    n.trigger(),
    n.approval('cab', { assignees: [{ type: 'group', id: 'cab' }] }),
    n.end('yes'),
    n.end('no', 'rejected'),
  )
  .edges('start -> cab', 'cab:approved -> yes', 'cab:rejected -> no')
  .document();

const form = { system: 'crm', accessLevel: 'read', justification: 'Onboarding', manager: 'maria' };

describe('approval e-mails', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('maria', ['approver']);
    await t.rt.publish(exampleWorkflows[0]!.definition as never);
    await t.rt.vault.save('email', 'default', {});
  });
  afterEach(() => t.rt.close());

  const mailJob = async () =>
    (await t.rt.store.listTasks({ assigneeUserId: 'maria' }, { limit: 1 })).items[0]!;

  it('tries a send the relay refused again later, and sends it once', async () => {
    t.fakeEmail.relay.failures = 2;
    await t.rt.executor.start({ workflowId: 'access-approval', input: form });
    await t.rt.runJobs();
    const task = await mailJob();
    expect(await t.rt.store.getJob(`${task.id}:mail:maria`)).toMatchObject({ status: 'queued', attempt: 2 });
    expect(t.fakeEmail.sent).toEqual([]);

    // Not before its backoff (30 s ± 20 %), then once more, then the relay answers.
    t.rt.clock.advance(20_000);
    await t.rt.runJobs();
    expect(t.fakeEmail.relay.attempts).toBe(1);
    t.rt.clock.advance(20_000);
    await t.rt.runJobs();
    expect(await t.rt.store.getJob(`${task.id}:mail:maria`)).toMatchObject({ status: 'queued', attempt: 3 });
    t.rt.clock.advance(75_000);
    await t.rt.runJobs();
    expect(t.fakeEmail.relay.attempts).toBe(3);
    expect(t.fakeEmail.sent).toHaveLength(1);
    expect(await t.rt.store.getJob(`${task.id}:mail:maria`)).toMatchObject({
      status: 'succeeded',
      attempt: 3,
    });
    // The instance never saw the mail's results.
    const history = await t.rt.store.readHistory(task.instanceId);
    expect(history.map((h) => h.type)).toEqual(['instance.started']);
  });

  it("e-mails each active member of an approval's group links bound to them; the first to decide wins", async () => {
    await t.user('ann', ['approver'], ['cab']);
    await t.user('bob', ['approver'], ['cab', 'it-ops']);
    await t.user('carl', ['approver'], ['cab']);
    await t.rt.store.updateUser('carl', { disabled: true });
    await t.user('dave', ['approver'], ['it-ops']);
    await t.rt.publish(byTheCab);
    const instance = await t.rt.executor.start({ workflowId: 'cab-approval', input: {} });
    await t.rt.runJobs();
    const mails = new Map(t.fakeEmail.sent.map((m) => [m.to, m]));
    expect([...mails.keys()].sort()).toEqual(['ann@example.com', 'bob@example.com']);

    const path = (url: string) => url.replace('http://flowline.test', '');
    const post = (url: string) =>
      t.app.request(path(url), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
      });
    expect((await post(mails.get('bob@example.com')!.approveUrl)).status).toBe(200);
    expect(await t.rt.store.getInstance(instance.id)).toMatchObject({ status: 'completed' });
    expect((await post(mails.get('ann@example.com')!.rejectUrl)).status).toBe(409);
    const [task] = (await t.rt.store.listTasks({ instanceId: instance.id }, { limit: 1 })).items;
    expect(task).toMatchObject({ status: 'decided', decision: { outcome: 'approved', by: 'bob' } });
  });

  it('gives up after its last attempt', async () => {
    t.fakeEmail.relay.failures = 100;
    await t.rt.executor.start({ workflowId: 'access-approval', input: form });
    for (let i = 0; i < 12; i += 1) {
      await t.rt.runJobs();
      t.rt.clock.advance(40 * 60_000);
    }
    const task = await mailJob();
    expect(await t.rt.store.getJob(`${task.id}:mail:maria`)).toMatchObject({ status: 'failed', attempt: 10 });
    expect(t.fakeEmail.relay.attempts).toBe(10);
  });
});

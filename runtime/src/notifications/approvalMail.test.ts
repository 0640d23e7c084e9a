import { decodeQuotedPrintable } from '@flowline/connectors/testing';
import { accessApprovalV1 } from '@flowline/examples';
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

/** Three outcomes, none of them named approved/rejected, and reminders. */
const changeReview = aWorkflow('change-review')
  .nodes(
    n.trigger(),
    n.approval('review', {
      assignees: [{ type: 'user', id: 'maria' }],
      outcomes: [
        { id: 'go', label: 'Go ahead' },
        { id: 'defer', label: 'Defer to next window' },
        { id: 'stop', label: 'Stop the change' },
      ],
      requireCommentOn: [],
      reminders: { every: 'PT1H', max: 2 },
    }),
    n.end('done'),
    n.end('later'),
    n.end('stopped', 'rejected'),
  )
  .edges('start -> review', 'review:go -> done', 'review:defer -> later', 'review:stop -> stopped')
  .document();

const form = { system: 'crm', accessLevel: 'read', justification: 'Onboarding', manager: 'maria' };

describe('approval e-mails, through the real e-mail connector to an SMTP peer', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('maria', ['approver']);
    await t.rt.publish(accessApprovalV1 as never);
  });
  afterEach(() => t.close());

  const path = (url: string) => url.replace('http://flowline.test', '');
  const open = (url: string) => t.app.request(path(url));
  const confirm = (url: string, comment = '') =>
    t.app.request(path(url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(comment ? { comment } : {}).toString(),
    });
  const mailJob = async () =>
    (await t.rt.store.listTasks({ assigneeUserId: 'maria' }, { limit: 1 })).items[0]!;

  it('delivers the approval e-mail; its links, clicked, show a confirmation page and then decide', async () => {
    const mailbox = await t.mailbox();
    const instance = await t.rt.executor.start({ workflowId: 'access-approval', input: form });
    await t.rt.runJobs();
    const [mail, ...others] = mailbox.received();
    expect(others).toEqual([]);
    expect(mail).toMatchObject({ to: 'maria@example.com', subject: 'Approval needed: Access request' });
    expect(Object.keys(mail!.links)).toEqual(['Approve', 'Reject']);

    // A mail scanner's GET decides nothing.
    const page = await open(mail!.links['Approve']!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Nothing has been decided yet');
    expect(await t.rt.store.getInstance(instance.id)).toMatchObject({ status: 'running' });

    expect((await confirm(mail!.links['Approve']!)).status).toBe(200);
    expect(await t.rt.store.getInstance(instance.id)).toMatchObject({
      status: 'completed',
      output: { system: 'crm', accessLevel: 'read' },
    });
    expect((await confirm(mail!.links['Reject']!, 'too late')).status).toBe(409);
  });

  it('signs one link per outcome the approval defines, and each decides its own outcome', async () => {
    const mailbox = await t.mailbox();
    await t.rt.publish(changeReview);
    const first = await t.rt.executor.start({ workflowId: 'change-review', input: {} });
    const second = await t.rt.executor.start({ workflowId: 'change-review', input: {} });
    await t.rt.runJobs();
    const [one, two] = mailbox.received();
    expect(Object.keys(one!.links)).toEqual(['Go ahead', 'Defer to next window', 'Stop the change']);
    expect((await confirm(one!.links['Defer to next window']!)).status).toBe(200);
    expect((await confirm(two!.links['Stop the change']!)).status).toBe(200);
    const ended = await Promise.all([first, second].map((i) => t.rt.store.getInstance(i.id)));
    // The two mails may arrive in either order; each link decided the outcome it was signed for.
    expect(ended.map((i) => `${i?.status} at ${i?.currentNodes.join()}`).sort()).toEqual([
      'completed at later',
      'rejected at stopped',
    ]);
  });

  it('says what the task is about: its details in the e-mail and on the confirmation page, as text', async () => {
    const mailbox = await t.mailbox();
    const detailed = aWorkflow('new-hire-access')
      .input(
        { key: 'name', label: 'Name', type: 'string' },
        {
          key: 'access',
          label: 'Access',
          type: 'multiselect',
          options: [
            { value: 'crm', label: 'CRM' },
            { value: 'erp', label: 'ERP' },
          ],
        },
      )
      .nodes(
        n.trigger(),
        n.approval('mgr', {
          title: 'Access for a new hire',
          assignees: [{ type: 'user', id: 'maria' }],
          details: { 'New hire': 'input.name', 'Extra access': 'input.access' },
        }),
        n.end('yes'),
        n.end('no', 'rejected'),
      )
      .edges('start -> mgr', 'mgr:approved -> yes', 'mgr:rejected -> no')
      .document();
    await t.rt.publish(detailed);
    await t.rt.executor.start({
      workflowId: 'new-hire-access',
      input: { name: 'Ada <script>Lovelace', access: ['crm', 'erp'] },
    });
    await t.rt.runJobs();
    const raw = decodeQuotedPrintable(mailbox.peer.messages[0]!.raw);
    expect(raw).toContain('New hire: Ada <script>Lovelace\r\nExtra access: crm, erp');
    const page = await (await open(mailbox.received()[0]!.links['Approve']!)).text();
    expect(page).toContain('<dt>New hire</dt><dd>Ada &#60;script&#62;Lovelace</dd>');
    expect(page).toContain('<dt>Extra access</dt><dd>crm, erp</dd>');
  });

  it('sends each reminder as an e-mail with fresh links to the tasks still open, once', async () => {
    const mailbox = await t.mailbox();
    await t.rt.publish(changeReview);
    const instance = await t.rt.executor.start({ workflowId: 'change-review', input: {} });
    await t.rt.runJobs();
    expect(mailbox.received()).toHaveLength(1);

    await t.rt.advance(3_600_000);
    await t.rt.runJobs();
    // A re-dispatch of the same reminder (after a crash) sends nothing twice.
    await t.rt.dispatcher.recover();
    await t.rt.runJobs();
    const mails = mailbox.received();
    expect(mails.map((m) => m.subject)).toEqual([
      'Approval needed: Approve review',
      'Reminder: approval needed: Approve review',
    ]);
    const reminder = mails[1]!;
    expect(Object.keys(reminder.links)).toEqual(['Go ahead', 'Defer to next window', 'Stop the change']);
    expect(reminder.links['Go ahead']).not.toBe(mails[0]!.links['Go ahead']);

    // The reminder's link decides like the first mail's would.
    expect((await confirm(reminder.links['Go ahead']!)).status).toBe(200);
    expect(await t.rt.store.getInstance(instance.id)).toMatchObject({ status: 'completed' });
    // No reminder for a decided task.
    await t.rt.advance(3_600_000);
    await t.rt.runJobs();
    expect(mailbox.received()).toHaveLength(2);
  });

  it('tries a send the relay refused again later, and sends it once', async () => {
    const mailbox = await t.mailbox();
    mailbox.peer.failNext(2);
    await t.rt.executor.start({ workflowId: 'access-approval', input: form });
    await t.rt.runJobs();
    const task = await mailJob();
    expect(await t.rt.store.getJob(`${task.id}:mail:maria`)).toMatchObject({ status: 'queued', attempt: 2 });
    expect(mailbox.received()).toEqual([]);

    // Not before its backoff (30 s ± 20 %), then once more, then the relay answers.
    t.rt.clock.advance(20_000);
    await t.rt.runJobs();
    expect(mailbox.peer.attempts).toBe(1);
    t.rt.clock.advance(20_000);
    await t.rt.runJobs();
    expect(await t.rt.store.getJob(`${task.id}:mail:maria`)).toMatchObject({ status: 'queued', attempt: 3 });
    t.rt.clock.advance(75_000);
    await t.rt.runJobs();
    expect(mailbox.peer.attempts).toBe(3);
    expect(mailbox.received()).toHaveLength(1);
    expect(await t.rt.store.getJob(`${task.id}:mail:maria`)).toMatchObject({
      status: 'succeeded',
      attempt: 3,
    });
    // The instance never saw the mail's results.
    const history = await t.rt.store.readHistory(task.instanceId);
    expect(history.map((h) => h.type)).toEqual(['instance.started']);
  });

  it("e-mails each active member of an approval's group links bound to them; the first to decide wins", async () => {
    const mailbox = await t.mailbox();
    await t.user('ann', ['approver'], ['cab']);
    await t.user('bob', ['approver'], ['cab', 'it-ops']);
    await t.user('carl', ['approver'], ['cab']);
    await t.rt.store.updateUser('carl', { disabled: true });
    await t.user('dave', ['approver'], ['it-ops']);
    await t.rt.publish(byTheCab);
    const instance = await t.rt.executor.start({ workflowId: 'cab-approval', input: {} });
    await t.rt.runJobs();
    const mails = new Map(mailbox.received().map((m) => [m.to, m]));
    expect([...mails.keys()].sort()).toEqual(['ann@example.com', 'bob@example.com']);

    expect((await confirm(mails.get('bob@example.com')!.links['Approve']!)).status).toBe(200);
    expect(await t.rt.store.getInstance(instance.id)).toMatchObject({ status: 'completed' });
    expect((await confirm(mails.get('ann@example.com')!.links['Reject']!, 'no')).status).toBe(409);
    const [task] = (await t.rt.store.listTasks({ instanceId: instance.id }, { limit: 1 })).items;
    expect(task).toMatchObject({ status: 'decided', decision: { outcome: 'approved', by: 'bob' } });
  });

  it('e-mails only the members who may decide: not a viewer, a disabled member or the requester', async () => {
    const mailbox = await t.mailbox();
    await t.user('ann', ['approver'], ['cab']);
    await t.user('vic', ['viewer'], ['cab']);
    await t.user('carl', ['approver'], ['cab']);
    await t.rt.store.updateUser('carl', { disabled: true });
    await t.user('sam', ['approver'], ['cab']);
    await t.rt.publish(byTheCab);
    // Sam asks; segregation of duties (on by default) keeps his own request out of his inbox.
    await t.rt.executor.start({ workflowId: 'cab-approval', input: {}, startedBy: 'sam' });
    await t.rt.runJobs();
    expect(mailbox.received().map((m) => m.to)).toEqual(['ann@example.com']);
  });

  it('sends no e-mail to a named approver who may not decide (the task carries an incident instead)', async () => {
    const mailbox = await t.mailbox();
    await t.user('vic', ['viewer']);
    await t.rt.publish(
      aWorkflow('viewer-approval')
        .nodes(n.trigger(), n.approval('ok', { assignees: [{ type: 'user', id: 'vic' }] }), n.end('yes'))
        .edges('start -> ok', 'ok:approved -> yes', 'ok:rejected -> yes')
        .document(),
    );
    const instance = await t.rt.executor.start({ workflowId: 'viewer-approval', input: {} });
    await t.rt.runJobs();
    expect(mailbox.received()).toEqual([]);
    const stored = await t.rt.store.getInstance(instance.id);
    expect(JSON.stringify(stored?.snapshot)).toContain('APPROVER_CANNOT_DECIDE');
  });

  it('gives up after its last attempt', async () => {
    const mailbox = await t.mailbox();
    mailbox.peer.failNext(100);
    await t.rt.executor.start({ workflowId: 'access-approval', input: form });
    for (let i = 0; i < 12; i += 1) {
      await t.rt.runJobs();
      t.rt.clock.advance(40 * 60_000);
    }
    const task = await mailJob();
    expect(await t.rt.store.getJob(`${task.id}:mail:maria`)).toMatchObject({ status: 'failed', attempt: 10 });
    expect(mailbox.peer.attempts).toBe(10);
  });

  it('sends nothing, and fails no job, when no e-mail connection is set up', async () => {
    await t.rt.executor.start({ workflowId: 'access-approval', input: form });
    await t.rt.runJobs();
    const task = await mailJob();
    expect(await t.rt.store.getJob(`${task.id}:mail:maria`)).toBeNull();
  });
});

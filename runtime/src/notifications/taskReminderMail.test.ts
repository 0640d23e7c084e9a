import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../http/testApp';
import { escapeHtml } from '../http/routes/linkForm';

const desk = [{ type: 'group' as const, id: 'it-desk' }];

/** A manual task with a form, reminded every 4 hours. */
const laptopSerial = aWorkflow('laptop-serial')
  .nodes(
    n.trigger(),
    n.manualTask('serial', {
      title: "Record the laptop's serial number",
      assignees: desk,
      form: [
        { key: 'serialNumber', label: 'Serial number', type: 'string', required: true },
        { key: 'ram', label: 'Memory (GB)', type: 'integer' },
      ],
      reminders: { every: 'PT4H', max: 2 },
    }),
    n.end('ready', 'completed', { serial: 'nodes.serial.form.serialNumber', ram: 'nodes.serial.form.ram' }),
  )
  .edges('start -> serial', 'serial:done -> ready')
  .document();

/** An approval by the same group, with segregation of duties (on by default), reminded too. */
const deskApproval = aWorkflow('desk-approval')
  .nodes(
    n.trigger(),
    n.approval('ok', { assignees: desk, reminders: { every: 'PT4H', max: 1 } }),
    n.end('yes'),
    n.end('no', 'rejected'),
  )
  .edges('start -> ok', 'ok:approved -> yes', 'ok:rejected -> no')
  .document();

describe('task e-mails and reminders to the assignees who may decide, through the SMTP peer', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('ivan', ['approver'], ['it-desk']);
    await t.user('sam', ['approver'], ['it-desk']);
    await t.user('vic', ['viewer'], ['it-desk']);
    await t.user('carl', ['approver'], ['it-desk']);
    await t.rt.store.updateUser('carl', { disabled: true });
    await t.rt.publish(laptopSerial);
    await t.rt.publish(deskApproval);
  });
  afterEach(() => t.close());

  const path = (url: string) => url.replace('http://flowline.test', '');
  const post = (url: string, fields: Record<string, string>) =>
    t.app.request(path(url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });

  it("mails a manual task's reminders, marked as reminders, with valid links, to those who may do it only", async () => {
    const mailbox = await t.mailbox();
    const instance = await t.rt.executor.start({ workflowId: 'laptop-serial', input: {}, startedBy: 'sam' });
    await t.rt.runJobs();
    // The requester may do a manual task (segregation of duties is off for them by default).
    expect(
      mailbox
        .received()
        .map((m) => `${m.to} ${m.subject}`)
        .sort(),
    ).toEqual([
      "ivan@example.com Task to do: Record the laptop's serial number",
      "sam@example.com Task to do: Record the laptop's serial number",
    ]);

    await t.rt.advance(4 * 3_600_000);
    await t.rt.runJobs();
    const reminders = mailbox.received().filter((m) => m.subject.startsWith('Reminder:'));
    expect(reminders.map((m) => `${m.to} ${m.subject}`).sort()).toEqual([
      "ivan@example.com Reminder: task to do: Record the laptop's serial number",
      "sam@example.com Reminder: task to do: Record the laptop's serial number",
    ]);
    const link = reminders.find((m) => m.to === 'ivan@example.com')!.links['Done']!;

    // The link's page asks for the form; a GET decides nothing.
    const page = await t.app.request(path(link));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="field.serialNumber"');
    expect(html).toContain('Nothing has been decided yet');

    // A missing required value is refused field by field, and the link stays usable.
    const incomplete = await post(link, { 'field.ram': '16' });
    expect(incomplete.status).toBe(400);
    expect(await incomplete.text()).toContain(escapeHtml('"Serial number" is required'));
    expect(await t.rt.store.getInstance(instance.id)).toMatchObject({ status: 'running' });

    expect((await post(link, { 'field.serialNumber': 'PF3A9Z', 'field.ram': '16' })).status).toBe(200);
    expect(await t.rt.store.getInstance(instance.id)).toMatchObject({
      status: 'completed',
      output: { serial: 'PF3A9Z', ram: 16 },
    });
    // Spent: the same link, and the other assignee's, decide nothing more.
    expect((await post(link, { 'field.serialNumber': 'OTHER' })).status).toBe(409);
    const samsLink = reminders.find((m) => m.to === 'sam@example.com')!.links['Done']!;
    expect((await post(samsLink, { 'field.serialNumber': 'OTHER' })).status).toBe(409);
  });

  it("mails an approval's reminder to the members who may decide: not the requester, a viewer or a disabled member", async () => {
    const mailbox = await t.mailbox();
    const instance = await t.rt.executor.start({ workflowId: 'desk-approval', input: {}, startedBy: 'sam' });
    await t.rt.runJobs();
    await t.rt.advance(4 * 3_600_000);
    await t.rt.runJobs();
    const mails = mailbox.received();
    expect(mails.map((m) => `${m.to} ${m.subject}`)).toEqual([
      'ivan@example.com Approval needed: Approve ok',
      'ivan@example.com Reminder: approval needed: Approve ok',
    ]);
    expect((await post(mails[1]!.links['Approve']!, {})).status).toBe(200);
    expect(await t.rt.store.getInstance(instance.id)).toMatchObject({ status: 'completed' });
  });
});

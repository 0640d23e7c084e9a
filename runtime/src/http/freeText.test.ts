import { accessApprovalV1 } from '@flowline/examples';
import { aWorkflow, n } from '@flowline/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testApp';
import { invalidInputIssues } from './invalidInputIssues';

const review = aWorkflow('review')
  .nodes(
    n.trigger(),
    n.approval('ok', { assignees: [{ type: 'user', id: 'maria' }], allowDelegation: true }),
    n.end('yes'),
    n.end('no', 'rejected'),
  )
  .edges('start -> ok', 'ok:approved -> yes', 'ok:rejected -> no')
  .document();

// Right-to-left writing: an embedding (U+202B … U+202C) and an isolate (U+2067 … U+2069).
const HEBREW = 'מאושר \u202bלפי הנוהל\u202c';
const ARABIC = '\u2067تمت الموافقة\u2069 OK';

describe('free text others read (comments, reasons, notes) refuses control characters only', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
    await t.user('maria', ['approver']);
    await t.user('olga', ['approver']);
    await t.rt.publish(review);
  });
  afterAll(() => t.close());

  const start = async () => {
    const started = await t.call('ada', 'POST', '/api/instances', { workflowId: 'review', input: {} });
    const { id } = (await started.json()) as { id: string };
    const { items } = await t.rt.store.listTasks({ instanceId: id }, { limit: 1 });
    return { id, task: `/api/tasks/${encodeURIComponent(items[0]!.id)}` };
  };
  const refusedAt = invalidInputIssues;
  const control = (path: string, code: string) => [
    {
      path,
      message: expect.stringMatching(new RegExp(`^Must not contain control characters \\(U\\+${code} at`)),
    },
  ];

  it('a decision comment', async () => {
    const { task } = await start();
    const decide = (comment: string) =>
      t.call('maria', 'POST', `${task}/decide`, { outcome: 'approved', comment });
    expect(await refusedAt(await decide('ok\u0000'))).toEqual(control('comment', '0000'));
    expect(await refusedAt(await decide('ok\u001b[2J'))).toEqual(control('comment', '001B'));
    expect(await refusedAt(await decide('ok\u0085'))).toEqual(control('comment', '0085'));
    expect(await refusedAt(await decide('ok\u007f'))).toEqual(control('comment', '007F'));
    expect((await decide(`${HEBREW}\r\n\t${ARABIC}`)).status).toBe(200);
  });

  it('a delegation comment', async () => {
    const { task } = await start();
    const delegate = (comment: string) =>
      t.call('maria', 'POST', `${task}/delegate`, { to: 'olga', comment });
    expect(await refusedAt(await delegate('over to you\u0007'))).toEqual(control('comment', '0007'));
    expect((await delegate(HEBREW)).status).toBe(200);
  });

  it('a cancel reason and a withdraw reason', async () => {
    const { id } = await start();
    const cancel = (reason: string) => t.call('ada', 'POST', `/api/instances/${id}/cancel`, { reason });
    expect(await refusedAt(await cancel('dup\u0000'))).toEqual(control('reason', '0000'));
    const withdraw = (reason: string) => t.call('ada', 'POST', `/api/instances/${id}/withdraw`, { reason });
    expect(await refusedAt(await withdraw('dup\u009b'))).toEqual(control('reason', '009B'));
    expect((await t.rt.store.getInstance(id))?.status).toBe('running');
    expect((await withdraw(ARABIC)).status).toBe(200);
  });

  it('a publish note', async () => {
    const path = `/api/definitions/${(accessApprovalV1 as { id: string }).id}`;
    expect((await t.call('ada', 'PUT', path, { definition: accessApprovalV1, draftRev: 0 })).status).toBe(
      200,
    );
    const publish = (note: string) => t.call('ada', 'POST', `${path}/publish`, { note });
    expect(await refusedAt(await publish('v1\u0000'))).toEqual(control('note', '0000'));
    expect((await publish(`${HEBREW}\nsecond line`)).status).toBe(201);
  });
});

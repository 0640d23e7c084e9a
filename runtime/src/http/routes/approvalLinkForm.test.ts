import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';

// An approval whose approver fills fields on the link's page: each kind the page has to read.
const purchase = aWorkflow('purchase')
  .nodes(
    n.trigger(),
    n.approval('ok', {
      assignees: [{ type: 'user', id: 'maria' }],
      outcomes: [
        { id: 'approved', label: 'Buy it' },
        { id: 'rejected', label: 'Not now' },
      ],
      form: [
        { key: 'amount', label: 'Amount', type: 'number', required: true },
        { key: 'seats', label: 'Seats', type: 'integer', min: 1 },
        { key: 'urgent', label: 'Urgent', type: 'boolean' },
        { key: 'starts', label: 'Starts', type: 'date' },
        { key: 'backup', label: 'Backup', type: 'string', format: 'user' },
        { key: 'note', label: 'Note', type: 'text', maxLength: 10 },
      ],
    }),
    n.end('yes'),
    n.end('no', 'rejected'),
  )
  .edges('start -> ok', 'ok:approved -> yes', 'ok:rejected -> no')
  .document();

/** Text as the page's HTML escapes it (escapeHtml writes numeric references), read back. */
const unescaped = (html: string) =>
  html.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

describe('the approval link page reads its fields as the API does', () => {
  let t: TestApp;
  let taskId = '';
  let link = '';
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('maria', ['approver']);
    await t.user('olga', ['approver']);
    await t.user('ada', ['admin']);
    await t.rt.publish(purchase);
    const instance = await t.rt.executor.start({ workflowId: 'purchase', input: {}, startedBy: 'rita' });
    const { items } = await t.rt.store.listTasks({ instanceId: instance.id }, { limit: 1 });
    taskId = items[0]!.id;
    const now = t.rt.clock.now();
    link = `/approve/${t.links.sign({ taskId, approverId: 'maria', decision: 'approved', expiresAt: now + 3_600_000 }, now)}`;
  });
  afterEach(() => t.close());

  const confirm = (fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields))
      for (const one of [value].flat()) body.append(name, one);
    return t.app.request(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
  };
  /** The page shown again: 400, the message beside its field, nothing decided, the link unspent. */
  const shownAgain = async (response: Response, beside: Record<string, string | RegExp>) => {
    const html = await response.text();
    expect(response.status, html).toBe(400);
    expect(html).toContain('Nothing was decided.');
    expect(html).toContain('<form method="post">');
    for (const [key, message] of Object.entries(beside)) {
      const shown = new RegExp(
        `aria-describedby="problem\\.${key}"[^]*?<strong class="problem" id="problem\\.${key}">([^<]*)</strong>`,
      ).exec(html);
      expect(unescaped(shown?.[1] ?? ''), key).toMatch(message);
    }
    expect(await t.rt.store.getTask(taskId)).toMatchObject({ status: 'open' });
    return html;
  };
  const decidedWith = async (fields: Record<string, string | string[]>) => {
    const response = await confirm(fields);
    expect(response.status, await response.clone().text()).toBe(200);
    return (await t.rt.store.getTask(taskId))?.decision;
  };

  it.each(['0x10', '1e3', ' 16', '16 ', '+16', 'Infinity', '1,5'])(
    'refuses the number %j beside its field, and the link still decides',
    async (amount) => {
      const html = await shownAgain(await confirm({ 'field.amount': amount }), {
        amount: '"Amount" must be a number in decimal digits, such as 12.5',
      });
      // What was typed is shown again, to be corrected (escaped, as text).
      expect(html).toContain(`value="${amount}"`);
      expect(await decidedWith({ 'field.amount': '16' })).toMatchObject({
        outcome: 'approved',
        form: { amount: 16, urgent: false },
      });
    },
  );

  it('names the outcome by the label the e-mail gave it, on the page, its button and the thanks', async () => {
    const page = await (await t.app.request(link)).text();
    expect(page).toContain('<title>Confirm: Buy it</title>');
    expect(page).toContain('You are about to answer <strong>Buy it</strong>.');
    expect(page).toContain('<button type="submit">Confirm: Buy it</button>');
    expect(await shownAgain(await confirm({ 'field.amount': '' }), { amount: /required/ })).toContain(
      'Confirm: Buy it',
    );
    const thanks = await confirm({ 'field.amount': '12' });
    expect(await thanks.text()).toContain('<h1>Recorded: Buy it</h1>');
  });

  it('says whether a task closed before its link was opened was decided or withdrawn', async () => {
    const opened = async () => {
      const answer = await t.app.request(link);
      expect(answer.status).toBe(409);
      return answer.text();
    };
    const task = (await t.rt.store.getTask(taskId))!;
    expect((await t.call('ada', 'POST', `/api/instances/${task.instanceId}/cancel`)).status).toBe(200);
    const withdrawn = await opened();
    expect(withdrawn).toContain('<title>Withdrawn</title>');
    expect(withdrawn).toContain('This task was withdrawn: its request was cancelled or moved on.');
    expect(withdrawn).not.toContain('decided');
  });

  it('takes decimal numbers as written, and an empty required number as missing, not 0', async () => {
    await shownAgain(await confirm({ 'field.amount': '' }), { amount: '"Amount" is required' });
    expect(await decidedWith({ 'field.amount': '-12.50', 'field.seats': '3' })).toMatchObject({
      form: { amount: -12.5, seats: 3 },
    });
  });

  it('refuses a whole number with a fraction or an exponent, and one out of range as the API does', async () => {
    await shownAgain(await confirm({ 'field.amount': '1', 'field.seats': '5.0' }), {
      seats: '"Seats" must be a whole number in decimal digits, such as 12',
    });
    await shownAgain(await confirm({ 'field.amount': '1', 'field.seats': '2e1' }), { seats: /whole number/ });
    await shownAgain(await confirm({ 'field.amount': '1', 'field.seats': '0' }), { seats: /1/ });
  });

  it('reads a checkbox as ticked ("true") or not sent, and refuses anything else', async () => {
    await shownAgain(await confirm({ 'field.amount': '1', 'field.urgent': 'yes' }), {
      urgent: '"Urgent" is a box to tick or leave empty',
    });
    await shownAgain(await confirm({ 'field.amount': '1', 'field.urgent': ['true', 'true'] }), {
      urgent: '"Urgent" was sent more than once',
    });
    expect(await decidedWith({ 'field.amount': '1', 'field.urgent': 'true' })).toMatchObject({
      form: { urgent: true },
    });
  });

  it('refuses a date the calendar lacks or written otherwise, as the API does', async () => {
    for (const starts of ['2026-02-30', ' 2026-03-01', '01/03/2026'])
      await shownAgain(await confirm({ 'field.amount': '1', 'field.starts': starts }), {
        starts: '"Starts" must be a date (YYYY-MM-DD)',
      });
    expect(await decidedWith({ 'field.amount': '1', 'field.starts': '2026-03-01' })).toMatchObject({
      form: { starts: '2026-03-01' },
    });
  });

  it('refuses a person who is no active user beside the field, alone or with other messages', async () => {
    await shownAgain(await confirm({ 'field.amount': '1', 'field.backup': 'nobody' }), {
      backup: 'There is no active user nobody: pick a person from the directory',
    });
    await shownAgain(await confirm({ 'field.amount': '0x1', 'field.backup': 'nobody' }), {
      amount: /decimal digits/,
      backup: /no active user nobody/,
    });
    expect(await decidedWith({ 'field.amount': '1', 'field.backup': 'olga' })).toMatchObject({
      form: { backup: 'olga' },
    });
  });

  it('refuses a comment with control characters beside it, but keeps right-to-left text as written', async () => {
    const html = await shownAgain(await confirm({ 'field.amount': '1', comment: 'fine\u0000' }), {
      comment: 'Must not contain control characters (U+0000 at character 5)',
    });
    expect(html).toMatch(/<textarea name="comment"[^>]*dir="auto"/);
    expect(html).toContain('>fine\u0000</textarea>');
    const comment = 'מאושר \u202bלפי הנוהל\u202c\nline two';
    expect(await decidedWith({ 'field.amount': '1', comment })).toMatchObject({ comment });
  });

  /** What the JSON API answers for the same decision: its 400's message by path. */
  const apiIssues = async (request: Record<string, unknown>) => {
    const response = await t.call('maria', 'POST', `/api/tasks/${encodeURIComponent(taskId)}/decide`, {
      outcome: 'approved',
      ...request,
    });
    expect(response.status).toBe(400);
    const { issues } = (await response.json()) as { issues: { path: string; message: string }[] };
    // Compared with the page's text as a reader sees it (shownAgain reads the escaped HTML back).
    return Object.fromEntries(issues.map((i) => [i.path.replace(/^form\./, ''), i.message]));
  };

  it('refuses a comment over 10,000 characters beside it with the API message, never cutting it', async () => {
    const long = 'x'.repeat(10_001);
    const api = await apiIssues({ comment: long, form: { amount: 1 } });
    expect(api.comment).toBeTruthy();
    const html = await shownAgain(await confirm({ 'field.amount': '1', comment: long }), {
      comment: api.comment!,
    });
    expect(html).toContain(`>${long}</textarea>`);
    const full = `${'y'.repeat(9_999)}z`;
    expect(await decidedWith({ 'field.amount': '1', comment: full })).toMatchObject({ comment: full });
  });

  it('takes text as typed, spaces included, and holds it to the same limits as the API', async () => {
    const padded = ' 123456789 ';
    const api = await apiIssues({ form: { amount: 1, note: padded } });
    expect(api.note).toBeTruthy();
    await shownAgain(await confirm({ 'field.amount': '1', 'field.note': padded }), { note: api.note! });
    expect(
      await decidedWith({ 'field.amount': '1', 'field.note': ' a b ', comment: '  ok  ' }),
    ).toMatchObject({
      form: { note: ' a b ' },
      comment: '  ok  ',
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';

interface Refusal {
  code: string;
  issues: { path: string; message: string }[];
}

// The e-mail connector declares its settings (host, port, secure, requireTls, from) and an
// optional login: a key it does not declare used to be dropped with a 200.
describe('PUT /api/connections/{connectorId}/{name}: keys the connector does not declare', () => {
  let t: TestApp;
  const settings = { host: 'smtp.example.com', from: 'Flowline <flow@example.com>' };
  const put = (name: string, body: object) => t.call('ada', 'PUT', `/api/connections/email/${name}`, body);

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
  });
  afterAll(() => t.close());

  it('refuses an unknown setting by its path and saves nothing', async () => {
    const answer = await put('ops', { settings: { ...settings, colour: 'red' } });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as Refusal).issues).toEqual([
      { path: 'settings.colour', message: 'Unknown field "colour"' },
    ]);
    expect(await t.rt.vault.find('email', 'ops')).toBeUndefined();
  });

  it('refuses an unknown credential field alongside the other problems', async () => {
    const answer = await put('ops', {
      settings: { ...settings, prot: 25 },
      credentials: { username: 'mailer', passwrd: 'x' },
    });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as Refusal).issues.map((issue) => issue.path).sort()).toEqual([
      'credentials',
      'credentials.passwrd',
      'settings.prot',
    ]);
  });

  it('says what a connection name may hold', async () => {
    const answer = await put('ops%E2%80%AE', { settings });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as Refusal).issues).toEqual([
      { path: 'name', message: 'Use 1–64 letters, digits, _ . or -' },
    ]);
  });

  it('still saves what the connector declares', async () => {
    expect((await put('ops', { settings })).status).toBe(200);
  });

  it('still loads and tests a connection stored with such a key before', async () => {
    const { peer } = await t.mailbox();
    await t.rt.vault.save('email', 'legacy', {
      settings: { host: peer.host, port: peer.port, requireTls: false, from: 'f@example.com', colour: 'red' },
    });
    const { id } = (await t.rt.vault.find('email', 'legacy'))!;
    const read = await t.call('ada', 'GET', `/api/connections/${id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ settings: { colour: 'red' } });
    const tested = await t.call('ada', 'POST', `/api/connections/${id}/test`);
    expect(await tested.json()).toMatchObject({ ok: true });
  });
});

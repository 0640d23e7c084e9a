import { exampleWorkflows } from '@flowline/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testApp';
import { invalidInputIssues } from './invalidInputIssues';

// U+202E makes what follows display right to left: "Approve \u202eevorppA" reads "Approve Approve".
const RLO = '\u202e';
const DIRECTION = /^Must not contain a text-direction control \(U\+202E at character \d+\)/;
const CONTROL = /^Must not contain control characters \(U\+0000 at character \d+\)/;

describe('HTTP API: names people read hold no control or text-direction characters', () => {
  let t: TestApp;
  const refused = invalidInputIssues;

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
    await t.user('maria', ['approver']);
  });
  afterAll(() => t.close());

  it('refuses them in a user name, on create and on update, and stores nothing', async () => {
    const create = await t.call('ada', 'POST', '/api/users', {
      email: 'eve@example.com',
      name: `Eve ${RLO}nimda`,
      password: 'plum tractor oyster 71',
      roles: ['viewer'],
    });
    expect(await refused(create)).toEqual([{ path: 'name', message: expect.stringMatching(DIRECTION) }]);
    expect(await t.rt.store.getUserByEmail('eve@example.com')).toBeNull();
    const update = await t.call('ada', 'PATCH', '/api/users/maria', { name: 'Maria\u0000' });
    expect(await refused(update)).toEqual([{ path: 'name', message: expect.stringMatching(CONTROL) }]);
    expect(await t.rt.store.getUser('maria')).toMatchObject({ name: 'maria' });
  });

  it('refuses them in a group name, and in its description all but line breaks and tabs', async () => {
    const group = (body: object) => t.call('ada', 'POST', '/api/groups', { id: 'cab', ...body });
    expect(await refused(await group({ name: `CAB${RLO}` }))).toEqual([
      { path: 'name', message: expect.stringMatching(DIRECTION) },
    ]);
    expect(await refused(await group({ name: 'CAB', description: `Line one\n${RLO}` }))).toEqual([
      { path: 'description', message: expect.stringMatching(DIRECTION) },
    ]);
    expect(await t.rt.store.getGroup('cab')).toBeNull();
    expect((await group({ name: 'CAB', description: 'Line one\n\tLine two' })).status).toBe(201);
    expect(await refused(await t.call('ada', 'PATCH', '/api/groups/cab', { name: 'C\tAB' }))).toEqual([
      { path: 'name', message: expect.stringMatching(/^Must be one line/) },
    ]);
  });

  it('refuses them in an API token name', async () => {
    const answer = await t.call('ada', 'POST', '/api/tokens', { name: `ci${RLO}`, roles: ['viewer'] });
    expect(await refused(answer)).toEqual([{ path: 'name', message: expect.stringMatching(DIRECTION) }]);
  });

  it('refuses a draft whose workflow name has them, and saves nothing', async () => {
    const example = exampleWorkflows[0]!.definition as { id: string; name: string };
    const answer = await t.call('ada', 'PUT', `/api/definitions/${example.id}`, {
      definition: { ...example, name: `Access ${RLO}` },
      draftRev: 0,
    });
    expect(await refused(answer)).toEqual([
      { path: 'definition.name', message: expect.stringMatching(DIRECTION) },
    ]);
    expect(await t.rt.store.getDraft(example.id)).toBeNull();
  });

  it('keeps a draft whose step name has them, with the issue on that step, and will not publish it', async () => {
    const example = exampleWorkflows[0]!.definition as { id: string; nodes: { id: string; name: string }[] };
    const nodes = example.nodes.map((node, i) => (i === 1 ? { ...node, name: `${node.name}${RLO}` } : node));
    const saved = await t.call('ada', 'PUT', `/api/definitions/${example.id}`, {
      definition: { ...example, nodes },
      draftRev: 0,
    });
    expect(saved.status).toBe(200);
    const { issues } = (await saved.json()) as {
      issues: { code: string; nodeId?: string; path: unknown[] }[];
    };
    expect(issues).toContainEqual(
      expect.objectContaining({ code: 'UNSAFE_TEXT', nodeId: nodes[1]!.id, path: ['nodes', 1, 'name'] }),
    );
    const publish = await t.call('ada', 'POST', `/api/definitions/${example.id}/publish`);
    expect(publish.status).toBe(422);
    expect(await t.rt.store.getLatestVersionNumber(example.id)).toBeNull();
  });
});

import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';
import { invalidInputIssues } from '../invalidInputIssues';

const draft = aWorkflow('draft').nodes(n.trigger(), n.end('done')).edges('start -> done').document();

describe('the workflow id in the path of a definition route that writes', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
  });
  afterEach(() => t.close());

  const issuesOf = invalidInputIssues;

  it('refuses a draft under an id no workflow can have, naming id, and saves nothing', async () => {
    for (const [raw, encoded] of [
      ['BAD ID', 'BAD%20ID'],
      ['d/1', 'd%2F1'],
      ['-dash', '-dash'],
    ] as const) {
      const answer = await t.call('ada', 'PUT', `/api/definitions/${encoded}`, {
        definition: { ...draft, id: raw, name: 'x' },
        draftRev: 0,
      });
      const issues = await issuesOf(answer);
      expect(issues.map((i) => i.path)).toEqual(['id']);
      expect(issues[0]!.message).toMatch(/lower-case letters/);
    }
    const listed = (await (await t.call('ada', 'GET', '/api/definitions')).json()) as { items: unknown[] };
    expect(listed.items).toEqual([]);
  });

  it('refuses it on publish and on setting or removing a retention policy', async () => {
    const cases: [string, string, unknown][] = [
      ['POST', '/api/definitions/BAD%20ID/publish', undefined],
      ['PUT', '/api/definitions/BAD%20ID/retention', { endedInstancesDays: 30 }],
      ['DELETE', '/api/definitions/d%2F1/retention', undefined],
    ];
    for (const [method, path, body] of cases)
      expect((await issuesOf(await t.call('ada', method, path, body))).map((i) => i.path)).toEqual(['id']);
  });

  it('still saves a work-in-progress draft with node-level issues under a valid id', async () => {
    const definition = {
      ...draft,
      nodes: [...draft.nodes, { id: 'review', name: 'Review', kind: 'approval', assignees: [] }],
    };
    const saved = await t.call('ada', 'PUT', '/api/definitions/draft', { definition, draftRev: 0 });
    expect(saved.status).toBe(200);
    const { issues } = (await saved.json()) as { issues: { path: (string | number)[] }[] };
    expect(issues.length).toBeGreaterThan(0);
  });
});

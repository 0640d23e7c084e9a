import { createBuiltinConnectors } from '@flowline/connectors';
import { aWorkflow, n } from '@flowline/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../http/testApp';

interface Published {
  version: number;
  warnings: { code: string; nodeId?: string; path: (string | number)[]; message: string }[];
}

// A step whose connector needs a base URL or an account, with no connection to give it one, stops
// every run with an incident; the publisher hears of it before the first run does.
describe('publishing a workflow whose steps lack their connection', () => {
  let t: TestApp;
  let draftRev = 0;
  const publish = async (connection?: string): Promise<Published> => {
    const definition = aWorkflow('laptops')
      .nodes(
        n.trigger(),
        n.task('order', {
          action: 'http.request',
          input: { method: '"GET"', url: '"https://example.com/laptops"' },
          ...(connection ? { connection } : {}),
        }),
        n.end('done'),
      )
      .edges('start -> order', 'order -> done')
      .document();
    const saved = await t.call('dan', 'PUT', '/api/definitions/laptops', { definition, draftRev });
    expect(saved.status, await saved.clone().text()).toBe(200);
    draftRev = ((await saved.json()) as { draft: { draftRev: number } }).draft.draftRev;
    const answer = await t.call('dan', 'POST', '/api/definitions/laptops/publish');
    expect(answer.status).toBe(201);
    return (await answer.json()) as Published;
  };
  const createConnection = async (name: string) => {
    const answer = await t.call('ada', 'PUT', `/api/connections/http/${name}`, {
      credentials: { auth: { type: 'none' } },
      settings: { baseUrl: 'https://example.com' },
    });
    expect(answer.status, await answer.clone().text()).toBe(200);
  };

  beforeAll(async () => {
    t = await createTestApp({ connectors: createBuiltinConnectors({ network: { allowLoopback: true } }) });
    await t.user('ada', ['admin']);
    await t.user('dan', ['designer']);
  });
  afterAll(() => t.close());

  it('warns at the step’s Connection field when it names none and there is no default, and still publishes', async () => {
    const { warnings } = await publish();
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'CONNECTION_MISSING',
        nodeId: 'order',
        path: ['nodes', 1, 'connection'],
      }),
    ]);
    expect(warnings[0]!.message).toContain('HTTP needs one (baseUrl)');
  });

  it('warns when the connection it names does not exist, and not once it does', async () => {
    const before = await publish('shop');
    expect(before.warnings.map((w) => w.message)).toEqual([
      expect.stringContaining('uses the connection "shop", which does not exist for HTTP'),
    ]);
    await createConnection('shop');
    expect((await publish('shop')).warnings).toEqual([]);
  });

  it('says nothing of a step that names none once the connector has a default connection', async () => {
    await createConnection('default');
    expect((await publish()).warnings).toEqual([]);
  });
});

import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';

interface Refusal {
  code: string;
  message: string;
  issues: { code: string; nodeId?: string; path: (string | number)[]; message: string }[];
}

const calling = (id: string, target: string, extra: Record<string, unknown> = {}) =>
  aWorkflow(id)
    .nodes(n.trigger(), n.sub('call', target, extra), n.end('done'))
    .edges('start -> call', 'call -> done')
    .document();

describe('HTTP API: what a definition or input may multiply', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({
      limits: { subworkflowDepth: 2, parallelBranches: 3, instanceBytes: 64 * 1024 },
    });
    await t.user('ada', ['admin']);
    await t.user('dan', ['designer']);
  });
  afterEach(() => t.rt.close());

  async function publish(definition: { id: string }) {
    const saved = await t.call('dan', 'PUT', `/api/definitions/${definition.id}`, {
      definition,
      draftRev: 0,
    });
    expect(saved.status).toBe(200);
    return t.call('dan', 'POST', `/api/definitions/${definition.id}/publish`);
  }

  it('refuses to publish a workflow that starts itself, on the subworkflow node', async () => {
    const response = await publish(calling('selfish', 'selfish'));
    expect(response.status).toBe(422);
    const body = (await response.json()) as Refusal;
    expect(body.code).toBe('DEFINITION_INVALID');
    expect(body.issues).toEqual([
      {
        code: 'SUBWORKFLOW_CYCLE',
        severity: 'error',
        nodeId: 'call',
        path: ['nodes', 1, 'workflowId'],
        message:
          '"call" starts this workflow itself: a workflow must not start itself, directly or through others',
      },
    ]);
    const versions = await t.call('dan', 'GET', '/api/definitions/selfish/versions');
    expect(await versions.json()).toEqual({ items: [] });
  });

  it('refuses the publish that closes a cycle through another published workflow', async () => {
    expect(
      (await publish(aWorkflow('a').nodes(n.trigger(), n.end('done')).edges('start -> done').document()))
        .status,
    ).toBe(201);
    expect((await publish(calling('b', 'a'))).status).toBe(201);
    // a version 2 that calls b, which calls a's latest: a again.
    const saved = await t.call('dan', 'PUT', '/api/definitions/a', {
      definition: calling('a', 'b'),
      draftRev: 1,
    });
    expect(saved.status).toBe(200);
    const response = await t.call('dan', 'POST', '/api/definitions/a/publish');
    expect(response.status).toBe(422);
    expect(((await response.json()) as Refusal).issues[0]).toMatchObject({
      code: 'SUBWORKFLOW_CYCLE',
      nodeId: 'call',
      message:
        '"call" starts "b" (version 1), which starts this workflow again: a workflow must not start itself, directly or through others',
    });
  });

  it('publishes a call to a pinned older version that does not call back', async () => {
    expect(
      (await publish(aWorkflow('c').nodes(n.trigger(), n.end('done')).edges('start -> done').document()))
        .status,
    ).toBe(201);
    const saved = await t.call('dan', 'PUT', '/api/definitions/c', {
      definition: calling('c', 'c', { version: 1 }),
      draftRev: 1,
    });
    expect(saved.status).toBe(200);
    expect((await t.call('dan', 'POST', '/api/definitions/c/publish')).status).toBe(201);
  });

  it('refuses to publish a parallel split with more branches than limits.parallelBranches', async () => {
    const wide = aWorkflow('wide')
      .nodes(
        n.trigger(),
        n.parallel('split'),
        ...['a', 'b', 'c', 'd'].map((id) => n.wait(id, { type: 'duration', duration: 'PT1H' })),
        n.join('join'),
        n.end('done'),
      )
      .edges(
        'start -> split',
        ...['a', 'b', 'c', 'd'].flatMap((id) => [`split -> ${id}`, `${id} -> join`]),
        'join -> done',
      )
      .document();
    const response = await publish(wide);
    expect(response.status).toBe(422);
    expect(((await response.json()) as Refusal).issues).toEqual([
      expect.objectContaining({ code: 'TOO_MANY_BRANCHES', nodeId: 'split' }),
    ]);
  });

  it('answers 413 to a start whose input would make the instance larger than limits.instanceBytes', async () => {
    const form = aWorkflow('form')
      .input({ key: 'text', label: 'Text', type: 'text' })
      .nodes(n.trigger(), n.wait('hold', { type: 'duration', duration: 'PT1H' }), n.end('done'))
      .edges('start -> hold', 'hold -> done')
      .document();
    expect((await publish(form)).status).toBe(201);
    const response = await t.call('ada', 'POST', '/api/instances', {
      workflowId: 'form',
      input: { text: 'x'.repeat(40 * 1024) },
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 'limits.instanceBytes' });
  });

  it('shows a child refused by limits.subworkflowDepth as an incident of its parent, which an operator may retry', async () => {
    // The cycle a publish cannot see: versions stored around the publish route.
    await t.rt.publish(calling('loop', 'loop'));
    const started = await t.call('ada', 'POST', '/api/instances', { workflowId: 'loop', input: {} });
    expect(started.status).toBe(201);
    await t.rt.idle();
    const listed = (await (await t.call('ada', 'GET', '/api/instances?workflowId=loop')).json()) as {
      items: { id: string }[];
    };
    expect(listed.items).toHaveLength(3);
    const deepest = listed.items[0]!.id;
    const shown = (await (await t.call('ada', 'GET', `/api/instances/${deepest}`)).json()) as {
      status: string;
      incidents: unknown[];
    };
    expect(shown.status).toBe('running');
    expect(shown.incidents).toEqual([
      {
        nodeId: 'call',
        kind: 'subworkflow',
        attempts: 1,
        error: {
          code: 'LIMIT_EXCEEDED',
          message:
            'The subworkflow would run 3 levels below the instance that started the tree; at most 2 are allowed (limits.subworkflowDepth)',
        },
      },
    ]);
    expect((await t.call('ada', 'POST', `/api/instances/${deepest}/retry`, { nodeId: 'call' })).status).toBe(
      200,
    );
    const root = (await (
      await t.call('ada', 'POST', `/api/instances/${listed.items[2]!.id}/cancel`, {})
    ).json()) as {
      status: string;
    };
    expect(root.status).toBe('cancelled');
    await t.rt.idle();
    const after = (await (await t.call('ada', 'GET', '/api/instances?workflowId=loop')).json()) as {
      items: { status: string }[];
    };
    expect(after.items.map((i) => i.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });
});

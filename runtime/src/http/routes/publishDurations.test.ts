import { accessApprovalV1 } from '@flowline/examples';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';

type Definition = { nodes: { id: string; due?: Record<string, unknown> }[] };

/** The access approval with the manager's due date computed from the access level. */
function withManagerDue(after: unknown): Definition {
  const definition = structuredClone(accessApprovalV1) as unknown as Definition;
  const manager = definition.nodes.find((n) => n.id === 'managerApproval')!;
  manager.due = { ...manager.due, after };
  return definition;
}

describe('publishing a due date computed per run', () => {
  let t: TestApp;
  const path = '/api/definitions/access-approval';
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('dan', ['designer']);
  });
  afterEach(() => t.close());

  const publish = async (after: unknown, draftRev: number) => {
    const saved = await t.call('dan', 'PUT', path, { definition: withManagerDue(after), draftRev });
    expect(saved.status).toBe(200);
    return t.call('dan', 'POST', `${path}/publish`);
  };
  const versions = async () =>
    ((await (await t.call('dan', 'GET', `${path}/versions`)).json()) as { items: unknown[] }).items;

  it('refuses a branch that is never a duration, at the node and field, and publishes nothing', async () => {
    const refused = await publish({ expression: 'input.accessLevel == "admin" ? "PT4H" : "P1Y"' }, 0);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({
      code: 'DEFINITION_INVALID',
      issues: [
        expect.objectContaining({
          code: 'INVALID_DURATION',
          nodeId: 'managerApproval',
          path: ['nodes', 1, 'due', 'after', 'expression'],
          message: expect.stringContaining('due.after gave "P1Y"'),
        }),
      ],
    });
    expect(await versions()).toEqual([]);
  });

  it('refuses a fixed due date beyond P366D the same way, at the node and field, publishing nothing', async () => {
    const refused = await publish('P99999D', 0);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({
      code: 'DEFINITION_INVALID',
      issues: [
        expect.objectContaining({
          code: 'INVALID_DURATION',
          nodeId: 'managerApproval',
          path: ['nodes', 1, 'due', 'after'],
          message: expect.stringContaining('due.after is "P99999D", longer than the longest duration'),
        }),
      ],
    });
    expect(await versions()).toEqual([]);
  });

  it('gives each run the due date of its data, and fails a run whose data gives no duration, saying where', async () => {
    await t.user('maria', ['approver']);
    // The justification is free text: only the run can tell whether it is a duration.
    const expression = 'input.accessLevel == "admin" ? "PT4H" : input.justification';
    expect((await publish({ expression }, 0)).status).toBe(201);
    const start = async (accessLevel: string, justification: string) => {
      const input = { system: 'crm', accessLevel, justification, manager: 'maria' };
      const started = await t.call('dan', 'POST', '/api/instances', { workflowId: 'access-approval', input });
      expect(started.status).toBe(201);
      const { id } = (await started.json()) as { id: string };
      return (await (await t.call('dan', 'GET', `/api/instances/${id}`)).json()) as {
        status: string;
        createdAt: number;
        openTasks: { dueAt: number | null }[];
        error?: unknown;
      };
    };
    const admin = await start('admin', 'Quarter close');
    expect(admin.openTasks[0]!.dueAt! - admin.createdAt).toBe(4 * 3_600_000);
    const read = await start('read', 'P2D');
    expect(read.openTasks[0]!.dueAt! - read.createdAt).toBe(2 * 86_400_000);
    const broken = await start('read', 'Sales onboarding');
    expect(broken).toMatchObject({
      status: 'failed',
      openTasks: [],
      error: {
        nodeId: 'managerApproval',
        code: 'INVALID_DURATION',
        message: expect.stringContaining('due.after gave "Sales onboarding", which is not a duration'),
      },
    });
  });

  it('publishes one that gives a duration for every access level, as written', async () => {
    const expression = 'input.accessLevel == "admin" ? "PT4H" : "P3D"';
    expect((await publish({ expression }, 0)).status).toBe(201);
    const version = await t.call('dan', 'GET', `${path}/versions/1`);
    const published = (await version.json()) as { definition: Definition };
    expect(published.definition.nodes.find((n) => n.id === 'managerApproval')!.due).toMatchObject({
      after: { expression },
    });
  });
});

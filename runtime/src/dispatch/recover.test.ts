import { accessApprovalV1 } from '@flowline/examples';
import type { WorkflowDefinitionInput } from '@flowline/engine';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewTask } from '../store';
import { createTestRuntime, maria, type TestRuntime } from '../testing';

const accessApproval = accessApprovalV1 as WorkflowDefinitionInput;
const form = { system: 'crm', accessLevel: 'read', justification: 'Onboarding', manager: 'maria' };

describe('outbox recovery', () => {
  let rt: TestRuntime;
  afterEach(() => rt.close());

  /** The manager the form names, so the task can be given to her (and is notified). */
  const addManager = () => rt.store.createUser(maria);

  it('dispatches again what a failing target left behind, once the instance has been quiet', async () => {
    const notified: string[] = [];
    let failures = 1;
    rt = await createTestRuntime({
      onTaskCreated: async (task: NewTask) => {
        if (failures > 0) {
          failures -= 1;
          throw new Error('mail relay down');
        }
        notified.push(task.id);
      },
    });
    await rt.publish(accessApproval);
    await addManager();
    const instance = await rt.executor.start({ workflowId: 'access-approval', input: form });
    // The task record came with the step; only its notification failed and stays in the outbox.
    expect(await rt.store.listTasks({ instanceId: instance.id }, { limit: 5 })).toMatchObject({
      items: [{ status: 'open' }],
    });
    expect((await rt.store.getInstance(instance.id))?.outbox.map((c) => c.type)).toEqual(['task.create']);

    // Too recent: its own dispatcher might still be at work.
    expect(await rt.dispatcher.recover({ quietForMs: 30_000 })).toBe(0);
    rt.clock.advance(30_001);
    expect(await rt.dispatcher.recover({ quietForMs: 30_000 })).toBe(1);
    expect(notified).toEqual([`${instance.id}:managerApproval#1#0`]);
    expect((await rt.store.getInstance(instance.id))?.outbox).toEqual([]);
    expect(await rt.dispatcher.recover({ quietForMs: 30_000 })).toBe(0);
  });

  it('visits an instance whose commands keep failing once per run, and keeps them', async () => {
    rt = await createTestRuntime({
      onTaskCreated: async () => {
        throw new Error('mail relay down');
      },
    });
    await rt.publish(accessApproval);
    await addManager();
    const instance = await rt.executor.start({ workflowId: 'access-approval', input: form });
    expect(await rt.dispatcher.recover({ limit: 1 })).toBe(1);
    expect((await rt.store.getInstance(instance.id))?.outbox).toHaveLength(1);
  });
});

import {
  compile,
  parseDefinition,
  runToEnd,
  simulate,
  type Command,
  type EngineEvent,
} from '@flowline/engine';
import { toCatalogEntry } from '@flowline/connector-sdk';
import { createBuiltinConnectors } from '@flowline/connectors';
import { describe, expect, it } from 'vitest';
import definition from './definition.json' with { type: 'json' };

const catalog = { connectors: createBuiltinConnectors().map(toCatalogEntry) };
const machineOf = () => {
  const parsed = parseDefinition(definition);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const machine = compile(parsed.value, catalog);
  if (!machine.ok) throw new Error(JSON.stringify(machine.error));
  return machine.value;
};
const form = { system: 'crm', accessLevel: 'read', justification: 'Sales onboarding', manager: 'maria' };

const decideAll = (outcome: (c: Extract<Command, { type: 'task.create' }>) => string) => ({
  respond(command: Command, at: number): EngineEvent | undefined {
    if (command.type === 'task.create')
      return {
        type: 'task.decided',
        taskKey: command.taskKey,
        outcome: outcome(command),
        by: command.assignee.id,
        comment: 'ok',
        at,
      };
    return undefined;
  },
});

describe('access-approval example', () => {
  it('grants read access after the manager approves', () => {
    const { trace, finished } = runToEnd(
      machineOf(),
      { input: form, at: 0 },
      decideAll(() => 'approved'),
    );
    expect(finished).toBe(true);
    expect(trace.at(-1)!.result.state.context).toMatchObject({
      outcome: 'completed',
      output: { system: 'crm', accessLevel: 'read' },
    });
  });

  it("shows each approver what is asked and why, so the inbox's rows differ", () => {
    const tasks: Extract<Command, { type: 'task.create' }>[] = [];
    runToEnd(
      machineOf(),
      { input: { ...form, system: 'prod-db', accessLevel: 'write' }, at: 0 },
      {
        respond: (command, at) => {
          if (command.type === 'task.create') tasks.push(command);
          return decideAll(() => 'approved').respond(command, at);
        },
      },
    );
    const asked = { System: 'prod-db', 'Access level': 'write', Why: 'Sales onboarding' };
    expect(tasks.find((t) => t.nodeId === 'managerApproval')?.details).toEqual(asked);
    expect(tasks.find((t) => t.nodeId === 'securityApproval')?.details).toEqual({
      ...asked,
      'Approved by the manager': 'maria',
    });
  });

  it('needs two of three security reviewers for production access, and refuses when two reject', () => {
    const { trace } = runToEnd(
      machineOf(),
      { input: { ...form, system: 'prod-db' }, at: 0 },
      decideAll((c) => (c.nodeId === 'securityApproval' ? 'rejected' : 'approved')),
    );
    const context = trace.at(-1)!.result.state.context;
    expect(context.outcome).toBe('rejected');
    expect(context.nodes['securityApproval']).toMatchObject({ outcome: 'rejected' });
  });

  it('forbids self-approval on every approval: the runtime reports it and the request waits with an incident', () => {
    const parsed = parseDefinition(definition);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    const approvals = parsed.value.nodes.filter((node) => node.kind === 'approval');
    expect(approvals.map((node) => node.segregationOfDuties)).toEqual([true, true, true]);

    // The requester named themselves as manager: the runtime refuses the assignee when it
    // creates the task, and tells the instance so in the same step.
    const [first] = simulate(machineOf(), { input: { ...form, manager: 'rita' }, at: 0 }, []);
    const task = first!.result.commands.find((c) => c.type === 'task.create')!;
    const trace = simulate(machineOf(), { input: { ...form, manager: 'rita' }, at: 0 }, [
      {
        type: 'task.unassignable',
        taskKey: (task as { taskKey: string }).taskKey,
        code: 'SELF_APPROVAL',
        message: 'rita started this request, and its requester may not decide it',
        at: 1,
      },
    ]);
    const step = trace.at(-1)!.result;
    expect(step.activeNodes).toEqual(['managerApproval']);
    expect(step.state.context.approvals['managerApproval']?.incident).toMatchObject({
      code: 'SELF_APPROVAL',
    });
    expect(step.state.status).toBe('active');
  });

  it('escalates to the service desk when the manager does not answer in three days', () => {
    const machine = machineOf();
    const [first] = simulate(machine, { input: form, at: 0 }, []);
    const due = first!.result.commands.find(
      (c) => c.type === 'timer.schedule' && c.timerKey.endsWith(':due'),
    );
    expect(due).toMatchObject({ fireAt: 3 * 86_400_000 });
    const trace = simulate(machine, { input: form, at: 0 }, [
      { type: 'timer.fired', timerKey: (due as { timerKey: string }).timerKey, at: 3 * 86_400_000 },
    ]);
    const step = trace.at(-1)!.result;
    expect(step.activeNodes).toEqual(['serviceDesk']);
    expect(step.commands.find((c) => c.type === 'task.create')).toMatchObject({
      assignee: { type: 'group', id: 'service-desk' },
    });
  });

  it('provisions GitHub access through SCIM for the requester, then tells the channel; a post that fails does not hold it up', () => {
    const input = { ...form, system: 'github', accessLevel: 'write', requester: 'rita' };
    const calls: Extract<Command, { type: 'job.start' }>[] = [];
    const { trace, finished } = runToEnd(
      machineOf(),
      { input, at: 0 },
      {
        respond(command: Command, at: number): EngineEvent | undefined {
          if (command.type === 'task.create')
            return {
              type: 'task.decided',
              taskKey: command.taskKey,
              outcome: 'approved',
              by: command.assignee.id,
              at,
            };
          if (command.type === 'job.start') {
            calls.push(command);
            return command.nodeId === 'announce'
              ? {
                  type: 'job.failed',
                  jobKey: command.jobKey,
                  error: { code: 'HTTP_404', message: 'no such webhook', retryable: false },
                  at,
                }
              : { type: 'job.done', jobKey: command.jobKey, output: { status: 204 }, at };
          }
          return undefined;
        },
      },
    );
    expect(finished).toBe(true);
    expect(calls.map((c) => [c.nodeId, c.action, c.input])).toEqual([
      ['addToGroup', 'scim.addUserToGroup', { groupId: 'github-write', userId: 'rita' }],
      [
        'announce',
        'slack.postMessage',
        { text: ':key: rita now has write access to github (approved by maria).' },
      ],
    ]);
    expect(trace.at(-1)!.result.state.context).toMatchObject({
      outcome: 'completed',
      output: { system: 'github', accessLevel: 'write' },
    });
  });

  it('provisions nothing for the systems granted by their administrators (CRM, ERP, production)', () => {
    const { trace } = runToEnd(
      machineOf(),
      { input: form, at: 0 },
      decideAll(() => 'approved'),
    );
    expect(trace.flatMap((t) => t.result.commands).filter((c) => c.type === 'job.start')).toEqual([]);
  });
});

import { toCatalogEntry } from '@flowline/connector-sdk';
import { createBuiltinConnectors } from '@flowline/connectors';
import {
  compile,
  parseDefinition,
  runToEnd,
  type Command,
  type EngineEvent,
  type Responder,
} from '@flowline/engine';
import { describe, expect, it } from 'vitest';
import definition from './definition.json' with { type: 'json' };
import report from './report.json' with { type: 'json' };

// The real built-in actions: a mapping that does not fit an action's input schema fails here.
const catalog = { connectors: createBuiltinConnectors().map(toCatalogEntry) };
const machineOf = (document: unknown) => {
  const parsed = parseDefinition(document);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const machine = compile(parsed.value, catalog);
  if (!machine.ok) throw new Error(JSON.stringify(machine.error));
  return machine.value;
};

const START = Date.parse('2026-12-01T08:00:00Z');
const WINDOW = '2026-12-05T22:00:00Z';
const FORM = {
  title: 'Upgrade the ERP database to PostgreSQL 17',
  changeType: 'normal',
  risk: 'moderate',
  affectedServices: ['erp', 'crm'],
  serviceOwner: 'olga',
  windowStart: WINDOW,
  implementationPlan: 'Run the upgrade playbook',
  backoutPlan: 'Restore the snapshot',
};
const CHANGE = { sysId: 'c'.repeat(32), number: 'CHG0030001' };
const INCIDENT = { sysId: 'a'.repeat(32), number: 'INC0010001' };

type Job = Extract<Command, { type: 'job.start' }>;
type Task = Extract<Command, { type: 'task.create' }>;
type Timer = Extract<Command, { type: 'timer.schedule' }>;

interface World {
  /** The outcome a task gets, or undefined to leave it open (its due date may then pass). */
  decide?(task: Task): string | undefined;
  /** Whether a connector call fails for good. */
  fails?(job: Job): boolean;
  /** An event sent when nothing else is left to do (the instance waits). */
  idle?: EngineEvent;
}

/** Plays ServiceNow, the automation service, Slack and the people; keeps every command seen. */
function world(options: World): Responder & { seen: Command[] } {
  const seen: Command[] = [];
  let idleSent = false;
  return {
    seen,
    respond(command, at) {
      seen.push(command);
      switch (command.type) {
        case 'job.start': {
          if (options.fails?.(command))
            return {
              type: 'job.failed',
              jobKey: command.jobKey,
              error: { code: 'HTTP_422', message: 'the playbook refused', retryable: false },
              at,
            };
          const output =
            command.action === 'servicenow.createRecord'
              ? command.input['table'] === 'incident'
                ? { ...INCIDENT, record: {} }
                : { ...CHANGE, record: {} }
              : command.action === 'http.request'
                ? { status: 200, headers: {}, body: { run: 42 } }
                : command.action.startsWith('servicenow.')
                  ? { ...CHANGE, record: {} }
                  : { ok: true };
          return { type: 'job.done', jobKey: command.jobKey, output, at };
        }
        case 'task.create': {
          const outcome = options.decide?.(command) ?? undefined;
          if (outcome === undefined) return undefined;
          return {
            type: 'task.decided',
            taskKey: command.taskKey,
            outcome,
            by: command.assignee.id,
            comment: 'checked',
            at,
          };
        }
        case 'timer.schedule':
          // Reminders never fire here: they would only remind.
          if (command.timerKey.includes('remind')) return undefined;
          return { type: 'timer.fired', timerKey: command.timerKey, at: Math.max(at, command.fireAt) };
        default:
          return undefined;
      }
    },
    idle() {
      if (idleSent || !options.idle) return undefined;
      idleSent = true;
      return options.idle;
    },
  };
}

const approveAll = (task: Task) => (task.kind === 'manualTask' ? 'verified' : 'approved');

function run(form: Record<string, unknown>, options: World) {
  const responder = world(options);
  const { trace, finished } = runToEnd(machineOf(definition), { input: form, at: START }, responder);
  const jobs = responder.seen.filter((c): c is Job => c.type === 'job.start');
  const tasks = responder.seen.filter((c): c is Task => c.type === 'task.create');
  const context = trace.at(-1)!.result.state.context;
  return { finished, context, jobs, tasks, seen: responder.seen, nodesRun: jobs.map((j) => j.nodeId) };
}

describe('change-management example', () => {
  it('takes a standard change straight to scheduling, waits for its window, implements, verifies and closes it', () => {
    const { finished, context, jobs, tasks, seen, nodesRun } = run(
      { ...FORM, changeType: 'standard' },
      { decide: approveAll },
    );
    expect(finished).toBe(true);
    expect(context).toMatchObject({
      outcome: 'completed',
      output: { change: CHANGE.number, closeCode: 'successful' },
    });
    expect(tasks.map((t) => t.nodeId)).toEqual(['verify']);
    expect(tasks[0]).toMatchObject({ kind: 'manualTask', assignee: { type: 'user', id: 'olga' } });
    expect(nodesRun).toEqual([
      'recordChange',
      'schedule',
      'notifyServices',
      'notifyServices',
      'markImplementing',
      'implement',
      'closeSuccessful',
    ]);
    expect(jobs[0]!.input).toMatchObject({
      table: 'change_request',
      fields: { short_description: FORM.title, type: 'standard', risk: '3', start_date: WINDOW },
    });
    // One announcement per affected service.
    expect(jobs.filter((j) => j.nodeId === 'notifyServices').map((j) => j.input['text'])).toEqual([
      `Change *${CHANGE.number}* affects *erp*: ${FORM.title}. Window opens ${WINDOW}.`,
      `Change *${CHANGE.number}* affects *crm*: ${FORM.title}. Window opens ${WINDOW}.`,
    ]);
    // Implementation waits for the window: the timer is set for it, and nothing runs before.
    const window = seen.find((c): c is Timer => c.type === 'timer.schedule' && c.nodeId === 'waitWindow');
    expect(window?.fireAt).toBe(Date.parse(WINDOW));
    expect(seen.indexOf(window!)).toBeLessThan(
      seen.indexOf(jobs.find((j) => j.nodeId === 'markImplementing')!),
    );
    expect(jobs.find((j) => j.nodeId === 'implement')!.input).toMatchObject({
      method: 'POST',
      url: '/changes/implement',
      body: { type: 'json', value: { change: CHANGE.number, services: ['erp', 'crm'] } },
    });
    expect(jobs.at(-1)!.input).toEqual({
      table: 'change_request',
      sysId: CHANGE.sysId,
      closeCode: 'successful',
      closeNotes: 'Implemented in the window and verified by olga.',
    });
  });

  it('asks the three CAB members of a normal change; two approvals carry it and the third task is withdrawn', () => {
    const { context, tasks, seen } = run(FORM, { decide: approveAll });
    expect(context.outcome).toBe('completed');
    const cab = tasks.filter((t) => t.nodeId === 'cabApproval');
    expect(cab.map((t) => t.assignee.id)).toEqual(['cab-ana', 'cab-ben', 'cab-cai']);
    expect(context.nodes['cabApproval']).toMatchObject({ outcome: 'approved' });
    expect((context.nodes['cabApproval'] as { decisions: unknown[] }).decisions).toHaveLength(2);
    expect(seen).toContainEqual(expect.objectContaining({ type: 'task.cancel', taskKey: cab[2]!.taskKey }));
    expect(tasks.some((t) => t.nodeId === 'ownerApproval')).toBe(false);
  });

  it('also asks the service owner when a normal change is high risk', () => {
    const { context, tasks } = run({ ...FORM, risk: 'high' }, { decide: approveAll });
    expect(context.outcome).toBe('completed');
    expect(tasks.find((t) => t.nodeId === 'ownerApproval')).toMatchObject({
      assignee: { type: 'user', id: 'olga' },
    });
  });

  it('cancels the change record when the CAB rejects, and nothing is implemented', () => {
    const { context, jobs } = run(FORM, {
      decide: (task) => (task.nodeId === 'cabApproval' ? 'rejected' : 'approved'),
    });
    expect(context.outcome).toBe('rejected');
    expect(jobs.map((j) => j.nodeId)).toEqual(['recordChange', 'cancelRejected']);
    expect(jobs[1]!.input).toMatchObject({
      sysId: CHANGE.sysId,
      fields: { state: '4', approval: 'rejected' },
    });
  });

  it('cancels too when the service owner rejects a high-risk change the CAB approved', () => {
    const { context, jobs } = run(
      { ...FORM, risk: 'high' },
      { decide: (task) => (task.nodeId === 'ownerApproval' ? 'rejected' : 'approved') },
    );
    expect(context.outcome).toBe('rejected');
    expect(jobs.map((j) => j.nodeId)).toEqual(['recordChange', 'cancelRejected']);
  });

  it('gives the emergency CAB one hour, then alerts and asks the change managers', () => {
    const { context, tasks, jobs, seen } = run(
      { ...FORM, changeType: 'emergency' },
      { decide: (task) => (task.nodeId === 'ecabApproval' ? undefined : approveAll(task)) },
    );
    expect(context.outcome).toBe('completed');
    const ecab = tasks.find((t) => t.nodeId === 'ecabApproval')!;
    expect(ecab.assignee).toEqual({ type: 'group', id: 'ecab' });
    expect(ecab.dueAt).toBe(START + 1000 + 3_600_000);
    expect(context.nodes['ecabApproval']).toMatchObject({ outcome: 'escalated' });
    expect(seen).toContainEqual(expect.objectContaining({ type: 'task.cancel', taskKey: ecab.taskKey }));
    expect(jobs.find((j) => j.nodeId === 'escalationAlert')!.input['text']).toContain(CHANGE.number);
    expect(tasks.find((t) => t.nodeId === 'managerApproval')).toMatchObject({
      assignee: { type: 'group', id: 'change-managers' },
    });
  });

  it('goes straight on when the emergency CAB approves in time', () => {
    const { context, tasks, jobs } = run({ ...FORM, changeType: 'emergency' }, { decide: approveAll });
    expect(context.outcome).toBe('completed');
    expect(tasks.map((t) => t.nodeId)).toEqual(['ecabApproval', 'verify']);
    expect(jobs.some((j) => j.nodeId === 'escalationAlert')).toBe(false);
  });

  it('rolls back, opens an incident caused by the change, and closes it unsuccessful when implementing fails', () => {
    const { context, jobs, tasks } = run(
      { ...FORM, changeType: 'standard' },
      { decide: approveAll, fails: (job) => job.nodeId === 'implement' },
    );
    expect(context).toMatchObject({
      outcome: 'failed',
      output: { change: CHANGE.number, closeCode: 'unsuccessful', incident: INCIDENT.number },
    });
    expect(tasks).toEqual([]);
    expect(jobs.map((j) => j.nodeId).slice(-4)).toEqual([
      'implement',
      'rollback',
      'openIncident',
      'closeFailed',
    ]);
    expect(jobs.find((j) => j.nodeId === 'rollback')!.input).toMatchObject({
      url: '/changes/rollback',
      body: { value: { plan: FORM.backoutPlan } },
    });
    expect(jobs.find((j) => j.nodeId === 'openIncident')!.input).toMatchObject({
      table: 'incident',
      fields: { caused_by: CHANGE.sysId, description: 'Affected services: erp, crm' },
    });
    expect(jobs.at(-1)!.input).toMatchObject({
      closeCode: 'unsuccessful',
      closeNotes: `Rolled back. Incident ${INCIDENT.number} follows up.`,
    });
  });

  it('rolls back as well when the service owner finds the service broken after the change', () => {
    const { context, jobs } = run(
      { ...FORM, changeType: 'standard' },
      { decide: (task) => (task.nodeId === 'verify' ? 'failed' : 'approved') },
    );
    expect(context.outcome).toBe('failed');
    expect(context.nodes['verify']).toMatchObject({ outcome: 'failed', by: 'olga', comment: 'checked' });
    expect(jobs.map((j) => j.nodeId).slice(-4)).toEqual([
      'implement',
      'rollback',
      'openIncident',
      'closeFailed',
    ]);
  });

  it('calls the change off when change.cancelled arrives with its number before the window', () => {
    const machine = machineOf(definition);
    const responder = world({ decide: approveAll });
    // Answer everything up to the wait, then send the event instead of letting the window open.
    const held: Responder = {
      respond: (command, at) =>
        command.type === 'timer.schedule' && command.nodeId === 'waitWindow'
          ? undefined
          : responder.respond(command, at),
      idle: (_state, at) => ({
        type: 'event.received',
        event: 'change.cancelled',
        correlationKey: CHANGE.number,
        payload: { by: 'olga' },
        at,
      }),
    };
    const { trace } = runToEnd(machine, { input: { ...FORM, changeType: 'standard' }, at: START }, held);
    const context = trace.at(-1)!.result.state.context;
    expect(context).toMatchObject({ outcome: 'cancelled', output: { change: CHANGE.number } });
    const jobs = responder.seen.filter((c): c is Job => c.type === 'job.start');
    expect(jobs.map((j) => j.nodeId).at(-1)).toBe('cancelWithdrawn');
    expect(jobs.some((j) => j.nodeId === 'implement')).toBe(false);
  });
});

describe('change-report example', () => {
  it('lists the open changes from ServiceNow and mails the CAB one line each', () => {
    const records = [
      {
        number: 'CHG0030001',
        short_description: 'Patch the ERP',
        type: 'normal',
        start_date: '2026-12-05 22:00:00',
      },
      {
        number: 'CHG0030002',
        short_description: 'Swap a switch',
        type: 'standard',
        start_date: '2026-12-06 06:00:00',
      },
    ];
    const seen: Job[] = [];
    const { trace, finished } = runToEnd(
      machineOf(report),
      { input: {}, at: Date.parse('2026-11-30T07:00:00Z') },
      {
        respond(command, at) {
          if (command.type !== 'job.start') return undefined;
          seen.push(command);
          const output =
            command.action === 'servicenow.listRecords'
              ? { records, count: 2 }
              : { messageId: '<1@x>', accepted: ['cab@example.com'], rejected: [] };
          return { type: 'job.done', jobKey: command.jobKey, output, at };
        },
      },
    );
    expect(finished).toBe(true);
    expect(trace.at(-1)!.result.state.context).toMatchObject({ outcome: 'completed', output: { open: 2 } });
    expect(seen[0]!.input).toMatchObject({ table: 'change_request', query: 'active=true^ORDERBYstart_date' });
    expect(seen[1]!.input).toEqual({
      to: ['cab@example.com'],
      subject: 'Open changes: 2',
      text:
        'Change requests still open, soonest window first:\n\n' +
        '- CHG0030001 Patch the ERP (normal, window 2026-12-05 22:00:00)\n' +
        '- CHG0030002 Swap a switch (standard, window 2026-12-06 06:00:00)',
    });
  });
});

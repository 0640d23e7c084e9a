import {
  applyEvent,
  compile,
  parseDefinition,
  runToEnd,
  type Command,
  type EngineEvent,
  type PersistedState,
  type Responder,
} from '@flowline/engine';
import { toCatalogEntry } from '@flowline/connector-sdk';
import { builtinConnectors } from '@flowline/connectors';
import { describe, expect, it } from 'vitest';
import definition from './definition.json' with { type: 'json' };

const DAY = 86_400_000;
const START_DATE = '2027-03-01';
// The built-in connectors, as a runtime has them: their input and output types are checked too.
const catalog = { connectors: builtinConnectors.map(toCatalogEntry) };
const machineOf = () => {
  const parsed = parseDefinition(definition);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const machine = compile(parsed.value, catalog);
  if (!machine.ok) throw new Error(JSON.stringify(machine.error));
  return machine.value;
};
const form = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  workEmail: 'ada.lovelace@example.com',
  role: 'Software engineer',
  department: 'engineering',
  manager: 'maria',
  startDate: START_DATE,
  equipment: ['developer-laptop', 'monitor'],
  extraAccess: ['source-code', 'production'],
};

/** What the manager and IT fill in when they tick their day-one checklists. */
const CHECKLIST_FORMS: Record<string, Record<string, string | boolean>> = {
  managerChecklist: { buddy: 'Grace', planShared: true },
  itChecklist: { laptopSerial: 'C02XK1', signedIn: true },
};

type JobStart = Extract<Command, { type: 'job.start' }>;
type TaskCreate = Extract<Command, { type: 'task.create' }>;

/** What the connectors would answer, by action. */
function jobOutput(command: JobStart): unknown {
  switch (command.action) {
    case 'scim.createUser':
      return { id: command.connection === 'chat' ? 'chat-7' : 'u-42', userName: command.input['userName'] };
    case 'scim.addUserToGroup':
      return { status: 204 };
    case 'servicenow.createRecord':
      return { sysId: 'a'.repeat(32), number: 'REQ0010001', record: {} };
    default:
      return { messageId: '<1@example.test>', accepted: ['someone'] };
  }
}

/**
 * Answers every command like the world would: jobs succeed, timers fire, tasks are settled by
 * `decide` (or left open when it answers undefined). Every command is kept for the assertions.
 */
function world(decide: (task: TaskCreate) => string | undefined = () => undefined) {
  const seen: Command[] = [];
  const responder: Responder = {
    respond(command, at): EngineEvent | undefined {
      seen.push(command);
      if (command.type === 'job.start')
        return { type: 'job.done', jobKey: command.jobKey, output: jobOutput(command) as never, at };
      if (command.type === 'timer.schedule' && !command.timerKey.includes('reminder'))
        return { type: 'timer.fired', timerKey: command.timerKey, at: Math.max(at, command.fireAt) };
      if (command.type === 'task.create') {
        const outcome = decide(command);
        if (outcome === undefined) return undefined;
        const form = CHECKLIST_FORMS[command.nodeId];
        return {
          type: 'task.decided',
          taskKey: command.taskKey,
          outcome,
          by: command.assignee.id,
          ...(form ? { form } : {}),
          at,
        };
      }
      return undefined;
    },
  };
  const jobs = (action: string) =>
    seen.filter((c): c is JobStart => c.type === 'job.start' && c.action === action);
  const tasks = () => seen.filter((c): c is TaskCreate => c.type === 'task.create');
  return { responder, jobs, tasks };
}

const lastState = (trace: { result: { state: PersistedState } }[]) => trace.at(-1)!.result.state;
const done = (task: TaskCreate) => (task.kind === 'manualTask' ? 'done' : undefined);

describe('employee-onboarding example', () => {
  it('provisions in parallel, grants the approved extra access, welcomes on the start date, ends when both checklists are done', () => {
    const w = world((task) => (task.nodeId === 'accessApproval' ? 'approved' : done(task)));
    const { trace, finished } = runToEnd(machineOf(), { input: form, at: 0 }, w.responder);
    expect(finished).toBe(true);

    // The four set-up jobs start in the same step: directory account, equipment request, chat account.
    const first = trace[0]!.result.commands.filter((c) => c.type === 'job.start') as JobStart[];
    expect(first.map((c) => `${c.action}@${c.connection ?? 'default'}`).sort()).toEqual([
      'scim.createUser@chat',
      'scim.createUser@directory',
      'servicenow.createRecord@default',
    ]);
    expect(w.jobs('scim.createUser')[0]!.input).toMatchObject({
      userName: 'ada.lovelace@example.com',
      givenName: 'Ada',
      familyName: 'Lovelace',
      emails: ['ada.lovelace@example.com'],
    });
    const ticket = w.jobs('servicenow.createRecord')[0]!.input as { table: string; fields: object };
    expect(ticket.table).toBe('sc_request');
    expect(ticket.fields).toMatchObject({
      short_description: 'Equipment for Ada Lovelace (starts 2027-03-01)',
      requested_for: 'ada.lovelace@example.com',
    });
    // Department groups, then the approved extra access, each for the directory's user id.
    expect(w.jobs('scim.addUserToGroup').map((c) => c.input)).toEqual([
      { groupId: 'all-staff', userId: 'u-42' },
      { groupId: 'engineering', userId: 'u-42' },
      { groupId: 'app-github', userId: 'u-42' },
      { groupId: 'prod-access', userId: 'u-42' },
    ]);

    // The welcome mail goes out only once the start-date timer fired, 07:00 UTC that day.
    const startTimer = w.jobs('email.sendEmail');
    expect(startTimer).toHaveLength(1);
    const welcomeStep = trace.findIndex((s) =>
      s.result.commands.some((c) => c.type === 'job.start' && c.nodeId === 'welcomeMail'),
    );
    expect(trace[welcomeStep]!.event).toMatchObject({
      type: 'timer.fired',
      at: Date.parse(`${START_DATE}T07:00:00Z`),
    });
    expect(startTimer[0]!.input).toMatchObject({
      to: ['ada.lovelace@example.com'],
      subject: 'Welcome aboard, Ada!',
    });
    expect(String(startTimer[0]!.input['text'])).toContain('REQ0010001');

    // The manager sees whom and what they approve: the title is the same for every new hire.
    expect(w.tasks()[0]!.details).toEqual({
      'New hire': 'Ada Lovelace',
      'Job title': 'Software engineer',
      Department: 'engineering',
      Starts: START_DATE,
      'Extra access asked for': ['source-code', 'production'],
    });
    expect(w.tasks()[2]!.details).toMatchObject({ 'Equipment request': 'REQ0010001' });
    expect(w.tasks().map((t) => `${t.nodeId}:${t.assignee.type}:${t.assignee.id}`)).toEqual([
      'accessApproval:user:maria',
      'managerChecklist:user:maria',
      'itChecklist:group:it-desk',
    ]);
    expect(lastState(trace).context).toMatchObject({
      outcome: 'completed',
      output: {
        userId: 'u-42',
        groups: ['all-staff', 'engineering'],
        extraAccess: 'granted',
        laptopTicket: 'REQ0010001',
        laptopSerial: 'C02XK1',
        buddy: 'Grace',
      },
    });
  });

  it('waits for both day-one checklists: one done is not the end', () => {
    const w = world((task) =>
      task.nodeId === 'accessApproval' ? 'approved' : task.nodeId === 'itChecklist' ? 'done' : undefined,
    );
    const { trace, finished } = runToEnd(machineOf(), { input: form, at: 0 }, w.responder);
    expect(finished).toBe(false);
    expect(trace.at(-1)!.result.activeNodes).toEqual(['managerChecklist']);
  });

  it('on a refusal, tells HR and starts the new hire with the department groups only', () => {
    const w = world((task) => (task.nodeId === 'accessApproval' ? 'rejected' : done(task)));
    const { trace, finished } = runToEnd(machineOf(), { input: form, at: 0 }, w.responder);
    expect(finished).toBe(true);
    expect(w.jobs('scim.addUserToGroup').map((c) => c.input['groupId'])).toEqual([
      'all-staff',
      'engineering',
    ]);
    const mails = w.jobs('email.sendEmail').map((c) => c.input);
    expect(mails[0]).toMatchObject({
      to: ['hr@example.com'],
      subject: 'Extra access refused for Ada Lovelace',
    });
    expect(mails[1]).toMatchObject({ subject: 'Welcome aboard, Ada!' });
    expect(lastState(trace).context).toMatchObject({
      outcome: 'completed',
      output: { extraAccess: 'refused' },
    });
  });

  it('escalates to the IT access team after two days without an answer', () => {
    const w = world((task) => (task.nodeId === 'escalatedApproval' ? 'approved' : done(task)));
    const { trace, finished } = runToEnd(machineOf(), { input: form, at: 0 }, w.responder);
    expect(finished).toBe(true);
    const escalated = w.tasks().find((t) => t.nodeId === 'escalatedApproval')!;
    expect(escalated.assignee).toEqual({ type: 'group', id: 'it-access' });
    const escalation = trace.find((s) => s.result.commands.includes(escalated))!;
    expect(escalation.event).toMatchObject({ type: 'timer.fired' });
    expect(escalation.event.at).toBeGreaterThanOrEqual(2 * DAY);
    expect(lastState(trace).context).toMatchObject({ output: { extraAccess: 'granted' } });
  });

  it('turns a directory that stays down into an incident on its node, and goes on after a retry', () => {
    const machine = machineOf();
    const w = world();
    const { trace } = runToEnd(
      machine,
      { input: form, at: 0 },
      {
        respond(command, at, state) {
          if (command.type === 'job.start' && command.nodeId === 'createIdentity')
            return {
              type: 'job.failed',
              jobKey: command.jobKey,
              error: { code: 'HTTP_503', message: 'Service Unavailable', retryable: true },
              at,
            };
          return w.responder.respond(command, at, state);
        },
      },
    );
    const stuck = trace.at(-1)!.result;
    expect(stuck.state.status).toBe('active');
    expect(stuck.activeNodes).toEqual(expect.arrayContaining(['createIdentity']));
    expect(stuck.state.context.jobs['createIdentity']).toMatchObject({ incident: true });
    // Three tries in all, as the node's retry policy says; nothing skipped past the failure.
    const tries = trace.filter((s) => s.event.type === 'job.failed');
    expect(tries).toHaveLength(3);
    expect(w.jobs('scim.addUserToGroup')).toHaveLength(0);
    expect(w.tasks()).toHaveLength(0);

    const retried = applyEvent(machine, stuck.state, {
      type: 'job.retry',
      nodeId: 'createIdentity',
      at: DAY,
    });
    const again = retried.commands.find((c) => c.type === 'job.start' && c.nodeId === 'createIdentity');
    expect(again).toBeDefined();
  });
});

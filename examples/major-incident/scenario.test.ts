import { toCatalogEntry } from '@flowline/connector-sdk';
import { createBuiltinConnectors } from '@flowline/connectors';
import {
  applyEvent,
  compile,
  evaluateExpression,
  parseDefinition,
  parseExpression,
  SCOPES,
  startInstance,
  type Command,
  type EngineEvent,
  type PersistedState,
  type WorkflowMachine,
} from '@flowline/engine';
import { describe, expect, it } from 'vitest';
import definition from './definition.json' with { type: 'json' };
import declare from './declare.json' with { type: 'json' };

// The real built-in actions: a mapping that does not fit an action's input schema fails here.
const catalog = { connectors: createBuiltinConnectors().map(toCatalogEntry) };
const machineOf = (document: unknown) => {
  const parsed = parseDefinition(document);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const machine = compile(parsed.value, catalog);
  if (!machine.ok) throw new Error(JSON.stringify(machine.error));
  return machine.value;
};

const MINUTE = 60_000;
const START = Date.parse('2026-12-01T08:00:00Z');
const ALERT = {
  alertId: 'prom-4711',
  service: 'erp',
  severity: 'P1',
  summary: 'ERP answers 503',
  status: 'firing',
  source: 'monitoring',
};

type Job = Extract<Command, { type: 'job.start' }>;
type Task = Extract<Command, { type: 'task.create' }>;
type Timer = Extract<Command, { type: 'timer.schedule' }>;

/** What happens to a task: completed by someone after a while (minutes), or left open. */
interface Completion {
  readonly after: number;
  readonly by: string;
  readonly outcome: string;
  readonly form?: Record<string, string>;
}

interface Script {
  /** Per task node: how it is completed (undefined: nobody acts, its due date may pass). */
  tasks?: Record<string, Completion | undefined>;
  /** Connector calls that fail for good. */
  fails?: (job: Job) => boolean;
  /** The resolved alert, this many minutes after the start. */
  resolvedAfter?: number;
}

/**
 * A small world on a clock: jobs answer a second later, timers fire when due (reminders too),
 * people complete tasks when the script says, the resolved alert comes when it says. Cancelled
 * timers and withdrawn tasks never answer. Every command is kept, with the time it was asked.
 */
function play(machine: WorkflowMachine, input: Record<string, unknown>, script: Script) {
  const seen: { at: number; command: Command }[] = [];
  const queue: { at: number; key: string; event: EngineEvent }[] = [];
  const schedule = (at: number, key: string, event: EngineEvent) => {
    queue.push({ at, key, event });
    queue.sort((a, b) => a.at - b.at);
  };
  const drop = (key: string) => {
    const index = queue.findIndex((q) => q.key === key);
    if (index >= 0) queue.splice(index, 1);
  };
  const handle = (commands: readonly Command[], at: number) => {
    for (const command of commands) {
      seen.push({ at, command });
      switch (command.type) {
        case 'job.start': {
          const when = at + 1000 + command.delayMs;
          if (script.fails?.(command))
            schedule(when, command.jobKey, {
              type: 'job.failed',
              jobKey: command.jobKey,
              error: { code: 'HTTP_503', message: 'the paging service is down', retryable: false },
              at: when,
            });
          else
            schedule(when, command.jobKey, {
              type: 'job.done',
              jobKey: command.jobKey,
              output: outputOf(command),
              at: when,
            });
          break;
        }
        case 'timer.schedule':
          schedule(command.fireAt, command.timerKey, {
            type: 'timer.fired',
            timerKey: command.timerKey,
            at: command.fireAt,
          });
          break;
        case 'timer.cancel':
          drop(command.timerKey);
          break;
        case 'task.create': {
          const completion = script.tasks?.[command.nodeId];
          // The first slot of a node is the one its person completes.
          if (!completion || command.slot !== 0) break;
          const when = at + completion.after * MINUTE;
          schedule(when, command.taskKey, {
            type: 'task.decided',
            taskKey: command.taskKey,
            outcome: completion.outcome,
            by: completion.by,
            ...(completion.form ? { form: completion.form } : {}),
            at: when,
          });
          break;
        }
        case 'task.cancel':
          drop(command.taskKey);
          break;
        default:
      }
    }
  };
  let result = startInstance(machine, { input, at: START });
  handle(result.commands, START);
  if (script.resolvedAfter !== undefined) {
    const when = START + script.resolvedAfter * MINUTE;
    schedule(when, 'resolved', {
      type: 'event.received',
      event: 'alert.resolved',
      correlationKey: String(input['alertId']),
      payload: { note: 'Connection pool raised to 200' },
      at: when,
    });
  }
  const states: PersistedState[] = [result.state];
  for (let i = 0; i < 2_000 && result.state.status !== 'done'; i += 1) {
    const next = queue.shift();
    if (!next) break;
    result = applyEvent(machine, result.state, next.event);
    states.push(result.state);
    handle(result.commands, next.at);
  }
  const commands = seen.map((s) => s.command);
  return {
    state: result.state,
    context: result.state.context,
    seen,
    jobs: commands.filter((c): c is Job => c.type === 'job.start'),
    tasks: commands.filter((c): c is Task => c.type === 'task.create'),
    timers: commands.filter((c): c is Timer => c.type === 'timer.schedule'),
    states,
  };
}

function outputOf(job: Job) {
  switch (job.action) {
    case 'servicenow.createRecord':
      return { sysId: 'a'.repeat(32), number: 'INC0012345', record: {} };
    case 'http.request':
      return { status: 202, headers: {}, body: { status: 'success' } };
    default:
      return { ok: true };
  }
}

const acknowledge = (after: number, by: string): Completion => ({ after, by, outcome: 'acknowledged' });
const REVIEW: Completion = {
  after: 2 * 24 * 60,
  by: 'olga',
  outcome: 'done',
  form: { rootCause: 'The pool was too small for Monday traffic', actions: 'Load test before peak' },
};
const texts = (jobs: readonly Job[], nodeId: string) =>
  jobs.filter((j) => j.nodeId === nodeId).map((j) => j.input['text'] as string);

describe('major-incident example', () => {
  it('maps a monitoring alert body to the workflow input, as its webhook trigger does', () => {
    const trigger = definition.nodes.find((n) => n.kind === 'trigger')!.trigger as {
      input: Record<string, string>;
    };
    const mapped = (body: unknown) =>
      Object.fromEntries(
        Object.entries(trigger.input).map(([key, source]) => {
          const parsed = parseExpression(source, SCOPES.webhookTrigger);
          if (!parsed.ok) throw new Error(parsed.error.message);
          const value = evaluateExpression(parsed.value, { body, headers: {}, now: new Date(START) });
          if (!value.ok) throw new Error(`${key}: ${value.error.message}`);
          return [key, value.value];
        }),
      );
    expect(
      mapped({ alertId: 4711, service: 'erp', severity: 'critical', summary: 'ERP answers 503' }),
    ).toEqual({
      alertId: '4711',
      service: 'erp',
      severity: 'P1',
      summary: 'ERP answers 503',
      status: 'firing',
      source: 'monitoring',
    });
    expect(
      mapped({ alertId: 'a', service: 'vpn', severity: 'warning', summary: 's', status: 'resolved' }),
    ).toMatchObject({
      severity: 'P3',
      status: 'resolved',
    });
    expect(
      mapped({ alertId: 'a', service: 'vpn', severity: 'P2', summary: 's', status: 'firing' }),
    ).toMatchObject({
      severity: 'P2',
    });
  });

  it('sends a resolved alert to the waiting run of its alert instead of starting one, as its webhook trigger does', () => {
    const { deliver } = definition.nodes.find((n) => n.kind === 'trigger')!.trigger as {
      deliver: { when: string; event: string; correlationKey: string; payload?: unknown };
    };
    const evaluate = (source: string, body: unknown) => {
      const parsed = parseExpression(source, SCOPES.webhookTrigger);
      if (!parsed.ok) throw new Error(parsed.error.message);
      const value = evaluateExpression(parsed.value, { body, headers: {}, now: new Date(START) });
      if (!value.ok) throw new Error(value.error.message);
      return value.value;
    };
    const resolved = {
      alertId: 4711,
      service: 'erp',
      severity: 'critical',
      summary: 's',
      status: 'resolved',
    };
    expect(evaluate(deliver.when, resolved)).toBe(true);
    expect(evaluate(deliver.when, { ...resolved, status: 'firing' })).toBe(false);
    // `status` is optional in the alert: without it the alert fires.
    expect(evaluate(deliver.when, { alertId: 'a', service: 'erp', severity: 'P1', summary: 's' })).toBe(
      false,
    );
    // The key as the waits compute theirs (input.alertId, from string(body.alertId)).
    expect(deliver.event).toBe('alert.resolved');
    expect(evaluate(deliver.correlationKey, resolved)).toBe('4711');
    // The body is the payload: the waits read its note.
    expect(deliver.payload).toBeUndefined();
  });

  it('pages the on-call for a P1, who acknowledges; updates every 30 minutes until the resolved alert; the owner reviews', () => {
    const { state, context, jobs, tasks, timers, seen } = play(machineOf(definition), ALERT, {
      tasks: { ackOnCall: acknowledge(4, 'omar'), review: REVIEW },
      resolvedAfter: 75,
    });
    expect(state.status).toBe('done');
    expect(jobs.map((j) => j.nodeId)).toEqual([
      'announce',
      'pageOnCall',
      'ackNotice',
      'statusUpdate',
      'statusUpdate',
      'resolvedNotice',
    ]);
    expect(jobs.find((j) => j.nodeId === 'pageOnCall')).toMatchObject({
      connection: 'paging',
      input: {
        method: 'POST',
        url: '/pages',
        body: {
          type: 'json',
          value: { target: 'on-call', dedupKey: 'prom-4711', service: 'erp', severity: 'P1' },
        },
      },
    });
    // The on-call group gets the acknowledgement task, due 15 minutes after it opens (a P1),
    // reminded at 5 (then 10).
    const ack = tasks.find((t) => t.nodeId === 'ackOnCall')!;
    expect(ack).toMatchObject({ kind: 'manualTask', assignee: { type: 'group', id: 'on-call' } });
    expect(ack.details).toMatchObject({ Service: 'erp', Severity: 'P1', 'Alert id': 'prom-4711' });
    const opened = seen.find((s) => s.command === ack)!.at;
    expect(ack.dueAt! - opened).toBe(15 * MINUTE);
    expect(texts(jobs, 'announce')[0]).toContain('Paging the on-call; acknowledge within 15 minutes.');
    expect(timers.filter((t) => t.nodeId === 'ackOnCall').map((t) => t.timerKey)).toEqual([
      expect.stringContaining('due'),
      expect.stringContaining('remind1'),
    ]);
    expect(texts(jobs, 'ackNotice')[0]).toBe(
      ':eyes: omar acknowledged *P1 erp*: ERP answers 503 after 4 min. Status updates here every 30 minutes (for 8 hours).',
    );
    // Two updates (the wait began a few seconds after the acknowledgement), then the resolved alert at 75.
    expect(texts(jobs, 'statusUpdate')).toEqual([
      ':hourglass: *P1 erp*: ERP answers 503 is still open after 34 min, with omar.',
      ':hourglass: *P1 erp*: ERP answers 503 is still open after 64 min, with omar.',
    ]);
    const updates = seen.filter((s) => s.command.type === 'job.start' && s.command.nodeId === 'statusUpdate');
    // The next 30 minutes begin once an update is posted (a second, here).
    expect(updates[1]!.at - updates[0]!.at).toBe(30 * MINUTE + 1000);
    // The person's "Mark resolved" task was open beside the wait, and is withdrawn.
    const mark = tasks.filter((t) => t.nodeId === 'markResolved');
    expect(mark.map((t) => t.assignee.id)).toEqual(['on-call', 'incident-managers']);
    expect(seen.map((s) => s.command)).toContainEqual(
      expect.objectContaining({ type: 'task.cancel', taskKey: mark[0]!.taskKey }),
    );
    expect(texts(jobs, 'resolvedNotice')[0]).toBe(
      ':white_check_mark: *P1 erp*: ERP answers 503 resolved after 75 min by monitoring: Connection pool raised to 200',
    );
    // The service owner reviews, with a due date five days on.
    const review = tasks.find((t) => t.nodeId === 'review')!;
    expect(review).toMatchObject({ assignee: { type: 'user', id: 'olga' } });
    expect(review.dueAt! - (START + 75 * MINUTE)).toBeGreaterThanOrEqual(5 * 24 * 60 * MINUTE);
    expect(review.details).toMatchObject({ Resolution: 'Connection pool raised to 200' });
    expect(context).toMatchObject({
      outcome: 'completed',
      output: {
        alertId: 'prom-4711',
        service: 'erp',
        severity: 'P1',
        openedAt: '2026-12-01T08:00:00.000Z',
        acknowledgedAt: expect.stringMatching(/^2026-12-01T08:04:0\d/),
        acknowledgedBy: 'omar',
        escalated: false,
        resolvedAt: '2026-12-01T09:15:00.000Z',
        resolvedBy: 'monitoring',
        resolution: 'Connection pool raised to 200',
        minutesToAcknowledge: 4,
        minutesToResolve: 75,
        statusUpdates: 2,
        review: 'done',
        rootCause: 'The pool was too small for Monday traffic',
      },
    });
  });

  it('escalates to the incident managers when the on-call has not acknowledged within 15 minutes', () => {
    const { context, jobs, tasks, seen } = play(machineOf(definition), ALERT, {
      tasks: {
        ackManagers: acknowledge(6, 'ingrid'),
        markResolved: {
          after: 130,
          by: 'ingrid',
          outcome: 'resolved',
          form: { resolution: 'Failed over to the standby' },
        },
        review: REVIEW,
      },
    });
    // Reminded twice (after 5 and 10 minutes), then the task is withdrawn at 15.
    const ack = tasks.find((t) => t.nodeId === 'ackOnCall')!;
    const reminders = seen.filter(
      (s) => s.command.type === 'task.remind' && s.command.nodeId === 'ackOnCall',
    );
    expect(reminders.map((s) => Math.round((s.at - START) / MINUTE))).toEqual([5, 10]);
    const withdrawn = seen.find(
      (s) => s.command.type === 'task.cancel' && s.command.taskKey === ack.taskKey,
    )!;
    expect(Math.round((withdrawn.at - START) / MINUTE)).toBe(15);
    expect(texts(jobs, 'escalationNotice')[0]).toBe(
      ':mega: *P1 erp*: ERP answers 503 was not acknowledged within 15 minutes. Paging the incident managers.',
    );
    expect(jobs.find((j) => j.nodeId === 'pageManagers')!.input).toMatchObject({
      body: { value: { target: 'incident-managers', dedupKey: 'prom-4711' } },
    });
    // Second level: the incident managers, and the on-call still.
    expect(tasks.filter((t) => t.nodeId === 'ackManagers').map((t) => t.assignee)).toEqual([
      { type: 'group', id: 'incident-managers' },
      { type: 'group', id: 'on-call' },
    ]);
    // Resolved by a person with a note, 130 minutes after the task opened: four updates before.
    expect(texts(jobs, 'statusUpdate')).toHaveLength(4);
    expect(context).toMatchObject({
      outcome: 'completed',
      output: {
        acknowledgedBy: 'ingrid',
        escalated: true,
        minutesToAcknowledge: 21,
        resolvedBy: 'ingrid',
        resolution: 'Failed over to the standby',
        statusUpdates: 4,
      },
    });
    expect((context.output as { minutesToResolve: number }).minutesToResolve).toBeGreaterThanOrEqual(151);
  });

  it('gives a P2 half an hour: due 30 minutes after the task opens, reminded at 10 and 20, then escalated', () => {
    const { context, jobs, tasks, seen } = play(
      machineOf(definition),
      { ...ALERT, severity: 'P2' },
      { tasks: { ackManagers: acknowledge(3, 'ingrid'), review: REVIEW }, resolvedAfter: 50 },
    );
    const ack = tasks.find((t) => t.nodeId === 'ackOnCall')!;
    const opened = seen.find((s) => s.command === ack)!.at;
    expect(ack.dueAt! - opened).toBe(30 * MINUTE);
    expect(texts(jobs, 'announce')[0]).toContain('acknowledge within 30 minutes.');
    const reminders = seen.filter(
      (s) => s.command.type === 'task.remind' && s.command.nodeId === 'ackOnCall',
    );
    expect(reminders.map((s) => (s.at - opened) / MINUTE)).toEqual([10, 20]);
    const withdrawn = seen.find(
      (s) => s.command.type === 'task.cancel' && s.command.taskKey === ack.taskKey,
    )!;
    expect(withdrawn.at - opened).toBe(30 * MINUTE);
    expect(texts(jobs, 'escalationNotice')[0]).toBe(
      ':mega: *P2 erp*: ERP answers 503 was not acknowledged within 30 minutes. Paging the incident managers.',
    );
    expect(context).toMatchObject({
      outcome: 'completed',
      output: { severity: 'P2', escalated: true, acknowledgedBy: 'ingrid', minutesToAcknowledge: 33 },
    });
  });

  it('goes straight to the review when the alert resolves before anyone acknowledged', () => {
    const { context, tasks, jobs } = play(machineOf(definition), ALERT, {
      tasks: { review: REVIEW },
      resolvedAfter: 20,
    });
    expect(tasks.map((t) => t.nodeId)).toEqual(['ackOnCall', 'ackManagers', 'ackManagers', 'review']);
    expect(jobs.some((j) => j.nodeId === 'statusUpdate')).toBe(false);
    expect(context.output).toMatchObject({
      acknowledgedAt: null,
      minutesToAcknowledge: null,
      escalated: false,
      resolvedBy: 'monitoring',
      minutesToResolve: 20,
    });
  });

  it('stops the automatic updates after 8 hours and keeps waiting for the resolution', () => {
    const { context, jobs } = play(machineOf(definition), ALERT, {
      tasks: { ackOnCall: acknowledge(1, 'omar'), review: REVIEW },
      resolvedAfter: 11 * 60,
    });
    expect(texts(jobs, 'statusUpdate').length).toBe(16);
    expect(context.output).toMatchObject({ statusUpdates: 16, minutesToResolve: 660 });
  });

  it('tells the channel to phone the on-call when paging fails for good, and still asks for the acknowledgement', () => {
    const { context, jobs, tasks } = play(machineOf(definition), ALERT, {
      fails: (job) => job.action === 'http.request',
      tasks: { ackOnCall: acknowledge(3, 'omar'), review: REVIEW },
      resolvedAfter: 40,
    });
    expect(jobs.map((j) => j.nodeId).slice(0, 3)).toEqual(['announce', 'pageOnCall', 'pagingFailed']);
    expect(texts(jobs, 'pagingFailed')[0]).toContain('Phone them now');
    expect(tasks[0]).toMatchObject({ nodeId: 'ackOnCall' });
    expect(context).toMatchObject({ outcome: 'completed', output: { acknowledgedBy: 'omar' } });
  });

  it('puts a P3 in the service desk queue in ServiceNow and ends there', () => {
    const { context, jobs, tasks } = play(
      machineOf(definition),
      { ...ALERT, severity: 'P3', service: 'wiki' },
      {},
    );
    expect(tasks).toEqual([]);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      action: 'servicenow.createRecord',
      connection: 'itsm',
      input: {
        table: 'incident',
        fields: {
          short_description: '[P3] wiki: ERP answers 503',
          assignment_group: 'Service Desk',
          correlation_id: 'prom-4711',
          urgency: '2',
        },
      },
    });
    expect(context).toMatchObject({ outcome: 'completed', output: { ticket: 'INC0012345', severity: 'P3' } });
  });

  // The webhook delivers resolved alerts to waiting runs; a run started with one (by a parent
  // workflow, or were the delivery taken out) still opens nothing.
  it('opens nothing when started with an alert that is already resolved', () => {
    const { context, jobs } = play(machineOf(definition), { ...ALERT, status: 'resolved' }, {});
    expect(jobs).toEqual([]);
    expect(context).toMatchObject({ outcome: 'completed', output: { alertId: 'prom-4711', ignored: true } });
  });

  it('gives the review to the default reviewer when the service has no owner, and closes without it when overdue', () => {
    const { context, jobs, tasks } = play(
      machineOf(definition),
      { ...ALERT, service: 'wiki' },
      {
        tasks: { ackOnCall: acknowledge(2, 'omar') },
        resolvedAfter: 10,
      },
    );
    expect(tasks.find((t) => t.nodeId === 'review')!.assignee).toEqual({ type: 'user', id: 'ingrid' });
    expect(texts(jobs, 'reviewOverdue')[0]).toContain('is overdue');
    expect(context).toMatchObject({ outcome: 'completed', output: { review: 'overdue', rootCause: null } });
  });
});

describe('major-incident-declare example', () => {
  it('runs the escalation workflow with the portal form, as if an alert had come in', () => {
    const machine = machineOf(declare);
    const form = { service: 'email', severity: 'P2', summary: 'Mail is not delivered' };
    const started = startInstance(machine, { input: form, at: START });
    const child = started.commands.find((c) => c.type === 'subworkflow.start')!;
    expect(child).toMatchObject({
      workflowId: 'major-incident',
      input: { ...form, status: 'firing', source: 'portal', alertId: `portal-email-${START / 1000}` },
    });
    const withReference = startInstance(machine, { input: { ...form, reference: 'INC0099' }, at: START });
    expect(withReference.commands.find((c) => c.type === 'subworkflow.start')!.input['alertId']).toBe(
      'INC0099',
    );
    const done = applyEvent(machine, started.state, {
      type: 'subworkflow.done',
      childKey: (child as { childKey: string }).childKey,
      outcome: 'completed',
      output: { minutesToResolve: 42 },
      at: START + 42 * MINUTE,
    });
    expect(done.state.context).toMatchObject({
      outcome: 'completed',
      output: { incident: { minutesToResolve: 42 } },
    });
  });
});

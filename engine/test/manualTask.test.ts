import { describe, expect, it } from 'vitest';
import { handlesOf } from '../src/definition/handles';
import { NODE_KINDS, NodeSchema } from '../src/definition/nodeSchema';
import { parseDefinition, validate, validateDocument } from '../src/validate';
import { aWorkflow, n, testCatalog } from '../src/testing';
import { drive } from './harness';

const serialForm = [
  { key: 'serialNumber', label: 'Serial number', type: 'string' as const, required: true },
  { key: 'wiped', label: 'Disk wiped', type: 'boolean' as const, required: false },
];

/** Record the laptop's serial number, then use it in a later expression. */
function laptopFlow(extra: Parameters<typeof n.manualTask>[1] = {}) {
  const timeout = extra.due !== undefined;
  return aWorkflow()
    .variables('serial')
    .nodes(
      n.trigger(),
      n.manualTask('serial', {
        title: "Record the laptop's serial number",
        assignees: [
          { type: 'group', id: 'it-desk' },
          { type: 'user', id: 'bob' },
        ],
        form: serialForm,
        ...extra,
      }),
      n.transform('note', { serial: 'nodes.serial.form.serialNumber' }),
      n.end('ok'),
    )
    .nodes(...(timeout ? [n.end('late', 'rejected')] : []))
    .edges(
      'start -> serial',
      'serial:done -> note',
      'note -> ok',
      ...(timeout ? ['serial:timeout -> late'] : []),
    )
    .build();
}

describe('manual task node', () => {
  it('is a node kind of its own, with a title and description for the palette', () => {
    expect(NODE_KINDS).toContain('manualTask');
    const schema = NodeSchema.options.find((o) => o.shape.kind.value === 'manualTask')!;
    expect(schema.meta()).toMatchObject({ title: 'Manual task' });
    expect(schema.meta()?.description).toBeTruthy();
  });

  it('has one outcome, done, by default, and a timeout handle only with a due date', () => {
    const node = (extra: object) =>
      parseDefinition(aWorkflow().nodes(n.trigger(), n.manualTask('t', extra)).document());
    const plain = node({});
    const due = node({ due: { after: 'P1D' } });
    if (!plain.ok || !due.ok) throw new Error('expected to parse');
    expect(handlesOf(plain.value.nodes[1]!).required).toEqual(['done']);
    expect(handlesOf(due.value.nodes[1]!).required).toEqual(['done', 'timeout']);
    // Unlike an approval, a single outcome is enough; none is not.
    expect(node({ outcomes: [{ id: 'checked', label: 'Checked' }] }).ok).toBe(true);
    expect(node({ outcomes: [] }).ok).toBe(false);
  });

  it('creates one task per assignee, marked as a manual task, with its form', () => {
    const run = drive(laptopFlow());
    const tasks = run.commandsOf('task.create');
    expect(tasks.map((t) => `${t.assignee.type}:${t.assignee.id}`)).toEqual(['group:it-desk', 'user:bob']);
    expect(tasks[0]).toMatchObject({
      kind: 'manualTask',
      title: "Record the laptop's serial number",
      outcomes: [{ id: 'done', label: 'Done' }],
      requireCommentOn: [],
      form: [
        expect.objectContaining({ key: 'serialNumber', required: true }),
        expect.objectContaining({ key: 'wiped' }),
      ],
    });
  });

  it('is settled by the first to complete it; its form values become the result later nodes read', () => {
    const run = drive(laptopFlow());
    const [first, second] = run.commandsOf('task.create');
    run.send({
      type: 'task.decided',
      taskKey: second!.taskKey,
      outcome: 'done',
      by: 'bob',
      comment: 'sticker on the back',
      form: { serialNumber: 'PF3A9Z', wiped: true },
      at: 5_000,
    });
    expect(run.done).toBe(true);
    expect(run.commandsOf('task.cancel').map((c) => c.taskKey)).toEqual([first!.taskKey]);
    expect(run.context.nodes['serial']).toMatchObject({
      outcome: 'done',
      by: 'bob',
      at: 5_000,
      comment: 'sticker on the back',
      form: { serialNumber: 'PF3A9Z', wiped: true },
    });
    expect(run.context.vars['serial']).toBe('PF3A9Z');
  });

  it('leaves by the outcome chosen when it has several', () => {
    const definition = aWorkflow()
      .nodes(
        n.trigger(),
        n.manualTask('check', {
          outcomes: [
            { id: 'done', label: 'Done' },
            { id: 'notNeeded', label: 'Not needed' },
          ],
        }),
        n.end('did'),
        n.end('skipped'),
      )
      .edges('start -> check', 'check:done -> did', 'check:notNeeded -> skipped')
      .build();
    const run = drive(definition);
    run.send({
      type: 'task.decided',
      taskKey: run.command('task.create').taskKey,
      outcome: 'notNeeded',
      by: 'ann',
      at: 2,
    });
    expect(run.active).toEqual(['skipped']);
  });

  it('follows its timeout handle when the due date passes, withdrawing the tasks', () => {
    const run = drive(laptopFlow({ due: { after: 'P2D' } }));
    const timer = run.command('timer.schedule');
    expect(run.command('task.create').dueAt).toBe(timer.fireAt);
    run.send({ type: 'timer.fired', timerKey: timer.timerKey, at: timer.fireAt });
    expect(run.active).toEqual(['late']);
    expect(run.commandsOf('task.cancel')).toHaveLength(2);
    expect(run.context.nodes['serial']).toMatchObject({ outcome: 'timeout', timedOut: true, form: {} });
  });

  it('reminds the assignees of the open tasks, numbered, and hands a task to a delegate when allowed', () => {
    const run = drive(laptopFlow({ reminders: { every: 'P1D', max: 1 }, allowDelegation: true }));
    const tasks = run.commandsOf('task.create');
    const to = { type: 'user' as const, id: 'dora' };
    expect(
      run.send({ type: 'task.delegated', taskKey: tasks[1]!.taskKey, to, by: 'bob', at: 1_500 }).changed,
    ).toBe(true);
    expect(run.command('task.reassign')).toMatchObject({ to });
    const timer = run.commandsOf('timer.schedule');
    expect(timer).toEqual([]);
    const reminder = run.history[0]!.find((c) => c.type === 'timer.schedule')!;
    if (reminder.type !== 'timer.schedule') throw new Error('expected a timer');
    run.send({ type: 'timer.fired', timerKey: reminder.timerKey, at: reminder.fireAt });
    expect(run.command('task.remind')).toMatchObject({ reminder: 1, taskKeys: tasks.map((t) => t.taskKey) });
  });

  it('ignores a completion with an outcome it does not offer', () => {
    const run = drive(laptopFlow());
    const task = run.command('task.create');
    const result = run.send({
      type: 'task.decided',
      taskKey: task.taskKey,
      outcome: 'approved',
      by: 'bob',
      at: 2,
    });
    expect(result.changed).toBe(false);
    expect(run.active).toEqual(['serial']);
  });
});

describe('manual task validation', () => {
  it('asks for an edge per outcome and for the timeout, addressed to the node', () => {
    const doc = aWorkflow()
      .nodes(n.trigger(), n.manualTask('check', { due: { after: 'P1D' } }), n.end('ok'))
      .edges('start -> check')
      .document();
    const issues = validateDocument(doc, testCatalog).filter((i) => i.nodeId === 'check');
    expect(issues.map((i) => i.code).sort()).toEqual([
      'MANUAL_TASK_OUTCOME_WITHOUT_EDGE',
      'MANUAL_TASK_TIMEOUT_WITHOUT_EDGE',
    ]);
    expect(issues.find((i) => i.code === 'MANUAL_TASK_OUTCOME_WITHOUT_EDGE')?.message).toBe(
      '"check" has no edge for the outcome "done"',
    );
  });

  it('names duplicate outcomes and form keys, and a comment required on an unknown outcome', () => {
    const doc = aWorkflow()
      .nodes(
        n.trigger(),
        n.manualTask('check', {
          outcomes: [
            { id: 'done', label: 'Done' },
            { id: 'done', label: 'Also done' },
          ],
          form: [serialForm[0]!, serialForm[0]!],
          requireCommentOn: ['skipped'],
        }),
        n.end('ok'),
      )
      .edges('start -> check', 'check:done -> ok')
      .document();
    const issues = validateDocument(doc, testCatalog).filter((i) => i.nodeId === 'check');
    expect(issues.map((i) => [i.code, i.path.join('.')])).toEqual(
      expect.arrayContaining([
        ['DUPLICATE_NAME', 'nodes.1.outcomes.1.id'],
        ['DUPLICATE_NAME', 'nodes.1.form.1.key'],
        ['MANUAL_TASK_UNKNOWN_OUTCOME', 'nodes.1.requireCommentOn.0'],
      ]),
    );
  });

  it('type-checks what later expressions read of its form, and its assignee expression', () => {
    const definition = aWorkflow()
      .variables('serial')
      .nodes(
        n.trigger(),
        n.manualTask('serial', {
          form: serialForm,
          assignees: [{ type: 'expression', expression: '42' }],
        }),
        n.transform('note', { serial: 'nodes.serial.form.serialNumbr' }),
        n.end('ok'),
      )
      .edges('start -> serial', 'serial:done -> note', 'note -> ok')
      .build();
    const issues = validate(definition, testCatalog);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ nodeId: 'serial', code: 'EXPRESSION_TYPE' }),
        expect.objectContaining({ nodeId: 'note', code: 'UNKNOWN_FIELD' }),
      ]),
    );
    expect(issues.find((i) => i.nodeId === 'serial')?.message).toContain('assignee expression');
  });

  it('lets a loop wait on a person at a manual task', () => {
    const doc = aWorkflow()
      .nodes(
        n.trigger(),
        n.manualTask('fix', {
          outcomes: [
            { id: 'done', label: 'Done' },
            { id: 'again', label: 'Try again' },
          ],
        }),
        n.end('ok'),
      )
      .edges('start -> fix', 'fix:done -> ok', 'fix:again -> fix')
      .document();
    expect(validateDocument(doc, testCatalog).map((i) => i.code)).not.toContain('CYCLE_WITHOUT_WAIT');
  });
});

import { describe, expect, it } from 'vitest';
import { parseDefinition, validateDocument } from '../src/validate';
import { aWorkflow, n, testCatalog } from '../src/testing';
import { drive } from './harness';

const hire = { name: 'Ada Lovelace', startDate: '2027-03-01', access: ['crm', 'erp'] };
const inputs = [
  { key: 'name', label: 'Name', type: 'string' as const },
  { key: 'startDate', label: 'Start date', type: 'date' as const },
  { key: 'access', label: 'Access', type: 'multiselect' as const, options: [{ value: 'crm', label: 'CRM' }] },
];
const details = { 'New hire': 'input.name', Starts: 'input.startDate', 'Extra access': 'input.access' };

function flow(kind: 'approval' | 'manualTask', extra: object = {}) {
  const node =
    kind === 'approval'
      ? n.approval('task', { title: 'Access for a new hire', details, ...extra })
      : n.manualTask('task', { title: 'Day one', details, ...extra });
  const exits = kind === 'approval' ? ['task:approved -> ok', 'task:rejected -> ok'] : ['task:done -> ok'];
  return aWorkflow()
    .input(...inputs)
    .nodes(n.trigger(), node, n.end('ok'))
    .edges('start -> task', ...exits);
}

describe('task details', () => {
  it('gives every task of an approval the details, evaluated when the node is entered', () => {
    const run = drive(flow('approval').build(), hire);
    expect(run.command('task.create', 'task')).toMatchObject({
      title: 'Access for a new hire',
      details: { 'New hire': 'Ada Lovelace', Starts: '2027-03-01', 'Extra access': ['crm', 'erp'] },
    });
  });

  it('gives a manual task its details too, and a task without details none', () => {
    expect(drive(flow('manualTask').build(), hire).command('task.create', 'task').details).toEqual({
      'New hire': 'Ada Lovelace',
      Starts: '2027-03-01',
      'Extra access': ['crm', 'erp'],
    });
    const plain = aWorkflow()
      .nodes(n.trigger(), n.manualTask('task'), n.end('ok'))
      .edges('start -> task', 'task:done -> ok')
      .build();
    expect(drive(plain).command('task.create', 'task')).not.toHaveProperty('details');
  });

  it("shows a sequence's later approvers the same details as the first", () => {
    const definition = flow('approval', {
      assignees: [
        { type: 'user', id: 'ann' },
        { type: 'user', id: 'bob' },
      ],
      policy: { type: 'sequence' },
    }).build();
    const run = drive(definition, hire);
    const first = run.command('task.create', 'task');
    run.send({ type: 'task.decided', taskKey: first.taskKey, outcome: 'approved', by: 'ann', at: 2_000 });
    expect(run.command('task.create', 'task')).toMatchObject({
      assignee: { type: 'user', id: 'bob' },
      details: first.details,
    });
  });

  it('refuses, addressed to the node and label, a detail that reads a name not in scope', () => {
    const document = flow('approval', { details: { 'New hire': 'input.nmae' } }).document();
    const issues = validateDocument(document, testCatalog);
    expect(issues).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        nodeId: 'task',
        path: ['nodes', 1, 'details', 'New hire'],
      }),
    );
  });

  it('takes at most 20 details', () => {
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`Detail ${i}`, 'input.name']));
    expect(parseDefinition(flow('approval', { details: many }).document()).ok).toBe(false);
  });

  it('fails the instance, addressed to the node, when a detail cannot be evaluated', () => {
    const definition = flow('approval', { details: { Manager: 'input.access[5]' } }).build();
    const run = drive(definition, hire);
    expect(run.done).toBe(true);
    expect(run.context.error).toMatchObject({ nodeId: 'task' });
  });
});

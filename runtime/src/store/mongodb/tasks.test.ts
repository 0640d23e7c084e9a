import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../pageCursor';
import { T0, aTask } from '../contract/fixtures';
import { indexServing } from './indexCoverage';
import {
  TASK_ORDER,
  cancelUpdate,
  createTaskWrite,
  decideUpdate,
  delegable,
  delegateUpdate,
  keyedTaskChange,
  listFilter,
  openTask,
  openTasksOf,
} from './taskDocuments';
import { taskChange } from './changes';
import { fromTaskDocument, taskDocument } from './recordDocuments';
import { taskCollections } from './tasks';

const [spec] = taskCollections;
const grace = { type: 'user', id: 'grace' } as const;
const linus = { type: 'user', id: 'linus' } as const;
const origin = { workflowId: 'access-request', version: 2 };

describe('MongoDB tasks', () => {
  it('maps a task to its document and back, with its workflow for statistics and the feed', () => {
    const task = aTask({ dueAt: T0 + 5, form: { $schema: 'x', fields: [{ 'a.b': 1 }] } });
    const doc = taskDocument(task, origin);
    expect(doc).toMatchObject({ _id: 'task-1', status: 'open', workflowId: 'access-request', version: 2 });
    expect(doc.form).toBe(JSON.stringify(task.form));
    expect(fromTaskDocument(doc)).toEqual({ ...task, status: 'open' });
    expect(taskDocument(task)).not.toHaveProperty('workflowId');
  });

  it('maps a decided, delegated task back with its decision', () => {
    const decision = { outcome: 'approved', by: 'linus', at: T0 + 9, form: { $x: 1 } };
    const decided = {
      ...taskDocument(aTask(), origin),
      ...decideUpdate(decision).$set,
      ...delegateUpdate({ from: grace, to: linus }).$set,
    } as ReturnType<typeof taskDocument>;
    expect(decided.closedAt).toBe(T0 + 9);
    expect(fromTaskDocument(decided)).toEqual({
      ...aTask(),
      assignee: linus,
      delegatedFrom: grace,
      status: 'decided',
      decision,
    });
  });

  it('creates by an insert-only upsert and compares-and-sets decisions and delegations on open', () => {
    const { filter, update } = createTaskWrite(taskDocument(aTask(), origin));
    expect(filter).toEqual({ _id: 'task-1' });
    expect(update.$setOnInsert).toMatchObject({ status: 'open' });
    expect(openTask('t')).toEqual({ _id: 't', status: 'open' });
    expect(delegable('t', grace)).toEqual({
      _id: 't',
      status: 'open',
      'assignee.type': 'user',
      'assignee.id': 'grace',
    });
    expect(cancelUpdate(T0)).toEqual({ $set: { status: 'cancelled', closedAt: T0 } });
    expect(cancelUpdate()).toEqual({ $set: { status: 'cancelled' } });
  });

  it("builds an inbox filter: the user's own tasks or their groups', after the cursor", () => {
    const cursor = encodeCursor({ at: T0, id: 'task-1' });
    expect(listFilter({ assigneeUserId: 'grace', groups: ['cab'], status: 'open' }, cursor)).toEqual({
      status: 'open',
      $and: [
        {
          $or: [
            { 'assignee.type': 'user', 'assignee.id': 'grace' },
            { 'assignee.type': 'group', 'assignee.id': { $in: ['cab'] } },
          ],
        },
        { $or: [{ createdAt: { $gt: T0 } }, { createdAt: T0, _id: { $gt: 'task-1' } }] },
      ],
    });
    expect(listFilter({ instanceId: 'i' })).toEqual({ instanceId: 'i' });
    expect(() => listFilter({}, 'not-a-cursor')).toThrow(/cursor/);
  });

  it('pages every listing along an index in (createdAt, id) order', () => {
    const cursor = encodeCursor({ at: T0, id: 'x' });
    const filters = [
      { assigneeUserId: 'grace', groups: ['cab', 'hr'] },
      { assigneeUserId: 'grace', status: 'open' as const },
      { groups: ['hr'] },
      { instanceId: 'inst-1' },
      { instanceId: 'inst-1', status: 'open' as const },
      { status: 'open' as const },
      {},
    ];
    for (const filter of filters) {
      for (const page of [undefined, cursor]) {
        expect(
          indexServing(spec!, { filter: listFilter(filter, page), sort: TASK_ORDER }),
          JSON.stringify(filter),
        ).toBeDefined();
      }
    }
    expect(indexServing(spec!, { filter: listFilter({ groups: ['hr'] }), sort: TASK_ORDER })).toBe(
      'tasks_by_assignee',
    );
    expect(indexServing(spec!, { filter: openTasksOf('i', 'n'), sort: TASK_ORDER })).toBe(
      'tasks_by_instance',
    );
  });

  it('tells a change as the task is stored, with the former assignee of a delegation', () => {
    const doc = { ...taskDocument(aTask(), origin), assignee: linus };
    expect(taskChange('delegated', doc, [grace])).toEqual({
      type: 'task',
      kind: 'delegated',
      taskId: 'task-1',
      instanceId: 'inst-1',
      workflowId: 'access-request',
      title: aTask().title,
      assignees: [linus, grace],
    });
    expect(taskChange('created', taskDocument(aTask())).workflowId).toBe('');
    // Step effects name the step's workflow for a task stored without one.
    expect(taskChange('decided', taskDocument(aTask()), [], 'w').workflowId).toBe('w');
  });
});

describe('MongoDB task change keys', () => {
  it('keys a creation, decision or cancellation once per task, and each delegation apart', () => {
    const doc = taskDocument(aTask(), origin);
    expect(keyedTaskChange(taskChange('decided', doc)).key).toBe('task:task-1:decided');
    const first = keyedTaskChange(taskChange('delegated', doc, [grace])).key;
    const second = keyedTaskChange(taskChange('delegated', doc, [grace])).key;
    expect(first).toMatch(/^task:task-1:delegated:/);
    expect(first).not.toBe(second);
  });
});

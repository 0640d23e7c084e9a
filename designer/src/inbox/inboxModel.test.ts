import { describe, expect, it } from 'vitest';
import {
  decidedMessage,
  dueLabel,
  keepSelection,
  keyDecisionNeeds,
  moveSelection,
  openTaskGone,
  outcomeForKey,
  sortTasks,
  triageAction,
  taskSubject,
} from './inboxModel';

const NOW = Date.UTC(2026, 0, 5, 12);
const H = 3600_000;

describe('the inbox', () => {
  it('puts overdue and soon-due tasks first (earliest due first), then the rest newest first', () => {
    const tasks = [
      { id: 'old-none', createdAt: NOW - 50 * H },
      { id: 'new-later', createdAt: NOW - H, dueAt: NOW + 72 * H },
      { id: 'soon', createdAt: NOW - 40 * H, dueAt: NOW + 2 * H },
      { id: 'overdue', createdAt: NOW - 60 * H, dueAt: NOW - 5 * H },
      { id: 'newest-none', createdAt: NOW },
    ];
    expect(sortTasks(tasks, NOW).map((t) => t.id)).toEqual([
      'overdue',
      'soon',
      'newest-none',
      'new-later',
      'old-none',
    ]);
  });

  it('says how due a task is', () => {
    expect(dueLabel(undefined, NOW)).toBeUndefined();
    expect(dueLabel(NOW - 2 * 24 * H, NOW)).toBe('Overdue by 2 days');
    expect(dueLabel(NOW + 3 * H, NOW)).toBe('Due in 3 hours');
    expect(dueLabel(NOW + 60_000, NOW)).toBe('Due in 1 minute');
  });

  it('maps keys to triage actions, but never while typing or with a modifier', () => {
    expect(triageAction({ key: 'j', target: { tagName: 'DIV' } })).toBe('next');
    expect(triageAction({ key: 'k' })).toBe('previous');
    expect(triageAction({ key: 'a' })).toBe('approve');
    expect(triageAction({ key: 'r' })).toBe('reject');
    expect(triageAction({ key: '?' })).toBe('help');
    expect(triageAction({ key: 'a', target: { tagName: 'TEXTAREA' } })).toBeUndefined();
    expect(triageAction({ key: 'j', target: { tagName: 'input' } })).toBeUndefined();
    expect(triageAction({ key: 'j', target: { tagName: 'DIV', isContentEditable: true } })).toBeUndefined();
    expect(triageAction({ key: 'a', ctrlKey: true })).toBeUndefined();
    expect(triageAction({ key: 'x' })).toBeUndefined();
  });

  it('moves and keeps the selection', () => {
    const ids = ['a', 'b', 'c'];
    expect(moveSelection(ids, undefined, 1)).toBe('a');
    expect(moveSelection(ids, 'a', 1)).toBe('b');
    expect(moveSelection(ids, 'c', 1)).toBe('c');
    expect(moveSelection(ids, 'a', -1)).toBe('a');
    expect(moveSelection([], 'a', 1)).toBeUndefined();
    expect(keepSelection(ids, ['a', 'c'], 'b')).toBe('c');
    expect(keepSelection(ids, ['a'], 'c')).toBe('a');
    expect(keepSelection(ids, ids, 'b')).toBe('b');
  });

  it('names the open task when it left the list for a reason not given here', () => {
    const before = [
      { id: 'a', title: 'Access request' },
      { id: 'b', title: 'Laptop' },
    ];
    // Withdrawn, or decided or delegated by someone else, while open here.
    expect(openTaskGone(before, ['b'], 'a', new Set())).toEqual(before[0]);
    // Decided or delegated here: the decision says so itself.
    expect(openTaskGone(before, ['b'], 'a', new Set(['a']))).toBeUndefined();
    // Still listed, another one left, or nothing was open.
    expect(openTaskGone(before, ['a', 'b'], 'a', new Set())).toBeUndefined();
    expect(openTaskGone(before, ['a'], 'a', new Set())).toBeUndefined();
    expect(openTaskGone(before, ['a'], undefined, new Set())).toBeUndefined();
    // Opened by its address but never listed here (the first load): nothing to say.
    expect(openTaskGone([], [], 'a', new Set())).toBeUndefined();
  });

  it('finds the outcome a key decides', () => {
    expect(outcomeForKey(['approved', 'rejected'], 'approve')).toBe('approved');
    expect(outcomeForKey(['approved', 'rejected'], 'reject')).toBe('rejected');
    expect(outcomeForKey(['done'], 'approve')).toBe('done');
    expect(outcomeForKey(['done'], 'reject')).toBeUndefined();
    expect(outcomeForKey(['escalate', 'close'], 'approve')).toBeUndefined();
  });
});

describe('deciding from the keyboard', () => {
  const base = { requireCommentOn: ['rejected'], comment: '', formFields: 0 };
  it('decides at once only when nothing more is needed', () => {
    expect(keyDecisionNeeds({ ...base, outcome: 'approved' })).toBeUndefined();
    expect(keyDecisionNeeds({ ...base, outcome: 'rejected', comment: 'Not this year' })).toBeUndefined();
  });

  it('asks for the comment an outcome needs, and for the form a task has', () => {
    expect(keyDecisionNeeds({ ...base, outcome: 'rejected' })).toBe('comment');
    expect(keyDecisionNeeds({ ...base, outcome: 'rejected', comment: '   ' })).toBe('comment');
    expect(keyDecisionNeeds({ ...base, outcome: 'approved', formFields: 2 })).toBe('form');
  });

  it('says what was decided', () => {
    expect(decidedMessage('approved', 'Access request')).toBe('Approved “Access request”.');
    expect(decidedMessage('rejected', 'Access request')).toBe('Rejected “Access request”.');
    expect(decidedMessage('done', 'Hand over the laptop')).toBe('Done “Hand over the laptop”.');
    expect(decidedMessage('escalate', 'Access request', [{ id: 'escalate', label: 'Send up' }])).toBe(
      'Decided “Access request”: Send up.',
    );
  });
});

describe('the subject of a task in the list', () => {
  it('is the value of its first detail, as text', () => {
    expect(taskSubject({ details: { 'New hire': 'Ada Lovelace', 'Job title': 'Engineer' } })).toBe(
      'Ada Lovelace',
    );
    expect(taskSubject({ details: { Systems: ['crm', 'erp'] } })).toBe('crm, erp');
    expect(taskSubject({ details: { Amount: 1200 } })).toBe('1200');
  });

  it('is nothing without details, or with an empty or structured first one', () => {
    expect(taskSubject({ kind: 'approval' })).toBeUndefined();
    expect(taskSubject({ details: { Note: '  ' } })).toBeUndefined();
    expect(taskSubject({ details: { Record: { id: 1 } } })).toBeUndefined();
    expect(taskSubject(null)).toBeUndefined();
  });
});

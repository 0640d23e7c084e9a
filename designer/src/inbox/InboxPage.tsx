import { useVirtualizer } from '@tanstack/react-virtual';
import { CircleCheck, Forward, Info, Inbox as InboxIcon, Keyboard, Users } from 'lucide-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { sentenceOf } from '../app/apiErrors';
import { AwayControl } from '../away/AwayControl';
import { useCan } from '../auth/session';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Loading } from '../ui/Loading';
import { WrittenText } from '../ui/WrittenText';
import { relativeTime } from '../workflows/workflowSummary';
import {
  dueLabel,
  goneMessage,
  keepSelection,
  moveSelection,
  openTaskGone,
  sortTasks,
  taskSubject,
  triageAction,
  urgencyOf,
  type TriageAction,
} from './inboxModel';
import { ShortcutsHelp } from './ShortcutsHelp';
import { TaskDetail, type KeyDecision } from './TaskDetail';
import { useInboxTasks, type InboxTask } from './useInbox';
import '../portal/portal.css';
import './inbox.css';

const ROW_HEIGHT = 76;

/** My tasks and my groups' tasks: most urgent and newest first, one open beside the list. */
export function InboxPage() {
  const tasks = useInboxTasks();
  const canDecide = useCan('tasks:decide');
  const [search, setSearch] = useSearchParams();
  // The selection lives here (key presses quicker than renders each move one row on) and is
  // mirrored into ?task= so a task can be linked to and survives a reload.
  const [selectedId, setSelectedId] = useState<string | undefined>(() => search.get('task') ?? undefined);
  const [help, setHelp] = useState(false);
  const [keyDecision, setKeyDecision] = useState<KeyDecision | undefined>(undefined);
  // What was decided last: said in a live region, as the task leaves the list and the next is
  // selected; or that the open task left it for another reason (`gone`).
  const [notice, setNotice] = useState<{ text: string; gone: boolean } | undefined>();
  // Tasks decided or delegated from this page: their leaving the list needs no other word.
  const handledHere = useRef(new Set<string>());
  const now = Date.now();
  const sorted = useMemo(() => (tasks.data ? sortTasks(tasks.data, now) : []), [tasks.data]); // eslint-disable-line react-hooks/exhaustive-deps
  const ids = useMemo(() => sorted.map((t) => t.id), [sorted]);
  const selectedTask = sorted.find((t) => t.id === selectedId);

  useEffect(() => {
    setSearch(
      (params) => {
        if ((params.get('task') ?? undefined) === selectedId) return params;
        const next = new URLSearchParams(params);
        if (selectedId === undefined) next.delete('task');
        else next.set('task', selectedId);
        return next;
      },
      { replace: true },
    );
  }, [selectedId, setSearch]);

  // A task decided elsewhere (or here) leaves the list: select its neighbour, and say why the
  // open one went when it was not by a decision made here.
  const previousTasks = useRef<readonly InboxTask[]>([]);
  useEffect(() => {
    if (!tasks.data) return;
    const before = previousTasks.current;
    previousTasks.current = sorted;
    const gone = openTaskGone(before, ids, selectedId, handledHere.current);
    if (gone) setNotice({ text: goneMessage(gone.title), gone: true });
    const beforeIds = before.map((task) => task.id);
    setSelectedId((id) => keepSelection(beforeIds, ids, id));
  }, [ids, sorted, selectedId, tasks.data]);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  // The selected row stays in view (moved to from the keyboard, or kept after a decision).
  const selectedIndex = selectedId === undefined ? -1 : ids.indexOf(selectedId);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const act = useCallback(
    (action: TriageAction) => {
      if (action === 'help') return setHelp((h) => !h);
      if (action === 'close') return setHelp(false);
      if (action === 'next' || action === 'previous')
        return setSelectedId((id) => moveSelection(ids, id, action === 'next' ? 1 : -1) ?? id);
      // Per task too: a task this user may not decide (their own request, …) takes no decision key.
      if (selectedId && canDecide && selectedTask?.canDecide !== false)
        setKeyDecision((k) => ({ action, seq: (k?.seq ?? 0) + 1 }));
    },
    [ids, selectedId, canDecide, selectedTask?.canDecide],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const action = triageAction({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        target: target
          ? {
              tagName: target.tagName,
              isContentEditable: target.isContentEditable,
              role: target.getAttribute('role'),
            }
          : null,
      });
      if (!action) return;
      if (action === 'close' && !help) return;
      event.preventDefault();
      act(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [act, help]);

  return (
    <main className="inbox">
      <title>Inbox · Flowline</title>
      <div className="inbox__list-pane">
        <div className="inbox__header">
          <div>
            <h1 className="page__title">Inbox</h1>
            <p className="page__subtitle">
              {tasks.data ? `${sorted.length} open ${sorted.length === 1 ? 'task' : 'tasks'}` : 'Your tasks'}
            </p>
          </div>
          <Button
            variant="ghost"
            icon={<Keyboard size={16} aria-hidden="true" />}
            onClick={() => setHelp(true)}
          >
            Shortcuts
          </Button>
        </div>
        {canDecide && (
          <div className="inbox__away">
            <AwayControl />
          </div>
        )}
        <p
          className={`inbox__decided${notice?.gone ? ' inbox__decided--gone' : ''}`}
          role="status"
          aria-live="polite"
          data-testid="inbox-decided"
        >
          {notice && (
            <>
              {notice.gone ? (
                <Info size={16} aria-hidden="true" />
              ) : (
                <CircleCheck size={16} aria-hidden="true" />
              )}
              {notice.text}
            </>
          )}
        </p>
        {tasks.isPending && <Loading label="Loading your tasks…" />}
        {tasks.isError && <Alert>{sentenceOf(tasks.error)}</Alert>}
        {tasks.data && sorted.length === 0 && (
          <div className="empty">
            <InboxIcon size={32} aria-hidden="true" />
            <p className="empty__title">Nothing to do</p>
            <p>
              Approvals and tasks given to you or your groups appear here as they arrive; no need to reload.
              Want something yourself? Send a request from the Requests page.
            </p>
          </div>
        )}
        {sorted.length > 0 && (
          <div className="inbox__scroller" ref={scroller} data-testid="inbox-list">
            <ul
              className="inbox__list"
              aria-label="Open tasks"
              style={{ height: virtualizer.getTotalSize() }}
            >
              {virtualizer.getVirtualItems().map((row) => {
                const task = sorted[row.index]!;
                return (
                  <li
                    key={task.id}
                    className="inbox__row"
                    style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
                    aria-setsize={sorted.length}
                    aria-posinset={row.index + 1}
                  >
                    <TaskRow
                      task={task}
                      now={now}
                      selected={task.id === selectedId}
                      onSelect={() => setSelectedId(task.id)}
                    />
                  </li>
                );
              })}
            </ul>
          </div>
        )}
      </div>
      <div className="inbox__detail-pane">
        {selectedId ? (
          <TaskDetail
            key={selectedId}
            taskId={selectedId}
            keyDecision={keyDecision}
            canDecide={selectedTask?.canDecide}
            cannotDecideBecause={selectedTask?.cannotDecideBecause}
            onDecided={(text) => {
              handledHere.current.add(selectedId);
              setNotice({ text, gone: false });
            }}
          />
        ) : (
          sorted.length > 0 && (
            <div className="empty">
              <p className="empty__title">Choose a task</p>
              <p>Pick one from the list, or press j to open the first. Press ? for all shortcuts.</p>
            </div>
          )
        )}
      </div>
      <ShortcutsHelp open={help} onClose={() => setHelp(false)} />
    </main>
  );
}

function TaskRow({
  task,
  now,
  selected,
  onSelect,
}: {
  task: InboxTask;
  now: number;
  selected: boolean;
  onSelect: () => void;
}) {
  const urgency = urgencyOf(task, now);
  const due = dueLabel(task.dueAt, now);
  const subject = taskSubject(task.form);
  return (
    <button
      type="button"
      className={`inbox__item${selected ? ' inbox__item--selected' : ''}${task.delegatedFrom ? ' inbox__item--from' : ''}`}
      aria-current={selected ? 'true' : undefined}
      onClick={onSelect}
      data-task-id={task.id}
    >
      <span className="inbox__item-title">
        {task.title}
        {subject && (
          <span className="inbox__item-subject">
            {' · '}
            <WrittenText>{subject}</WrittenText>
          </span>
        )}
      </span>
      <span className="inbox__item-meta">
        {task.assignee.type === 'group' && (
          <span className="inbox__group">
            <Users size={12} aria-hidden="true" />
            {task.assignee.id}
          </span>
        )}
        <span>{task.kind === 'manualTask' ? 'Task' : 'Approval'}</span>
        {task.delegatedFrom && (
          <>
            <span aria-hidden="true">·</span>
            <span
              className="inbox__from"
              data-testid="delegated-from"
              title={`Handed on from ${task.delegatedFromName ?? task.delegatedFrom.id}`}
            >
              <Forward size={12} aria-hidden="true" />
              from {task.delegatedFromName ?? task.delegatedFrom.id}
            </span>
          </>
        )}
        <span aria-hidden="true">·</span>
        <span>{relativeTime(task.createdAt, now)}</span>
      </span>
      {due && (
        <span className="inbox__item-due">
          <Badge tone={urgency === 'overdue' ? 'danger' : urgency === 'soon' ? 'warning' : 'neutral'}>
            {due}
          </Badge>
        </span>
      )}
    </button>
  );
}

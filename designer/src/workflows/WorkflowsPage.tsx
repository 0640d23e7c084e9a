import { CircleCheck, Plus, Trash2, Workflow } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Schemas } from '../app/apiClient';
import { sentenceOf } from '../app/apiErrors';
import { useCan, useMe } from '../auth/session';
import { Alert } from '../ui/Alert';
import { Badge, type BadgeTone } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Loading } from '../ui/Loading';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { NewWorkflowDialog } from './NewWorkflowDialog';
import { useDeleteWorkflow, useWorkflows } from './useWorkflows';
import {
  deactivatedText,
  publicationState,
  relativeTime,
  STATE_LABELS,
  type PublicationState,
} from './workflowSummary';
import { formatTime } from '../app/formatTime';
import './workflows.css';

const STATE_TONES: Readonly<Record<PublicationState, BadgeTone>> = {
  draft: 'neutral',
  published: 'success',
  changed: 'warning',
};

export function WorkflowsPage() {
  const workflows = useWorkflows();
  const canCreate = useCan('definitions:write');
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Schemas['DraftSummary']>();
  const [deleted, setDeleted] = useState<string>();
  const items = workflows.data?.pages.flatMap((page) => page.items);

  return (
    <main className="page">
      <title>Workflows · Flowline</title>
      <div className="page__header">
        <div>
          <h1 className="page__title">Workflows</h1>
          <p className="page__subtitle">Approval, onboarding and change processes, drawn and versioned.</p>
          {/* Seen and announced, as the inbox says what a decision did: the row it removed is no trace. */}
          <p className="workflows__result" role="status" aria-live="polite" data-testid="workflows-result">
            {deleted && (
              <>
                <CircleCheck size={16} aria-hidden="true" />
                {deleted}
              </>
            )}
          </p>
        </div>
        {canCreate && (
          <Button
            variant="primary"
            icon={<Plus size={16} aria-hidden="true" />}
            onClick={() => setCreating(true)}
          >
            New workflow
          </Button>
        )}
      </div>
      {workflows.isPending && <Loading label="Loading workflows…" />}
      {workflows.isError && <Alert>{sentenceOf(workflows.error)}</Alert>}
      {items &&
        (items.length === 0 ? (
          <div className="empty">
            <Workflow size={32} aria-hidden="true" />
            <p className="empty__title">No workflows yet</p>
            <p>
              {canCreate
                ? 'Create one to start drawing.'
                : 'Workflows appear here once a designer creates them.'}
            </p>
          </div>
        ) : (
          <WorkflowTable items={items} onDelete={canCreate ? setDeleting : undefined} />
        ))}
      {workflows.hasNextPage && (
        <div className="page__more">
          <Button busy={workflows.isFetchingNextPage} onClick={() => void workflows.fetchNextPage()}>
            Show more workflows
          </Button>
        </div>
      )}
      {canCreate && <NewWorkflowDialog open={creating} onClose={() => setCreating(false)} />}
      {deleting && (
        <DeleteWorkflowDialog
          workflow={deleting}
          onClose={() => setDeleting(undefined)}
          onDeleted={() => {
            setDeleted(`Deleted “${deleting.name}”.`);
            setDeleting(undefined);
          }}
        />
      )}
    </main>
  );
}

/** Only a workflow never published can go: published versions carry requests and their history. */
function DeleteWorkflowDialog({
  workflow,
  onClose,
  onDeleted,
}: {
  workflow: Schemas['DraftSummary'];
  onClose: () => void;
  onDeleted: () => void;
}) {
  const remove = useDeleteWorkflow();
  return (
    <ConfirmDialog
      title={`Delete “${workflow.name}”?`}
      confirm="Delete workflow"
      danger
      busy={remove.isPending}
      error={remove.error}
      onConfirm={() =>
        remove.mutate({ id: workflow.workflowId, draftRev: workflow.draftRev }, { onSuccess: onDeleted })
      }
      onClose={onClose}
    >
      It was never published, so its draft is all there is: deleting it cannot be undone. Its id,{' '}
      <span className="mono">{workflow.workflowId}</span>, can then be used again.
    </ConfirmDialog>
  );
}

function WorkflowTable({
  items,
  onDelete,
}: {
  items: readonly Schemas['DraftSummary'][];
  /** Absent for those who may not change workflows. */
  onDelete: ((workflow: Schemas['DraftSummary']) => void) | undefined;
}) {
  const now = Date.now();
  const me = useMe();
  return (
    <div className="card card--flush">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Latest version</th>
            <th scope="col">State</th>
            <th scope="col">Updated</th>
            {onDelete && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const state = publicationState(item);
            return (
              <tr key={item.workflowId}>
                <td>
                  <Link className="table__primary" to={`/workflows/${encodeURIComponent(item.workflowId)}`}>
                    {item.name}
                  </Link>
                  <span className="table__secondary mono">{item.workflowId}</span>
                </td>
                <td>
                  {item.latestVersion ? (
                    `Version ${item.latestVersion.version}`
                  ) : (
                    <span className="muted">None</span>
                  )}
                </td>
                <td>
                  <span className="workflow-state">
                    <Badge tone={STATE_TONES[state]}>{STATE_LABELS[state]}</Badge>
                    {!item.active && (
                      <span title={item.deactivated && deactivatedText(item.deactivated, me.id)}>
                        <Badge tone="warning">Inactive</Badge>
                      </span>
                    )}
                  </span>
                </td>
                <td>
                  <time dateTime={new Date(item.updatedAt).toISOString()} title={formatTime(item.updatedAt)}>
                    {relativeTime(item.updatedAt, now)}
                  </time>
                  <span className="table__secondary">{authorOf(item.updatedBy, me.id)}</span>
                </td>
                {onDelete && (
                  <td className="table__actions">
                    {item.latestVersion === null && (
                      <Button
                        variant="ghost"
                        icon={<Trash2 size={16} aria-hidden="true" />}
                        aria-label={`Delete ${item.name}`}
                        onClick={() => onDelete(item)}
                      >
                        Delete
                      </Button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

// Drafts record a user id; only "you" and the seeding system are worth naming without a lookup.
function authorOf(updatedBy: string, myId: string): string {
  if (updatedBy === myId) return 'by you';
  if (updatedBy === 'system') return 'example, seeded';
  return '';
}

import { Power, PowerOff } from 'lucide-react';
import { useState } from 'react';
import { useMe } from '../auth/session';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { deactivatedText } from '../workflows/workflowSummary';
import { useActivation, useSetActive } from './useActivation';
import { useVersionList } from './useVersions';
import './versions.css';

/**
 * A published workflow's "Inactive" badge (for everyone), and Deactivate / Activate for those who
 * may publish, each asked first. A workflow never published shows neither: nothing starts it.
 */
export function ActivationControl({
  workflowId,
  name,
  canPublish,
}: {
  workflowId: string;
  name: string;
  canPublish: boolean;
}) {
  const versions = useVersionList(workflowId);
  const published = (versions.data?.length ?? 0) > 0;
  const activation = useActivation(workflowId, published);
  const [asking, setAsking] = useState(false);
  const me = useMe();
  const state = activation.data;
  if (!published || !state) return null;
  const label = state.active ? 'Deactivate' : 'Activate';
  return (
    <div className="activation-control">
      {!state.active && (
        <span title={state.deactivated && deactivatedText(state.deactivated, me.id)}>
          <Badge tone="warning">Inactive</Badge>
        </span>
      )}
      {canPublish && (
        <Button
          variant="ghost"
          aria-label={label}
          title={state.active ? 'Deactivate: no new requests start' : 'Activate: new requests start again'}
          icon={
            state.active ? <PowerOff size={16} aria-hidden="true" /> : <Power size={16} aria-hidden="true" />
          }
          onClick={() => setAsking(true)}
        >
          {label}
        </Button>
      )}
      {asking && (
        <ActivationDialog
          workflowId={workflowId}
          name={name}
          activate={!state.active}
          onClose={() => setAsking(false)}
        />
      )}
    </div>
  );
}

/** What the switch does, said before it is done. */
function ActivationDialog({
  workflowId,
  name,
  activate,
  onClose,
}: {
  workflowId: string;
  name: string;
  activate: boolean;
  onClose: () => void;
}) {
  const setActive = useSetActive(workflowId);
  return (
    <ConfirmDialog
      title={`${activate ? 'Activate' : 'Deactivate'} “${name}”?`}
      confirm={activate ? 'Activate workflow' : 'Deactivate workflow'}
      danger={!activate}
      busy={setActive.isPending}
      error={setActive.error}
      onConfirm={() => setActive.mutate(activate, { onSuccess: onClose })}
      onClose={onClose}
    >
      {activate ? (
        <p>
          New requests can start again: the request portal offers it, and its form, API, webhook and schedule
          start it. Its schedule resumes from now; times missed while it was inactive are not made up.
        </p>
      ) : (
        <>
          <p>
            No new requests start: the request portal stops offering it, and its form, API, webhook, schedule
            and other workflows calling it are refused.
          </p>
          <p>Requests already running finish as usual. You can activate it again at any time.</p>
        </>
      )}
    </ConfirmDialog>
  );
}

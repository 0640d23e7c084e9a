import { ClipboardList, Play } from 'lucide-react';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useCan } from '../auth/session';
import { Button } from '../ui/Button';
import { useActivation } from '../versions/useActivation';
import { useVersion, useVersionList } from '../versions/useVersions';
import { startChoice } from './startChoice';
import './startRun.css';

// The dialog (the input form, the request it sends) loads when "Start run" is pressed; the
// modal opens as soon as it is there, so there is nothing to see in between.
const StartRunDialog = lazy(async () => ({ default: (await import('./StartRunDialog')).StartRunDialog }));

/**
 * "Start run" in the editor's toolbar: starts the latest published version of an active workflow
 * with a manual trigger (asking for its input fields first, when it has any), then opens the run.
 * A form trigger links to its request form. Without it a manual workflow could only be started
 * through the API.
 */
export function StartRunControl({ workflowId }: { workflowId: string }) {
  const canStart = useCan('instances:start');
  const versions = useVersionList(workflowId, canStart);
  const latest = versions.data?.[0]?.version;
  const activation = useActivation(workflowId, latest !== undefined);
  const version = useVersion(workflowId, latest);
  const [open, setOpen] = useState(false);
  const definition = version.data?.definition;
  const choice = useMemo(() => (definition ? startChoice(definition) : undefined), [definition]);
  if (!canStart || latest === undefined || !activation.data?.active || !choice) return null;
  if (choice.kind === 'none') return null;
  if (choice.kind === 'form')
    return (
      <div className="start-run-control">
        <Link
          to={choice.href}
          className="btn btn--ghost"
          aria-label="Request form"
          title={`Request form: starts version ${latest}`}
        >
          <ClipboardList size={16} aria-hidden="true" />
          <span>Request form</span>
        </Link>
      </div>
    );
  return (
    <div className="start-run-control">
      <Button
        variant="ghost"
        aria-label="Start run"
        icon={<Play size={16} aria-hidden="true" />}
        title={`Start run: version ${latest}, as published`}
        onClick={() => setOpen(true)}
      >
        Start run
      </Button>
      {open && (
        <Suspense fallback={null}>
          <StartRunDialog
            workflowId={workflowId}
            name={definition?.name ?? workflowId}
            version={latest}
            fields={choice.fields}
            onClose={() => setOpen(false)}
          />
        </Suspense>
      )}
    </div>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { RotateCcw } from 'lucide-react';
import { useState } from 'react';
import { api, read } from '../app/apiClient';
import { sentenceOf } from '../app/apiErrors';
import { QUERY_ROOTS } from '../live';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { bulkRetrySummary, retryIncidents } from './bulkRetry';

const ports = {
  incidentsOf: async (id: string) =>
    (await read(api.GET('/api/instances/{id}', { params: { path: { id } } }))).incidents.map((i) => i.nodeId),
  retry: async (id: string, nodeId: string) => {
    await read(api.POST('/api/instances/{id}/retry', { params: { path: { id } }, body: { nodeId } }));
  },
};

/**
 * "Retry all" over the runs the incident filter lists (those loaded): after an outage every run
 * that stopped at the failing step is retried at once, not opened and retried one by one.
 */
export function RetryAllControl({ runIds }: { runIds: readonly string[] }) {
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [progress, setProgress] = useState<number | undefined>();
  const [summary, setSummary] = useState<string | undefined>();
  const count = runIds.length;
  const run = async () => {
    setProgress(0);
    const result = await retryIncidents(runIds, ports, sentenceOf, setProgress);
    setProgress(undefined);
    setAsking(false);
    setSummary(bulkRetrySummary(result));
    await queryClient.invalidateQueries({ queryKey: QUERY_ROOTS.instances });
  };
  return (
    <div className="runs-retry-all">
      <Button
        icon={<RotateCcw size={16} aria-hidden="true" />}
        onClick={() => {
          setSummary(undefined);
          setAsking(true);
        }}
        disabled={count === 0}
      >
        Retry all
      </Button>
      <p className="runs-retry-all__summary" role="status">
        {summary}
      </p>
      {asking && (
        <ConfirmDialog
          title={`Retry the incidents of ${count} ${count === 1 ? 'run' : 'runs'}?`}
          confirm={progress === undefined ? 'Retry all' : `Retrying… ${progress} of ${count}`}
          busy={progress !== undefined}
          error={undefined}
          onConfirm={() => void run()}
          onClose={() => progress === undefined && setAsking(false)}
        >
          <p>
            Every step that stopped with an incident in the {count === 1 ? 'run' : `${count} runs`} listed
            runs once more, one run at a time. A run that ended or was retried meanwhile is left as it is.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}

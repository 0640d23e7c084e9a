import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { api, read } from '../app/apiClient';
import { ApiError, sentenceOf } from '../app/apiErrors';
import { QUERY_ROOTS } from '../live';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ReasonDialog } from '../ui/ReasonDialog';
import { bulkSummary, runBulk, type BulkKind, type BulkPorts, type BulkTarget } from './bulkAction';

/** What a bulk action is about to do: confirmed with the exact number of runs. */
export interface BulkRequest {
  readonly kind: BulkKind;
  readonly target: BulkTarget;
  /** The runs it applies to now: the count the runtime gave for the filters, or the selection's size. */
  readonly count: number;
}

const ports: BulkPorts = {
  call: (kind, body) =>
    kind === 'retry'
      ? read(api.POST('/api/instances/retry', { body }))
      : read(api.POST('/api/instances/cancel', { body: { ...body, reason: body.reason ?? '' } })),
  wait: (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000)),
};

const runs = (n: number) => `${n} ${n === 1 ? 'run' : 'runs'}`;

/**
 * The confirmation of a bulk retry or cancel, then its progress ("Retrying… 200 of 312", with a
 * Stop), done by the runtime a batch at a time. Closes with the summary of what was done.
 */
export function BulkRunDialog({
  request,
  onClose,
}: {
  request: BulkRequest;
  /** With the summary once it ran; without when the person backed out. */
  onClose: (summary?: string) => void;
}) {
  const queryClient = useQueryClient();
  const [looked, setLooked] = useState<number | undefined>();
  const [problem, setProblem] = useState<ApiError | undefined>();
  const stopped = useRef(false);
  const { kind, target, count } = request;
  const selected = 'ids' in target;
  const running = looked !== undefined;
  const go = async (reason?: string) => {
    if (kind === 'cancel' && !reason) {
      const message = 'Say why these runs are cancelled: each run’s history keeps it';
      setProblem(
        new ApiError({
          status: 400,
          code: 'INVALID_INPUT',
          sentence: message,
          fields: [{ path: 'reason', message }],
        }),
      );
      return;
    }
    setProblem(undefined);
    stopped.current = false;
    setLooked(0);
    const result = await runBulk(kind, target, ports, {
      ...(reason !== undefined ? { reason } : {}),
      onProgress: setLooked,
      stop: () => stopped.current,
    });
    await queryClient.invalidateQueries({ queryKey: QUERY_ROOTS.instances });
    onClose(bulkSummary(kind, result, sentenceOf));
  };
  // Past the count when runs started failing meanwhile: never "120 of 100".
  const progress = `${Math.min(looked ?? 0, count)} of ${count}`;
  const which = selected ? `${count} selected ${count === 1 ? 'run' : 'runs'}` : runs(count);
  const close = () => (running ? (stopped.current = true) : onClose());

  if (kind === 'retry')
    return (
      <ConfirmDialog
        title={`Retry the incidents of ${which}?`}
        confirm={running ? `Retrying… ${progress}` : `Retry ${runs(count)}`}
        dismiss={running ? 'Stop' : 'Cancel'}
        busy={running}
        error={undefined}
        onConfirm={() => void go()}
        onClose={close}
      >
        <p>
          Every step that stopped with an incident in{' '}
          {selected ? 'the selected runs' : `the ${which} that match these filters`} runs once more, in your
          name. The runtime works through them a batch at a time; a run that ended or was retried meanwhile is
          left as it is, and the result says so.
        </p>
      </ConfirmDialog>
    );
  return (
    <ReasonDialog
      title={`Cancel ${which}?`}
      reasonLabel="Reason (kept in each run’s history)"
      required
      confirm={running ? `Cancelling… ${progress}` : `Cancel ${runs(count)}`}
      dismiss={running ? 'Stop' : 'Keep them running'}
      busy={running}
      error={problem}
      onConfirm={(reason) => void go(reason)}
      onClose={close}
    >
      <p>
        {selected ? 'The selected runs' : `The ${which} that match these filters`} end as cancelled: their
        open tasks are withdrawn and their timers stopped. This cannot be undone. Each run’s history keeps the
        reason and your name.
      </p>
    </ReasonDialog>
  );
}

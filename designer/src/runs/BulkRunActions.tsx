import { Ban, RotateCcw, X } from 'lucide-react';
import { useState } from 'react';
import { api, read } from '../app/apiClient';
import { sentenceOf } from '../app/apiErrors';
import { Button } from '../ui/Button';
import { bulkCountQuery, bulkFilter, type BulkKind } from './bulkAction';
import { BulkRunDialog, type BulkRequest } from './BulkRunDialog';
import type { RunFilters } from './runFilters';

/**
 * What an operator does to many runs at once: "Retry all" and "Cancel all" over every running run
 * matching the list's filters (counted exactly by the runtime before asking), and the same for the
 * runs ticked in the list. The result stays said beside the buttons.
 */
export function useBulkRuns() {
  const [request, setRequest] = useState<BulkRequest | undefined>();
  const [summary, setSummary] = useState<string | undefined>();
  const [counting, setCounting] = useState<BulkKind | undefined>();
  const ask = (next: BulkRequest) => {
    setSummary(undefined);
    setRequest(next);
  };
  const askForFilters = async (kind: BulkKind, filters: RunFilters) => {
    setSummary(undefined);
    setCounting(kind);
    try {
      const { count } = await read(
        api.GET('/api/instances/count', { params: { query: bulkCountQuery(kind, filters) } }),
      );
      if (count === 0)
        setSummary(
          kind === 'retry'
            ? 'No running run with an incident matches these filters: nothing to retry.'
            : 'No running run matches these filters: nothing to cancel.',
        );
      else ask({ kind, target: { filter: bulkFilter(kind, filters) }, count });
    } catch (error) {
      setSummary(sentenceOf(error));
    } finally {
      setCounting(undefined);
    }
  };
  return { request, summary, counting, ask, askForFilters, setRequest, setSummary };
}

export type BulkRuns = ReturnType<typeof useBulkRuns>;

/** "Retry all" / "Cancel all" for the filtered list, with the last result beside them. */
export function BulkFilterActions({
  bulk,
  filters,
  canRetry,
  canCancel,
  onDone,
}: {
  bulk: BulkRuns;
  filters: RunFilters;
  canRetry: boolean;
  canCancel: boolean;
  onDone: () => void;
}) {
  // Under the incident filter (the operator's bad day) or running runs: never over every run at once.
  const offered = filters.incident === true || filters.status === 'running';
  return (
    <div className="runs-bulk">
      {offered && canRetry && (
        <Button
          icon={<RotateCcw size={16} aria-hidden="true" />}
          busy={bulk.counting === 'retry'}
          onClick={() => void bulk.askForFilters('retry', filters)}
        >
          Retry all
        </Button>
      )}
      {offered && canCancel && (
        <Button
          icon={<Ban size={16} aria-hidden="true" />}
          busy={bulk.counting === 'cancel'}
          onClick={() => void bulk.askForFilters('cancel', filters)}
        >
          Cancel all
        </Button>
      )}
      <p className="runs-bulk__summary" role="status">
        {bulk.summary}
      </p>
      {bulk.request && (
        <BulkRunDialog
          request={bulk.request}
          onClose={(summary) => {
            bulk.setRequest(undefined);
            if (summary !== undefined) {
              bulk.setSummary(summary);
              onDone();
            }
          }}
        />
      )}
    </div>
  );
}

/** Shown while runs are ticked: how many, and what can be done to them. */
export function SelectionBar({
  bulk,
  selected,
  canRetry,
  canCancel,
  onClear,
}: {
  bulk: BulkRuns;
  selected: readonly string[];
  canRetry: boolean;
  canCancel: boolean;
  onClear: () => void;
}) {
  if (selected.length === 0) return null;
  const count = selected.length;
  return (
    <div className="runs-selection" role="region" aria-label="Selected runs">
      <span className="runs-selection__count">
        {count} {count === 1 ? 'run' : 'runs'} selected
      </span>
      {canRetry && (
        <Button
          icon={<RotateCcw size={16} aria-hidden="true" />}
          onClick={() => bulk.ask({ kind: 'retry', target: { ids: selected }, count })}
        >
          Retry selected
        </Button>
      )}
      {canCancel && (
        <Button
          icon={<Ban size={16} aria-hidden="true" />}
          onClick={() => bulk.ask({ kind: 'cancel', target: { ids: selected }, count })}
        >
          Cancel selected
        </Button>
      )}
      <Button variant="ghost" icon={<X size={16} aria-hidden="true" />} onClick={onClear}>
        Clear selection
      </Button>
    </div>
  );
}

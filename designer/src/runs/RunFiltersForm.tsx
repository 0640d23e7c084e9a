import { FilterX } from 'lucide-react';
import { useId } from 'react';
import { useMe } from '../auth/session';
import { Button } from '../ui/Button';
import { hasFilters, RUN_STATUSES, type RunFilters } from './runFilters';
import { BusinessKeySearch } from './BusinessKeySearch';
import { StartedByFilter } from './StartedByFilter';
import { STATUS_LABELS } from './runView';
import { useVersionNumbers } from './useRuns';

/** The runs list's filters: business key, workflow, version, status, incidents, who started it, when. */
export function RunFiltersForm({
  filters,
  onChange,
  names,
  people,
  rangeError,
}: {
  filters: RunFilters;
  onChange: (filters: RunFilters) => void;
  names: ReadonlyMap<string, string>;
  /** Names of the people the runs' answer names (user id → name). */
  people: Readonly<Record<string, string>>;
  rangeError: string | undefined;
}) {
  const me = useMe();
  const versions = useVersionNumbers(filters.workflowId);
  const rangeId = useId();
  const set = (change: Partial<Record<keyof RunFilters, string | number | undefined>>) => {
    const next: Record<string, unknown> = { ...filters, ...change };
    for (const [key, value] of Object.entries(next))
      if (value === undefined || value === '') delete next[key];
    if (!next['workflowId']) delete next['version'];
    onChange(next as RunFilters);
  };
  const nameOf = (userId: string) =>
    userId === me.id ? me.name : Object.hasOwn(people, userId) ? people[userId] : undefined;
  const workflowOptions = [...names].sort((a, b) => a[1].localeCompare(b[1]));
  if (filters.workflowId && !names.has(filters.workflowId))
    workflowOptions.push([filters.workflowId, filters.workflowId]);

  return (
    <form className="runs-filters card" aria-label="Filter runs" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label className="field__label" htmlFor={`${rangeId}-key`}>
          Business key
        </label>
        <BusinessKeySearch id={`${rangeId}-key`} value={filters.key} onChange={(key) => set({ key })} />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${rangeId}-workflow`}>
          Workflow
        </label>
        <select
          id={`${rangeId}-workflow`}
          className="field__input"
          value={filters.workflowId ?? ''}
          onChange={(e) => set({ workflowId: e.target.value, version: undefined })}
        >
          <option value="">All workflows</option>
          {workflowOptions.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${rangeId}-version`}>
          Version
        </label>
        <select
          id={`${rangeId}-version`}
          className="field__input"
          value={filters.version ?? ''}
          disabled={!filters.workflowId}
          onChange={(e) => set({ version: e.target.value ? Number(e.target.value) : undefined })}
        >
          <option value="">{filters.workflowId ? 'All versions' : 'Pick a workflow first'}</option>
          {(versions.data ?? (filters.version ? [filters.version] : [])).map((v) => (
            <option key={v} value={v}>
              Version {v}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${rangeId}-status`}>
          Status
        </label>
        <select
          id={`${rangeId}-status`}
          className="field__input"
          value={filters.status ?? ''}
          onChange={(e) => set({ status: e.target.value })}
        >
          <option value="">Any status</option>
          {RUN_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <span className="field__label" id={`${rangeId}-incident`}>
          Incidents
        </span>
        <Button
          aria-pressed={filters.incident === true}
          aria-describedby={`${rangeId}-incident`}
          onClick={() => {
            const { incident: _shown, ...others } = filters;
            onChange(filters.incident ? others : { ...filters, incident: true });
          }}
        >
          Has incident
        </Button>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${rangeId}-by`}>
          Started by
        </label>
        <div className="runs-filters__by">
          <StartedByFilter
            id={`${rangeId}-by`}
            value={filters.startedBy}
            nameOf={nameOf}
            onChange={(userId) => set({ startedBy: userId })}
          />
          <Button
            aria-pressed={filters.startedBy === me.id}
            onClick={() => set({ startedBy: filters.startedBy === me.id ? undefined : me.id })}
          >
            Mine
          </Button>
        </div>
      </div>
      <fieldset
        className="runs-filters__range"
        aria-describedby={rangeError ? `${rangeId}-error` : undefined}
      >
        <legend className="field__label">Started between</legend>
        <div className="runs-filters__dates">
          <input
            type="date"
            className="field__input"
            aria-label="First day"
            aria-invalid={rangeError ? true : undefined}
            value={filters.from ?? ''}
            onChange={(e) => set({ from: e.target.value })}
          />
          <span aria-hidden="true">–</span>
          <input
            type="date"
            className="field__input"
            aria-label="Last day"
            aria-invalid={rangeError ? true : undefined}
            value={filters.to ?? ''}
            onChange={(e) => set({ to: e.target.value })}
          />
        </div>
        {rangeError && (
          <p className="field__error" id={`${rangeId}-error`}>
            {rangeError}
          </p>
        )}
      </fieldset>
      {hasFilters(filters) && (
        <Button
          variant="ghost"
          className="runs-filters__clear"
          icon={<FilterX size={16} aria-hidden="true" />}
          onClick={() => onChange({})}
        >
          Clear
        </Button>
      )}
    </form>
  );
}

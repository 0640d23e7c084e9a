import { describe, expect, it } from 'vitest';
import {
  countNote,
  emptyListNote,
  filtersFromSearch,
  filtersToSearch,
  instanceQuery,
  isSearchableKey,
  rangeProblem,
} from './runFilters';

describe('run filters', () => {
  it('round-trips through the query string, leaving out what is malformed', () => {
    const filters = filtersFromSearch(
      new URLSearchParams(
        'workflow=access&version=2&status=failed&startedBy=ann&from=2026-11-01&to=2026-11-29',
      ),
    );
    expect(filters).toEqual({
      workflowId: 'access',
      version: 2,
      status: 'failed',
      startedBy: 'ann',
      from: '2026-11-01',
      to: '2026-11-29',
    });
    expect(filtersFromSearch(filtersToSearch(filters))).toEqual(filters);
    expect(filtersToSearch(filters).toString()).toBe(
      'workflow=access&version=2&status=failed&startedBy=ann&from=2026-11-01&to=2026-11-29',
    );
    expect(
      filtersFromSearch(
        new URLSearchParams('version=0&status=sleeping&from=2026-02-30&to=yesterday&startedBy=+'),
      ),
    ).toEqual({});
    // A version means nothing without its workflow.
    expect(filtersFromSearch(new URLSearchParams('version=3'))).toEqual({});
  });

  it('asks the API for whole local days, the last one included', () => {
    const query = instanceQuery({ from: '2026-03-01', to: '2026-03-31', status: 'running' });
    expect(query).toEqual({
      status: 'running',
      createdFrom: new Date(2026, 2, 1).getTime(),
      createdTo: new Date(2026, 3, 1).getTime(),
    });
    expect(instanceQuery({})).toEqual({});
  });

  it('says when the range ends before it starts', () => {
    expect(rangeProblem({ from: '2026-03-02', to: '2026-03-01' })).toMatch(/before the first day/);
    expect(rangeProblem({ from: '2026-03-01', to: '2026-03-01' })).toBeUndefined();
  });

  it('keeps the incident filter in the URL and asks the API for runs with one', () => {
    const filters = filtersFromSearch(new URLSearchParams('incident=1'));
    expect(filters).toEqual({ incident: true });
    expect(filtersToSearch(filters).toString()).toBe('incident=1');
    expect(instanceQuery(filters)).toEqual({ hasIncident: 'true' });
    expect(filtersFromSearch(new URLSearchParams('incident=yes'))).toEqual({});
  });
});

describe('the business key search', () => {
  it('keeps the key prefix in the URL and asks the API for runs whose key starts with it', () => {
    const filters = filtersFromSearch(new URLSearchParams('key=+INC00123+&status=running'));
    expect(filters).toEqual({ status: 'running', key: 'INC00123' });
    expect(filtersToSearch(filters).toString()).toBe('status=running&key=INC00123');
    expect(instanceQuery(filters)).toEqual({ status: 'running', businessKeyPrefix: 'INC00123' });
  });

  it('leaves out text no key can start with', () => {
    expect(filtersFromSearch(new URLSearchParams(`key=${'x'.repeat(201)}`))).toEqual({});
    expect(filtersFromSearch(new URLSearchParams('key=INC%07'))).toEqual({});
    expect(isSearchableKey('jane.doe@example.com')).toBe(true);
    expect(isSearchableKey('a\u202eb')).toBe(false);
  });
});

describe('an empty runs list', () => {
  it('is good news under the incident filter alone, and a hint to widen under the others', () => {
    expect(emptyListNote({ incident: true }).title).toBe('No run waits for an operator');
    expect(emptyListNote({ incident: true, workflowId: 'access' }).title).toBe(
      'No run matches these filters',
    );
    expect(emptyListNote({ status: 'failed' }).text).toBe(
      'Widen the date range or clear a filter to see more runs.',
    );
  });

  it('says how many runs match and how many are loaded, once the runtime counted them', () => {
    expect(countNote(100, 1234, true)).toBe('100 of 1,234 runs loaded; more as you scroll');
    expect(countNote(42, 42, false)).toBe('42 runs');
    expect(countNote(1, 1, false)).toBe('1 run');
    // Before the count answers, or when runs arrived since it did: what is loaded.
    expect(countNote(100, undefined, true)).toBe('100 runs loaded; more as you scroll');
    expect(countNote(7, 5, false)).toBe('7 runs');
  });
});

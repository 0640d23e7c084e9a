import { describe, expect, it } from 'vitest';
import {
  cellText,
  countTicks,
  csvField,
  formatDuration,
  incidentNote,
  NODE_COLUMNS,
  outcomeBars,
  outcomeFigures,
  rangeFor,
  reportCsv,
  reportFileName,
  toCsv,
  totals,
  turnaroundBars,
  WORKFLOW_COLUMNS,
  type NodeFigures,
  type WorkflowFigures,
} from './dashboardModel';

const HOUR = 3_600_000;
const access: WorkflowFigures = {
  workflowId: 'access',
  name: 'Access request',
  instances: { started: 3, running: 0, completed: 1, rejected: 2, failed: 0, cancelled: 0 },
  cycleTimeMs: { p50: 3 * HOUR, p90: 28 * HOUR },
  tasks: { created: 3, decided: 2, open: 1, overdue: 1, decidedLate: 0, timedOut: 1, breaches: 1 },
};
const manager: NodeFigures = {
  nodeId: 'manager',
  name: 'Manager approves',
  kind: 'approval',
  tasks: access.tasks,
  turnaroundMs: { p50: HOUR, p90: 3 * HOUR },
};

describe('the dashboard model', () => {
  it('makes ranges that end just after now', () => {
    const now = Date.UTC(2026, 10, 29, 12);
    expect(rangeFor('7d', now)).toEqual({ from: now + 60_000 - 7 * 24 * HOUR, to: now + 60_000 });
    expect(rangeFor('365d', now).to - rangeFor('365d', now).from).toBe(365 * 24 * HOUR);
  });

  it('says durations as people do', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(42_000)).toBe('42 s');
    // Under a second (automated runs): in milliseconds, never "0 s"; seconds with one decimal below 10.
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(340)).toBe('340 ms');
    expect(formatDuration(999.6)).toBe('1 s');
    expect(formatDuration(2_440)).toBe('2.4 s');
    expect(formatDuration(9_960)).toBe('10 s');
    // Rounding never shows a unit's full count: the next unit instead.
    expect(formatDuration(59_600)).toBe('1 min');
    expect(formatDuration(HOUR - 20_000)).toBe('1 h');
    expect(formatDuration(12 * 60_000)).toBe('12 min');
    expect(formatDuration(3 * HOUR + 20 * 60_000)).toBe('3 h 20 min');
    expect(formatDuration(HOUR)).toBe('1 h');
    expect(formatDuration(52 * HOUR)).toBe('2 d 4 h');
    expect(formatDuration(48 * HOUR)).toBe('2 d');
  });

  it('escapes CSV fields: quotes, commas, line breaks, edge spaces and formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@sum')).toBe("'@sum");
    expect(csvField(-2)).toBe('-2');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(
      toCsv([
        ['a', 1],
        ['b,c', null],
      ]),
    ).toBe('a,1\r\n"b,c",\r\n');
  });

  it('writes the report: workflows, then steps, durations in hours', () => {
    const csv = reportCsv({
      from: Date.UTC(2026, 10, 22),
      to: Date.UTC(2026, 10, 29),
      workflows: [{ ...access, name: 'Access, "VIP"' }],
      nodes: [manager],
    });
    expect(csv.split('\r\n')).toEqual([
      'Flowline process report,2026-11-22 to 2026-11-29',
      '',
      'Workflow,Started,Completed,Rejected,Failed,Cancelled,Running,Cycle time p50 (h),Cycle time p90 (h),Open tasks,Overdue tasks,SLA breaches',
      '"Access, ""VIP""",3,1,2,0,0,0,3,28,1,1,1',
      '',
      'Step,Tasks,Decided,Turnaround p50 (h),Turnaround p90 (h),Open,Overdue,Decided late,Timed out,SLA breaches',
      'Manager approves,3,2,1,3,1,1,0,1,1',
      '',
    ]);
    expect(reportCsv({ from: 0, to: 1, workflows: [] })).toContain('Workflow,Started');
  });

  it('shows cells for people and names report files safely', () => {
    expect(WORKFLOW_COLUMNS.map((c) => cellText(c, access))).toEqual([
      'Access request',
      '3',
      '1',
      '2',
      '0',
      '0',
      '0',
      '3 h',
      '1 d 4 h',
      '1',
      '1',
      '1',
    ]);
    expect(cellText(NODE_COLUMNS[3]!, { ...manager, turnaroundMs: { p50: null, p90: null } })).toBe('—');
    expect(cellText(WORKFLOW_COLUMNS[0]!, { ...access, version: 2 })).toBe('Access request v2');
    expect(reportFileName('Access / request!', Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 8))).toBe(
      'flowline-report-access-request-2026-01-01-to-2026-01-08.csv',
    );
    expect(reportFileName('', 0, 0)).toBe('flowline-report-all-1970-01-01-to-1970-01-01.csv');
  });

  it('sums workflows and shapes chart series', () => {
    expect(totals([access, access]).instances.started).toBe(6);
    expect(totals([access, access]).tasks.breaches).toBe(2);
    expect(outcomeBars([access, { ...access, version: 2 }]).map((b) => b.label)).toEqual([
      'Access request',
      'v2',
    ]);
    const fast = { ...manager, nodeId: 'fast', name: 'Fast', turnaroundMs: { p50: HOUR / 2, p90: HOUR } };
    const none = { ...manager, nodeId: 'none', name: 'None', turnaroundMs: { p50: null, p90: null } };
    const { unit, bars } = turnaroundBars([fast, none, manager]);
    expect(unit.unit).toBe('h');
    expect(bars).toEqual([
      { label: 'Manager approves', p50: 1, p90: 3 },
      { label: 'Fast', p50: 0.5, p90: 1 },
    ]);
    expect(turnaroundBars([{ ...fast, turnaroundMs: { p50: 800, p90: 1500 } }]).unit.unit).toBe('s');
    expect(turnaroundBars([{ ...fast, turnaroundMs: { p50: 60_000, p90: 5 * 60_000 } }]).bars).toEqual([
      { label: 'Fast', p50: 1, p90: 5 },
    ]);
  });
});

describe('the headline outcomes and the count axis', () => {
  const counts = { started: 1, running: 0, completed: 0, rejected: 0, failed: 0, cancelled: 1 };

  it('adds up: started = completed + running + ended otherwise, the cancelled ones said', () => {
    const figures = outcomeFigures(counts);
    expect(counts.completed + counts.running + figures.otherwise).toBe(counts.started);
    expect(figures.otherwiseNote).toBe('0 rejected, 0 failed, 1 cancelled');
  });

  it('gives no completion rate when the only finished run was cancelled, not "0 %"', () => {
    expect(outcomeFigures(counts).completedNote).toBe('none ran to an end yet');
    expect(outcomeFigures({ ...counts, started: 5, completed: 3, rejected: 1 }).completedNote).toBe(
      '75 % of those that ran to an end',
    );
  });

  it('ticks a count axis in whole numbers up to just above the tallest bar', () => {
    expect(countTicks(0)).toEqual([0, 1]);
    expect(countTicks(1)).toEqual([0, 1]);
    expect(countTicks(4)).toEqual([0, 1, 2, 3, 4]);
    expect(countTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(countTicks(23)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(countTicks(1234)).toEqual([0, 500, 1000, 1500]);
  });

  describe('runs waiting for an operator', () => {
    it('says how many, and links to the runs list filtered to them', () => {
      expect(incidentNote({ count: 0 })).toBeUndefined();
      expect(incidentNote({ count: 1 })).toEqual({
        title: '1 run needs an operator',
        text: 'a step stopped with an incident. Retry or cancel it from the runs list, or from the run’s page.',
        href: '/runs?incident=1',
      });
      expect(incidentNote({ count: 3 }, { id: 'desk-ticket', name: 'Desk ticket' })).toMatchObject({
        title: '3 runs of Desk ticket need an operator',
        text: 'a step stopped with an incident. Retry or cancel them all at once from the runs list, or one by one.',
        href: '/runs?workflow=desk-ticket&incident=1',
      });
      // Exact however many: the runtime counts them (never "200 or more").
      expect(incidentNote({ count: 1234 })?.title).toBe('1,234 runs need an operator');
    });
  });
});

import { useMemo, useSyncExternalStore } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type LegendPayload,
} from 'recharts';
import {
  countTicks,
  OUTCOMES,
  outcomeBars,
  turnaroundBars,
  type NodeFigures,
  type WorkflowFigures,
} from './dashboardModel';

// Recharts (SVG, React components) draws the charts; this module is loaded only by the dashboard,
// after its figures, so no other page carries the library. Colours are the theme's tokens, read
// from the CSS custom properties whenever the theme changes (SVG attributes cannot take var()).

const TOKENS = [
  'success',
  'danger',
  'warning',
  'text-subtle',
  'info',
  'accent',
  'border',
  'text-muted',
  'surface-raised',
  'text',
] as const;
type Token = (typeof TOKENS)[number];

/** <html data-theme>, followed as it changes (set after React renders, so read it from the DOM). */
function subscribeTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}
const themeNow = () => document.documentElement.dataset['theme'] ?? 'light';

function useColours(): Record<Token, string> {
  const theme = useSyncExternalStore(subscribeTheme, themeNow);
  return useMemo(() => {
    const style = getComputedStyle(document.documentElement);
    // `theme` is the reason to read again: the custom properties change with it.
    void theme;
    return Object.fromEntries(TOKENS.map((t) => [t, style.getPropertyValue(`--${t}`).trim()])) as Record<
      Token,
      string
    >;
  }, [theme]);
}

/** The legend in the order of the stack (completed first), not alphabetical. */
const outcomeOrder = (item: LegendPayload) => OUTCOMES.findIndex((o) => o.key === item.dataKey);

const OUTCOME_TOKENS: Readonly<Record<(typeof OUTCOMES)[number]['key'], Token>> = {
  completed: 'success',
  rejected: 'warning',
  failed: 'danger',
  cancelled: 'text-subtle',
  running: 'info',
};

function useAxis() {
  const colours = useColours();
  return {
    colours,
    tick: { fill: colours['text-muted'], fontSize: 12 },
    tooltip: {
      contentStyle: {
        background: colours['surface-raised'],
        border: `1px solid ${colours.border}`,
        borderRadius: 6,
      },
      labelStyle: { color: colours.text },
      itemStyle: { color: colours.text },
      cursor: { fill: colours.border, fillOpacity: 0.4 },
    },
    legend: { color: colours['text-muted'] },
  };
}

/** Requests per workflow (or version), stacked by outcome. */
export function OutcomeChart({ workflows }: { workflows: readonly WorkflowFigures[] }) {
  const { colours, tick, tooltip, legend } = useAxis();
  const data = outcomeBars(workflows);
  // Whole numbers, up to just above the tallest bar (recharts alone runs 0–4 for a count of 1).
  const ticks = countTicks(
    Math.max(0, ...data.map((bar) => OUTCOMES.reduce((sum, o) => sum + bar[o.key], 0))),
  );
  return (
    <div
      className="dashboard__chart-body"
      role="img"
      aria-label={`Requests by outcome for ${data.length} ${data.length === 1 ? 'entry' : 'entries'}; the table below has the numbers`}
    >
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid vertical={false} stroke={colours.border} />
          <XAxis dataKey="label" tick={tick} stroke={colours.border} interval={0} />
          <YAxis
            allowDecimals={false}
            domain={[0, ticks[ticks.length - 1]!]}
            ticks={ticks}
            tick={tick}
            stroke={colours.border}
            width={40}
          />
          <Tooltip {...tooltip} />
          <Legend wrapperStyle={legend} itemSorter={outcomeOrder} />
          {OUTCOMES.map((o) => (
            <Bar
              key={o.key}
              dataKey={o.key}
              name={o.label}
              stackId="outcome"
              fill={colours[OUTCOME_TOKENS[o.key]]}
              maxBarSize={56}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Turnaround p50 and p90 per step, in a unit that suits them, slowest first. */
export function TurnaroundChart({ nodes }: { nodes: readonly NodeFigures[] }) {
  const { colours, tick, tooltip, legend } = useAxis();
  const { unit, bars: data } = turnaroundBars(nodes);
  return (
    <div
      className="dashboard__chart-body"
      role="img"
      aria-label={`Turnaround per step in ${unit.label}, median and 90th percentile; the table below has the numbers`}
    >
      <ResponsiveContainer width="100%" height={Math.max(160, 56 * data.length + 80)}>
        <BarChart
          data={data}
          layout="vertical"
          margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
          accessibilityLayer={false}
        >
          <CartesianGrid horizontal={false} stroke={colours.border} />
          <XAxis type="number" tick={tick} stroke={colours.border} unit={` ${unit.unit}`} />
          <YAxis type="category" dataKey="label" tick={tick} stroke={colours.border} width={140} />
          <Tooltip {...tooltip} formatter={(value) => `${String(value)} ${unit.unit}`} />
          <Legend wrapperStyle={legend} itemSorter="dataKey" />
          <Bar dataKey="p50" name="Median" fill={colours.accent} maxBarSize={20} isAnimationActive={false} />
          <Bar
            dataKey="p90"
            name="90th percentile"
            fill={colours.warning}
            maxBarSize={20}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/**
 * The fit and backtest reports' charts, as typed vega-lite specs built from
 * plain rows (one builder per chart), in the look of the simulation report:
 * its theme (`reports/specs/theme.ts`: CONFIG, series colours with predicted
 * blue and actual orange, the hours-of-the-horizon axis, duration labels).
 * Rows carry a `series` field, so "data" against "fitted" and "predicted"
 * against "actual" are two series of one chart, as in the comparison report.
 */
import type { TopLevelSpec } from 'vega-lite';
import {
  CONFIG,
  DURATION_LABEL_EXPR,
  durationTicks,
  GOAL,
  hoursAxis,
  type Panel,
  seriesScale,
  wrap,
} from '../../reports/specs/theme.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

const colour = (series: readonly string[]) => ({
  field: 'series',
  type: 'nominal' as const,
  scale: seriesScale(series),
  legend: series.length > 1 ? { title: null } : null,
});

const seriesOf = (rows: ReadonlyArray<{ series: string }>) => [
  ...new Set(rows.map((r) => r.series)),
];

export interface ProfileRow {
  series: string;
  channel: string;
  /** Hours from Monday 00:00. */
  hours: number;
  /** Mean contacts per interval. */
  value: number;
}

/** Mean arrivals per interval of the week, one panel per channel. */
export function profileSpec(rows: readonly ProfileRow[], intervalMinutes: number): TopLevelSpec {
  const channels = [...new Set(rows.map((r) => r.channel))];
  const series = seriesOf(rows);
  const ticks = hoursAxis(168);
  return {
    $schema: SCHEMA,
    title: {
      text: 'Arrival profile over the week',
      subtitle: wrap(
        `Mean contacts per ${intervalMinutes}-minute interval on normal days (outlier days left out), Monday 00:00 first.`,
        96,
      ),
    },
    config: CONFIG,
    vconcat: channels.map(
      (channel): Panel => ({
        title: { text: channel, fontSize: 13 },
        width: 860,
        height: 110,
        data: { values: rows.filter((r) => r.channel === channel) },
        mark: { type: 'line', strokeWidth: 1.25, interpolate: 'step-after' },
        encoding: {
          x: {
            field: 'hours',
            type: 'quantitative',
            scale: { domain: [0, 168], nice: false },
            title: null,
            axis: {
              values: ticks.values,
              labelExpr: ticks.labelExpr,
              labelAlign: ticks.labelAlign,
              gridColor: '#cbd5e1',
            },
          },
          y: { field: 'value', type: 'quantitative', title: 'contacts' },
          color: colour(series),
        },
      }),
    ),
    resolve: { scale: { color: 'shared' } },
  };
}

export interface DayRow {
  label: string;
  /** Days from the first. */
  day: number;
  total: number;
  /** 'normal' or 'outlier'. */
  kind: string;
  expected: number | null;
}

/** Contacts per day, outlier days in red with the weekday median they were judged against. */
export function dailyVolumeSpec(rows: readonly DayRow[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: {
      text: 'Contacts per day',
      subtitle: wrap(
        'Every day of the history; red days are outliers (far from the median of the same weekday in other weeks, the red tick) and are kept out of the profile.',
        96,
      ),
    },
    config: CONFIG,
    width: 860,
    height: 160,
    data: { values: rows as DayRow[] },
    layer: [
      {
        mark: { type: 'bar', width: { band: 0.8 } },
        encoding: {
          x: {
            field: 'day',
            type: 'ordinal',
            title: null,
            axis: { labelExpr: "datum.value % 7 === 0 ? datum.value : ''", labelAngle: 0 },
          },
          y: { field: 'total', type: 'quantitative', title: 'contacts' },
          color: {
            field: 'kind',
            type: 'nominal',
            scale: { domain: ['normal', 'outlier'], range: ['#2563eb', GOAL] },
            legend: { title: null },
          },
          tooltip: [
            { field: 'label', type: 'nominal' },
            { field: 'total', type: 'quantitative' },
          ],
        },
      },
      ...(rows.some((r) => r.expected !== null)
        ? [
            {
              transform: [{ filter: 'isValid(datum.expected)' }],
              mark: { type: 'tick' as const, color: GOAL, thickness: 2 },
              encoding: {
                x: { field: 'day', type: 'ordinal' as const },
                y: { field: 'expected', type: 'quantitative' as const },
              },
            },
          ]
        : []),
    ],
  };
}

/** A duration x axis from 0 to a round tick past the panel's longest time. */
function secondsX(rows: readonly { seconds: number }[]) {
  const ticks = durationTicks(Math.max(1, ...rows.map((r) => r.seconds)), 5);
  return {
    field: 'seconds',
    type: 'quantitative' as const,
    scale: { domain: [0, ticks[ticks.length - 1]] },
    axis: { values: ticks, labelExpr: DURATION_LABEL_EXPR, title: null },
  };
}

/** The shaded 95% band between `lo` and `hi`, where both are known. */
function bandLayer<X, C>(x: X, color: C) {
  return {
    transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }],
    mark: { type: 'area' as const, opacity: 0.2, interpolate: 'step-after' as const },
    encoding: {
      x,
      y: { field: 'lo', type: 'quantitative' as const },
      y2: { field: 'hi' },
      color,
    },
  };
}

/** A y axis for a share from 0 to 100%. */
function shareY(field: string) {
  return {
    field,
    type: 'quantitative' as const,
    scale: { domain: [0, 1] },
    axis: { format: '.0%', title: null, tickCount: 5 },
  };
}

export interface CdfRow {
  series: string;
  channel: string;
  seconds: number;
  probability: number;
}

/** Sample CDF against the chosen fit's CDF, one panel per channel (or sample). */
export function cdfSpec(rows: readonly CdfRow[], title: string, subtitle: string): TopLevelSpec {
  const panels = [...new Set(rows.map((r) => r.channel))];
  const series = seriesOf(rows);
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle: wrap(subtitle, 100) },
    config: CONFIG,
    columns: 3,
    concat: panels.map((panel): Panel => {
      const mine = rows.filter((r) => r.channel === panel);
      return {
        title: { text: panel, fontSize: 13 },
        width: 240,
        height: 180,
        data: { values: mine },
        mark: { type: 'line', strokeWidth: 1.75 },
        encoding: { x: secondsX(mine), y: shareY('probability'), color: colour(series) },
      };
    }),
    resolve: { scale: { x: 'independent', color: 'shared' } },
  };
}

export interface SurvivalRow {
  series: string;
  channel: string;
  seconds: number;
  survival: number;
  lo: number | null;
  hi: number | null;
}

/** Kaplan–Meier patience curve (with its band) against the fitted survival. */
export function survivalSpec(rows: readonly SurvivalRow[]): TopLevelSpec {
  const panels = [...new Set(rows.map((r) => r.channel))];
  const series = seriesOf(rows);
  return {
    $schema: SCHEMA,
    title: {
      text: 'Patience: still waiting after t',
      subtitle: wrap(
        'Kaplan–Meier estimate from abandonments, answered contacts counted as censored (shaded: 95% band), against the fitted distribution.',
        100,
      ),
    },
    config: CONFIG,
    columns: 3,
    concat: panels.map((panel): Panel => {
      const mine = rows.filter((r) => r.channel === panel);
      const x = secondsX(mine);
      return {
        title: { text: panel, fontSize: 13 },
        width: 240,
        height: 180,
        data: { values: mine },
        layer: [
          bandLayer(x, colour(series)),
          {
            mark: { type: 'line', strokeWidth: 1.75 },
            encoding: { x, y: shareY('survival'), color: colour(series) },
          },
        ],
      };
    }),
    resolve: { scale: { x: 'independent', color: 'shared' } },
  };
}

export interface WeekRow {
  series: string;
  panel: string;
  hours: number;
  value: number;
  lo: number | null;
  hi: number | null;
}

/** A per-interval quantity over the week (staffing proxy), with its band. */
export function weekSpec(
  rows: readonly WeekRow[],
  title: string,
  subtitle: string,
  yTitle: string,
): TopLevelSpec {
  const panels = [...new Set(rows.map((r) => r.panel))];
  const series = seriesOf(rows);
  const ticks = hoursAxis(168);
  const x = {
    field: 'hours',
    type: 'quantitative' as const,
    scale: { domain: [0, 168], nice: false },
    title: null,
    axis: {
      values: ticks.values,
      labelExpr: ticks.labelExpr,
      labelAlign: ticks.labelAlign,
      gridColor: '#cbd5e1',
    },
  };
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle: wrap(subtitle, 100) },
    config: CONFIG,
    vconcat: panels.map(
      (panel): Panel => ({
        title: { text: panel, fontSize: 13 },
        width: 860,
        height: 120,
        data: { values: rows.filter((r) => r.panel === panel) },
        layer: [
          bandLayer(x, colour(series)),
          {
            mark: { type: 'line', strokeWidth: 1.25, interpolate: 'step-after' },
            encoding: {
              x,
              y: { field: 'value', type: 'quantitative', title: yTitle },
              color: colour(series),
            },
          },
        ],
      }),
    ),
    resolve: { scale: { color: 'shared' } },
  };
}

export interface ComparisonRow {
  series: string;
  metric: string;
  /** Hours from the first Monday 00:00. */
  hours: number;
  value: number | null;
  lo: number | null;
  hi: number | null;
  /** Actual outside the predicted band. */
  outside: boolean;
  format: 'count' | 'share' | 'seconds';
}

/**
 * Predicted (line and 95% prediction band) against actual, one panel per
 * metric, over the period: per day (bars of a day wide are steps) or per
 * interval. Actual days outside the band are ringed in red.
 */
export function comparisonSpec(
  rows: readonly ComparisonRow[],
  options: { title: string; subtitle: string; stepHours: number; maxHours: number },
): TopLevelSpec {
  const metrics = [...new Set(rows.map((r) => r.metric))];
  const series = seriesOf(rows);
  const ticks = hoursAxis(options.maxHours);
  const x = (labels: boolean) => ({
    field: 'hours',
    type: 'quantitative' as const,
    scale: { domain: [0, options.maxHours], nice: false },
    title: null,
    axis: {
      values: ticks.values,
      labelExpr: ticks.labelExpr,
      labelAlign: ticks.labelAlign,
      labels,
      gridColor: '#cbd5e1',
    },
  });
  const daily = options.stepHours >= 24;
  return {
    $schema: SCHEMA,
    title: { text: options.title, subtitle: wrap(options.subtitle, 100) },
    config: CONFIG,
    spacing: 14,
    vconcat: metrics.map((metric, k): Panel => {
      const mine = rows.filter((r) => r.metric === metric);
      const format = mine[0]?.format ?? 'count';
      const axis =
        format === 'share'
          ? { format: '.0%', title: null, tickCount: 4 }
          : format === 'seconds'
            ? { labelExpr: DURATION_LABEL_EXPR, title: null, tickCount: 4 }
            : { title: null, tickCount: 4 };
      const y = {
        field: 'value',
        type: 'quantitative' as const,
        axis,
        scale: { zero: format !== 'share' },
      };
      const last = k === metrics.length - 1;
      return {
        title: { text: metric, fontSize: 13 },
        width: 860,
        height: 110,
        data: { values: mine },
        layer: [
          ...(mine.some((r) => r.series === 'predicted' && r.lo !== null && r.hi !== null)
            ? [
                {
                  transform: [
                    {
                      filter:
                        "datum.series === 'predicted' && isValid(datum.lo) && isValid(datum.hi)",
                    },
                  ],
                  mark: {
                    type: 'area' as const,
                    opacity: 0.2,
                    interpolate: daily ? ('monotone' as const) : ('step-after' as const),
                  },
                  encoding: {
                    x: x(last),
                    y: { field: 'lo', type: 'quantitative' as const },
                    y2: { field: 'hi' },
                    color: colour(series),
                  },
                },
              ]
            : []),
          {
            transform: [{ filter: 'isValid(datum.value)' }],
            mark: daily
              ? { type: 'line', strokeWidth: 1.5, point: { filled: true, size: 22 } }
              : { type: 'line', strokeWidth: 1, interpolate: 'step-after' },
            encoding: { x: x(last), y, color: colour(series) },
          },
          ...(mine.some((r) => r.outside)
            ? [
                {
                  transform: [{ filter: "datum.series === 'actual' && datum.outside" }],
                  mark: {
                    type: 'point' as const,
                    shape: 'circle',
                    filled: false,
                    size: 130,
                    strokeWidth: 2,
                    color: GOAL,
                  },
                  encoding: { x: x(last), y },
                },
              ]
            : []),
        ],
      };
    }),
    resolve: { scale: { x: 'shared', color: 'shared', y: 'independent' } },
  };
}

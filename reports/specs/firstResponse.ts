/**
 * Chart 3: first-response time per channel as a cumulative distribution
 * through the percentiles the results keep (p50, p80, p90, p95, p99 over the
 * horizon), each with its 95% interval as a horizontal bar. A target shows as
 * a red vertical rule at its threshold and a red diamond at the share of
 * answered contacts it requires within that threshold (its goal; for a
 * service-level target, which counts abandoned contacts as misses, more):
 * the target is met when the curve passes above the diamond.
 * One panel per channel, each with its own time axis; series share a panel.
 */
import type { TopLevelSpec } from 'vega-lite';
import { formatDuration } from '../format.js';
import { type QuantileRow, seriesOf, type TargetMarkRow } from '../tables.js';
import {
  CONFIG,
  DURATION_LABEL_EXPR,
  durationTicks,
  GOAL,
  MUTED,
  type Panel,
  seriesScale,
  wrap,
} from './theme.js';

export interface FirstResponseSpecOptions {
  title?: string;
  /** Width of one channel's panel, px. */
  panelWidth?: number;
  panelHeight?: number;
  /** Panels per row. */
  columns?: number;
}

export function firstResponseSpec(
  quantiles: readonly QuantileRow[],
  targets: readonly TargetMarkRow[],
  options: FirstResponseSpecOptions = {},
): TopLevelSpec {
  const series = seriesOf(quantiles);
  const channels = [...new Set(quantiles.map((q) => q.channel))];
  const color = {
    field: 'series',
    type: 'nominal' as const,
    scale: seriesScale(series),
    legend: series.length > 1 ? { title: null } : null,
  };
  const goals = targets.map((t) => Math.min(1, t.required));
  const yMin = Math.max(0, Math.floor(Math.min(0.5, ...goals) * 10) / 10 - 0.1);
  const title = options.title ?? 'First response time by channel';
  const subtitle = wrap(
    'Share of answered contacts with a first response within a time, through the p50–p99 percentiles (bars: 95% intervals). Red rule: a target’s threshold; diamond: the share it needs within it — more than the goal for a service level, which counts abandoned contacts as misses.',
    100,
  );
  if (channels.length === 0) {
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: { text: title, subtitle },
      config: CONFIG,
      width: 400,
      height: 40,
      data: { values: [{ note: 'No first responses were measured.' }] },
      mark: { type: 'text', color: MUTED, fontSize: 12, align: 'left', x: 0 },
      encoding: { text: { field: 'note', type: 'nominal' } },
    };
  }
  // Every panel's subtitle gets as many lines as the longest, so the plots line up.
  const subtitleLines = Math.max(
    1,
    ...channels.map((c) => targets.filter((t) => t.channel === c).flatMap(markText).length),
  );
  const panels: Panel[] = channels.map((channel) => {
    const q = quantiles.filter((r) => r.channel === channel);
    // Deduplicate a target met by several series: one rule per target and threshold.
    const marks = [
      ...new Map(
        targets.filter((t) => t.channel === channel).map((t) => [`${t.target}|${t.within}`, t]),
      ).values(),
    ];
    const maxX =
      Math.max(1, ...q.map((r) => r.hi ?? r.seconds), ...marks.map((t) => t.within)) * 1.04;
    const ticks = durationTicks(maxX, 5);
    const x = {
      type: 'quantitative' as const,
      scale: { domain: [0, ticks[ticks.length - 1]] },
      axis: { values: ticks, labelExpr: DURATION_LABEL_EXPR, title: 'time to first response' },
    };
    const y = {
      type: 'quantitative' as const,
      scale: { domain: [yMin, 1] },
      axis: { format: '.0%', title: 'answered within', tickCount: 5 },
    };
    const lines = marks.length ? marks.flatMap(markText) : ['no first-response target'];
    const panelSubtitle = [...lines, ...Array(subtitleLines - lines.length).fill(' ')];
    const plotted = marks.map((t) => ({ ...t, required: Math.min(1, t.required) }));
    return {
      title: { text: channel, subtitle: panelSubtitle, fontSize: 14 },
      width: options.panelWidth ?? 240,
      height: options.panelHeight ?? 210,
      layer: [
        {
          data: { values: plotted },
          mark: { type: 'rule', color: GOAL, strokeDash: [4, 3], strokeWidth: 1.5 },
          encoding: { x: { ...x, field: 'within' } },
        },
        {
          data: { values: plotted },
          mark: { type: 'point', shape: 'diamond', filled: true, color: GOAL, size: 90 },
          encoding: { x: { ...x, field: 'within' }, y: { ...y, field: 'required' } },
        },
        {
          data: { values: q },
          transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }],
          mark: { type: 'rule', strokeWidth: 3, opacity: 0.3 },
          encoding: {
            x: { ...x, field: 'lo' },
            x2: { field: 'hi' },
            y: { ...y, field: 'quantile' },
            color,
          },
        },
        {
          data: { values: q },
          mark: { type: 'line', strokeWidth: 2, point: { filled: true, size: 36 } },
          encoding: {
            x: { ...x, field: 'seconds' },
            y: { ...y, field: 'quantile' },
            color,
            order: { field: 'quantile', type: 'quantitative' },
          },
        },
      ],
    };
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle },
    config: CONFIG,
    columns: options.columns ?? 3,
    concat: panels,
    resolve: { scale: { x: 'independent', color: 'shared' } },
  };
}

/** A target's lines under its panel title: `goal 80% within 60 s`, `needs 92% of answered`. */
function markText(t: TargetMarkRow): string[] {
  const pct = (x: number) => `${+(x * 100).toFixed(1)}%`;
  const goal = `goal ${pct(t.goal)} within ${formatDuration(t.within)}`;
  if (t.metric !== 'serviceLevel') return [goal];
  if (t.required > 1) return [goal, 'out of reach: abandonment alone misses it'];
  return [goal, `needs ${pct(t.required)} of answered`];
}

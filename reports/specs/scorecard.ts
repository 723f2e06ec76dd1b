/**
 * Chart 1: every SLA target's attainment against its goal, as a dot (the
 * mean over replications) with its 95% interval and the goal as a red tick.
 * One row per target; each series gets its own colour and sits side by side
 * in the row, so predicted and observed can be read against the same goal.
 */
import type { TopLevelSpec } from 'vega-lite';
import { type ScorecardRow, seriesOf } from '../tables.js';
import { CONFIG, GOAL, seriesScale, wrap } from './theme.js';

export interface ScorecardSpecOptions {
  title?: string;
  width?: number;
}

export function scorecardSpec(
  rows: readonly ScorecardRow[],
  options: ScorecardSpecOptions = {},
): TopLevelSpec {
  const series = seriesOf(rows);
  const targets = [...new Set(rows.map((r) => r.target))];
  const rowHeight = 22 + 12 * series.length;
  const y = {
    field: 'target',
    type: 'nominal' as const,
    sort: targets,
    title: null,
    axis: { labelLimit: 360, labelFontSize: 12, labelColor: '#0f172a', ticks: false },
  };
  const yOffset = { field: 'series', type: 'nominal' as const, sort: series };
  const color = {
    field: 'series',
    type: 'nominal' as const,
    scale: seriesScale(series),
    legend: series.length > 1 ? { title: null } : null,
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: options.title ?? 'Attainment against goal',
      subtitle: wrap(
        'Dot: attainment (mean of replications); bar: 95% interval; red tick: the goal. For abandonment, lower is better and the tick is the ceiling.',
        84,
      ),
    },
    config: CONFIG,
    width: options.width ?? 600,
    height: { step: rowHeight },
    data: { values: rows as ScorecardRow[] },
    encoding: { y, yOffset },
    layer: [
      {
        mark: { type: 'tick', color: GOAL, thickness: 2.5, size: 18 },
        encoding: {
          x: {
            field: 'goal',
            type: 'quantitative',
            scale: { domain: [0, 1] },
            axis: { format: '.0%', title: 'share of contacts', grid: true, tickCount: 10 },
          },
        },
      },
      {
        transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }],
        mark: { type: 'rule', strokeWidth: 4, strokeCap: 'round', opacity: 0.35 },
        encoding: {
          x: { field: 'lo', type: 'quantitative' },
          x2: { field: 'hi' },
          color,
        },
      },
      {
        transform: [{ filter: 'isValid(datum.attainment)' }],
        mark: { type: 'point', filled: true, size: 90, opacity: 1 },
        encoding: {
          x: { field: 'attainment', type: 'quantitative' },
          color,
        },
      },
      {
        transform: [{ filter: 'isValid(datum.attainment)' }],
        mark: { type: 'text', align: 'left', dx: 10, fontSize: 11, fontWeight: 600 },
        encoding: {
          x: { field: 'attainment', type: 'quantitative' },
          text: { field: 'attainment', type: 'quantitative', format: '.1%' },
          color,
        },
      },
    ],
  };
}

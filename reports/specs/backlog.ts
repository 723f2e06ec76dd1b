/**
 * Chart 5: contacts waiting over the horizon, one panel per queue (each
 * channel, then the escalation queue), each with its own vertical scale since
 * a phone queue of 3 and an email backlog of 300 are both worth seeing.
 * Series share a panel in their colours.
 */
import type { TopLevelSpec } from 'vega-lite';
import { type BacklogRow, seriesOf } from '../tables.js';
import { CONFIG, horizonHours, hoursAxis, seriesScale, wrap } from './theme.js';

export interface BacklogSpecOptions {
  title?: string;
  width?: number;
  /** Height of one queue's panel, px. */
  panelHeight?: number;
}

export function backlogSpec(
  rows: readonly BacklogRow[],
  options: BacklogSpecOptions = {},
): TopLevelSpec {
  const series = seriesOf(rows);
  const queues = [...new Set(rows.map((r) => r.queue))];
  const maxHours = horizonHours(rows);
  const ticks = hoursAxis(maxHours);
  const color = {
    field: 'series',
    type: 'nominal' as const,
    scale: seriesScale(series),
    legend: series.length > 1 ? { title: null } : null,
  };
  const x = {
    field: 'hours',
    type: 'quantitative' as const,
    scale: { domain: [0, maxHours], nice: false },
    title: 'horizon (scenario-local time)',
    axis: {
      values: ticks.values,
      labelExpr: ticks.labelExpr,
      labelAlign: ticks.labelAlign,
      gridColor: '#cbd5e1',
    },
  };
  const y = {
    field: 'waiting',
    type: 'quantitative' as const,
    title: 'waiting',
    axis: { tickCount: 3 },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: options.title ?? 'Queue length over time',
      subtitle: wrap(
        'Mean contacts waiting per interval, per queue; each queue has its own scale.',
        96,
      ),
    },
    config: CONFIG,
    data: { values: rows as BacklogRow[] },
    facet: {
      row: {
        field: 'queue',
        type: 'nominal',
        sort: queues,
        title: null,
        header: {
          labelAngle: 0,
          labelAnchor: 'start',
          labelOrient: 'top',
          labelPadding: 4,
          labelFontWeight: 600,
        },
      },
    },
    spacing: 14,
    spec: {
      width: options.width ?? 860,
      height: options.panelHeight ?? 70,
      layer: [
        {
          mark: { type: 'area', opacity: 0.18, interpolate: 'step-after' },
          encoding: { x, y: { ...y, stack: null }, color },
        },
        {
          mark: { type: 'line', strokeWidth: 1.25, interpolate: 'step-after' },
          encoding: { x, y, color },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  };
}

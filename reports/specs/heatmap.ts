/**
 * Chart 2: one target's attainment by day (rows) × time of day (columns)
 * over the horizon. Any shade of red is a slot below the goal, any green one
 * at or above it, so where a 7×24 promise breaks shows at a glance; grey
 * slots had no contact the target applied to. Several series stack as rows
 * of heatmaps sharing the colour scale.
 */
import type { TopLevelSpec } from 'vega-lite';
import { type HeatmapRow, seriesOf } from '../tables.js';
import { CONFIG, type Layer, wrap } from './theme.js';

export interface HeatmapSpecOptions {
  title?: string;
  /** Width of one slot column, px. */
  cellWidth?: number;
  cellHeight?: number;
}

/** Below the goal: dark red → pink; at or above: light → dark green. */
const BELOW = ['#991b1b', '#fca5a5'];
const ABOVE = ['#bbf7d0', '#15803d'];
const EMPTY = '#f1f5f9';

export function heatmapSpec(
  rows: readonly HeatmapRow[],
  options: HeatmapSpecOptions = {},
): TopLevelSpec {
  const series = seriesOf(rows);
  const target = rows[0]?.target ?? 'SLA target';
  const goal = rows[0]?.goal ?? 0.8;
  const slots = [...new Map(rows.map((r) => [r.slot, r.slotLabel])).entries()].sort(
    (a, b) => a[0] - b[0],
  );
  const days = [...new Map(rows.map((r) => [r.day, r.dayLabel])).entries()].sort(
    (a, b) => a[0] - b[0],
  );
  // Label every column up to 24 of them, else every third hour.
  const labelled = slots.length <= 24 ? slots : slots.filter(([s]) => s % (3 * 3600) === 0);
  const cellWidth = options.cellWidth ?? Math.max(8, Math.min(36, Math.floor(860 / slots.length)));
  const cellHeight = options.cellHeight ?? 26;
  const eps = 1e-9;
  const x = {
    field: 'slotLabel',
    type: 'ordinal' as const,
    sort: slots.map(([, l]) => l),
    title: 'time of day',
    axis: { values: labelled.map(([, l]) => l), labelAngle: 0, ticks: false, domain: false },
  };
  const y = {
    field: 'dayLabel',
    type: 'ordinal' as const,
    sort: days.map(([, l]) => l),
    title: null,
    axis: { ticks: false, domain: false, labelFontWeight: 600 as const },
  };
  const layer: Layer[] = [
    {
      mark: { type: 'rect', color: EMPTY, stroke: 'white', strokeWidth: 1.5 },
      encoding: { x, y },
    },
    {
      transform: [{ filter: 'isValid(datum.attainment)' }],
      mark: { type: 'rect', stroke: 'white', strokeWidth: 1.5 },
      encoding: {
        x,
        y,
        color: {
          field: 'attainment',
          type: 'quantitative',
          title: 'attainment',
          scale: {
            type: 'linear',
            domain: [0, Math.max(0, goal - eps), goal, 1],
            range: [BELOW[0], BELOW[1], ABOVE[0], ABOVE[1]],
            clamp: true,
          },
          legend: {
            format: '.0%',
            // Label 0, the goal and 100%, dropping an end too close to the goal to read.
            values: [0, goal, 1].filter((v) => v === goal || Math.abs(v - goal) >= 0.15),
            labelOverlap: false,
            gradientLength: 300,
            gradientThickness: 10,
            title: null,
            orient: 'top',
            direction: 'horizontal',
          },
        },
      },
    },
  ];
  const title = {
    text: options.title ?? `${target}: attainment by day and time of day`,
    subtitle: wrap(
      `Red: below the goal of ${(goal * 100).toFixed(0)}%; green: at or above it; grey: no contacts. Each cell pools the contacts created in it.`,
      96,
    ),
  };
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    config: CONFIG,
    data: { values: rows as HeatmapRow[] },
  };
  if (series.length > 1) {
    return {
      ...base,
      facet: {
        row: {
          field: 'series',
          type: 'nominal',
          sort: series,
          title: null,
          header: { labelAngle: 0, labelAlign: 'left', labelFontWeight: 600 },
        },
      },
      spec: {
        width: { step: cellWidth },
        height: { step: cellHeight },
        layer,
      },
    };
  }
  return {
    ...base,
    width: { step: cellWidth },
    height: { step: cellHeight },
    layer,
  };
}

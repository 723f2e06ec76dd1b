/**
 * Chart 6: where contacts go, per channel and for all channels: a stacked
 * bar of shares of arrivals that the bot contained, L1 resolved at first
 * contact, L1 escalated to L2, customers abandoned, or were still unanswered
 * when the run ended — the five add up to 100%. Beside it, the share that
 * came back reopened after a resolution. Series sit side by side in each row
 * and are told apart by opacity.
 */
import type { TopLevelSpec } from 'vega-lite';
import { type FlowRow, OUTCOMES, seriesOf } from '../tables.js';
import { CONFIG, wrap } from './theme.js';

export interface FlowSpecOptions {
  title?: string;
  width?: number;
}

export const OUTCOME_COLORS: Record<(typeof OUTCOMES)[number], string> = {
  'bot-contained': '#0891b2',
  'resolved by L1': '#16a34a',
  'escalated to L2': '#7c3aed',
  abandoned: '#dc2626',
  'unanswered at end': '#94a3b8',
  reopened: '#d97706',
};

export function flowSpec(rows: readonly FlowRow[], options: FlowSpecOptions = {}): TopLevelSpec {
  const series = seriesOf(rows);
  const channels = [...new Set(rows.map((r) => r.channel))];
  const labels = channels.map((c) => (c === 'all' ? 'all channels' : c));
  const stacked = OUTCOMES.filter((o) => o !== 'reopened');
  const rowHeight = 20 + 16 * series.length;
  const y = {
    field: 'channelLabel',
    type: 'nominal' as const,
    sort: labels,
    title: null,
    axis: { ticks: false, domain: false, labelFontSize: 12, labelFontWeight: 600 as const },
  };
  const yOffset = { field: 'series', type: 'nominal' as const, sort: series };
  const opacity = {
    field: 'series',
    type: 'nominal' as const,
    sort: series,
    scale: { domain: series, range: series.map((_, i) => (i === 0 ? 1 : 0.55)) },
    legend: series.length > 1 ? { title: null } : null,
  };
  const label = {
    calculate: "datum.channel === 'all' ? 'all channels' : datum.channel",
    as: 'channelLabel',
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: options.title ?? 'Where contacts go',
      subtitle: wrap(
        'Share of each channel’s arrivals by how they ended (the bar adds up to 100%); reopened: share that came back after a resolution.',
        90,
      ),
    },
    config: CONFIG,
    data: { values: rows as FlowRow[] },
    transform: [label],
    hconcat: [
      {
        width: options.width ?? 600,
        height: { step: rowHeight },
        transform: [
          { filter: "datum.stage === 'outcome'" },
          {
            stack: 'share',
            groupby: ['series', 'channel'],
            sort: [{ field: 'order', order: 'ascending' }],
            as: ['x0', 'x1'],
          },
          { calculate: '(datum.x0 + datum.x1) / 2', as: 'mid' },
        ],
        encoding: { y, yOffset },
        layer: [
          {
            mark: { type: 'bar', stroke: 'white', strokeWidth: 1 },
            encoding: {
              x: {
                field: 'x0',
                type: 'quantitative',
                scale: { domain: [0, 1] },
                axis: { format: '.0%', title: 'share of arrivals', grid: false },
              },
              x2: { field: 'x1' },
              color: {
                field: 'outcome',
                type: 'nominal',
                scale: { domain: stacked, range: stacked.map((o) => OUTCOME_COLORS[o]) },
                legend: {
                  title: null,
                  orient: 'top',
                  direction: 'horizontal',
                  columns: 5,
                  labelLimit: 240,
                },
              },
              opacity,
            },
          },
          {
            transform: [{ filter: 'datum.share >= 0.06' }],
            mark: { type: 'text', color: 'white', fontSize: 11, fontWeight: 600 },
            encoding: {
              x: { field: 'mid', type: 'quantitative' },
              text: { field: 'share', type: 'quantitative', format: '.0%' },
            },
          },
        ],
      },
      {
        width: 150,
        height: { step: rowHeight },
        transform: [{ filter: "datum.stage === 'afterwards'" }],
        encoding: {
          y: { ...y, axis: null },
          yOffset,
        },
        layer: [
          {
            mark: { type: 'bar', color: OUTCOME_COLORS.reopened },
            encoding: {
              x: {
                field: 'share',
                type: 'quantitative',
                axis: { format: '.0%', title: 'reopened', grid: false, tickCount: 3 },
              },
              opacity,
            },
          },
          {
            mark: { type: 'text', align: 'left', dx: 4, fontSize: 11, color: '#334155' },
            encoding: {
              x: { field: 'share', type: 'quantitative' },
              text: { field: 'share', type: 'quantitative', format: '.1%' },
            },
          },
        ],
      },
    ],
    resolve: { scale: { y: 'shared', opacity: 'shared' } },
  };
}

/**
 * Chart 4: demand against supply over the horizon, per interval: contacts
 * arriving (top), each agent group's staffed agents (line) and busy agents
 * (shaded) below it, and every group's occupancy (busy ÷ staffed) at the
 * bottom. The panels share the time axis, so a peak of arrivals lines up with
 * the staffing that met it. Series are coloured; groups are told apart by
 * panel, and on the occupancy panel by dash.
 */
import type { TopLevelSpec } from 'vega-lite';
import { type AgentRow, type ArrivalRow, seriesOf } from '../tables.js';
import {
  CONFIG,
  horizonHours,
  hoursAxis,
  intervalStep,
  type Panel,
  seriesScale,
  wrap,
} from './theme.js';

/** Line dashes for agent groups in order, and how the title names them. */
const DASHES = [
  [1, 0],
  [6, 3],
  [2, 2],
  [8, 3, 2, 3],
];
const DASH_NAMES = ['solid', 'dashed', 'dotted', 'dash-dotted'];

export interface StaffingSpecOptions {
  title?: string;
  width?: number;
  /** Height of each panel, px. */
  panelHeight?: number;
  /** Interval length in seconds, for the arrivals title. */
  intervalSeconds?: number;
}

export function staffingSpec(
  arrivals: readonly ArrivalRow[],
  agents: readonly AgentRow[],
  options: StaffingSpecOptions = {},
): TopLevelSpec {
  const series = seriesOf([...arrivals, ...agents]);
  const groups = [...new Set(agents.map((a) => a.group))];
  const width = options.width ?? 860;
  const height = options.panelHeight ?? 110;
  const step = options.intervalSeconds ?? intervalStep(arrivals.length ? arrivals : agents);
  const maxHours = horizonHours(arrivals.length ? arrivals : agents);
  const ticks = hoursAxis(maxHours);
  const color = {
    field: 'series',
    type: 'nominal' as const,
    scale: seriesScale(series),
    legend: series.length > 1 ? { title: null } : null,
  };
  const x = (labels: boolean) => ({
    field: 'hours',
    type: 'quantitative' as const,
    scale: { domain: [0, maxHours], nice: false },
    title: labels ? 'horizon (scenario-local time)' : null,
    axis: {
      values: ticks.values,
      labelExpr: ticks.labelExpr,
      labelAlign: ticks.labelAlign,
      labels,
      ticks: labels,
      gridColor: '#cbd5e1',
    },
  });
  const minutes = Math.round(step / 60);
  const panels: Panel[] = [
    {
      title: { text: `Contacts arriving per ${minutes}-minute interval`, fontSize: 13 },
      width,
      height,
      data: { values: arrivals as ArrivalRow[] },
      layer: [
        {
          mark: { type: 'area', opacity: 0.15, interpolate: 'step-after' },
          encoding: {
            x: x(false),
            y: { field: 'arrivals', type: 'quantitative', title: 'contacts', stack: null },
            color,
          },
        },
        {
          mark: { type: 'line', strokeWidth: 1.25, interpolate: 'step-after' },
          encoding: {
            x: x(false),
            y: { field: 'arrivals', type: 'quantitative' },
            color,
          },
        },
      ],
    },
    ...groups.map(
      (group): Panel => ({
        title: { text: `${group}: agents staffed (line) and busy (shaded)`, fontSize: 13 },
        width,
        height,
        data: { values: agents.filter((a) => a.group === group) },
        layer: [
          {
            mark: { type: 'area', opacity: 0.3, interpolate: 'step-after' },
            encoding: {
              x: x(false),
              y: { field: 'busy', type: 'quantitative', title: 'agents', stack: null },
              color,
            },
          },
          {
            mark: { type: 'line', strokeWidth: 1.5, interpolate: 'step-after' },
            encoding: {
              x: x(false),
              y: { field: 'staffed', type: 'quantitative' },
              color,
            },
          },
        ],
      }),
    ),
    {
      title: {
        text: `Occupancy per hour: busy ÷ staffed agent time (${groups
          .slice(0, DASH_NAMES.length)
          .map((g, i) => `${g} ${DASH_NAMES[i]}`)
          .join(', ')})`,
        fontSize: 13,
      },
      width,
      height,
      data: { values: agents as AgentRow[] },
      transform: [
        { calculate: 'floor(datum.hours)', as: 'hour' },
        {
          aggregate: [
            { op: 'sum', field: 'busy', as: 'busy' },
            { op: 'sum', field: 'staffed', as: 'staffed' },
          ],
          groupby: ['series', 'group', 'hour'],
        },
        { filter: 'datum.staffed > 0' },
        { calculate: 'datum.busy / datum.staffed', as: 'occupancy' },
      ],
      mark: { type: 'line', strokeWidth: 1.5, interpolate: 'step-after' },
      encoding: {
        x: { ...x(true), field: 'hour' },
        y: {
          field: 'occupancy',
          type: 'quantitative',
          title: 'occupancy',
          axis: { format: '.0%', tickCount: 4 },
          scale: { domainMin: 0 },
        },
        color,
        strokeDash: {
          field: 'group',
          type: 'nominal',
          scale: { domain: groups, range: groups.map((_, i) => DASHES[i % DASHES.length]) },
          legend: { title: null, orient: 'top', symbolStrokeColor: '#334155' },
        },
        detail: { field: 'series', type: 'nominal' },
      },
    },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: options.title ?? 'Arrivals, agents and occupancy',
      subtitle: wrap(
        'Per interval over the horizon; busy counts a chat session as 1/concurrency of an agent.',
        96,
      ),
    },
    config: CONFIG,
    spacing: 18,
    vconcat: panels,
    resolve: { scale: { x: 'shared', color: 'shared' } },
  };
}

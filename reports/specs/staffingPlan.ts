/**
 * Required against scheduled agents per week position for each group: the
 * requirement as a step line, the shift plan's coverage as a shaded area,
 * uncovered positions as red ticks.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { StaffingPlan } from '../../simulator/staffing/plan.js';
import { CONFIG, GOAL } from './theme.js';

export function staffingPlanSpec(plan: StaffingPlan): TopLevelSpec {
  const interval = plan.scenario.interval;
  const rows = plan.shifts.flatMap((g) =>
    g.requirement.map((required, k) => ({
      group: g.group,
      hours: (k * interval) / 3600,
      required,
      scheduled: g.coverage[k],
      gap: g.coverage[k] < required ? required : null,
    })),
  );
  // Red ticks where the plan leaves an interval short (omitted when none is).
  const gapLayer = {
    transform: [{ filter: 'datum.gap !== null' }],
    mark: { type: 'tick' as const, color: GOAL, thickness: 2 },
    encoding: {
      x: { field: 'hours', type: 'quantitative' as const },
      y: { field: 'gap', type: 'quantitative' as const },
    },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    data: { values: rows },
    facet: { row: { field: 'group', type: 'nominal', title: null } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 900,
      height: 140,
      layer: [
        {
          mark: { type: 'area', opacity: 0.25, interpolate: 'step-after' },
          encoding: {
            x: {
              field: 'hours',
              type: 'quantitative',
              title: 'hours from Monday 00:00',
              axis: { values: [0, 24, 48, 72, 96, 120, 144, 168] },
            },
            y: { field: 'scheduled', type: 'quantitative', title: 'agents on duty' },
          },
        },
        {
          mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
          encoding: {
            x: { field: 'hours', type: 'quantitative' },
            y: { field: 'required', type: 'quantitative' },
          },
        },
        ...(rows.some((r) => r.gap !== null) ? [gapLayer] : []),
      ],
    },
  };
}

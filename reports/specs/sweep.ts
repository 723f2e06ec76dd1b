/**
 * Sweep curves: each SLA target's predicted attainment (with its 95%
 * interval) against the first varied field, one panel per target with its
 * goal as a rule; further varied fields become line colours.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { SweepResults } from '../../simulator/sweep/sweep.js';
import { CONFIG, GOAL } from './theme.js';

export function sweepSpec(sweep: SweepResults): TopLevelSpec {
  const [x, ...others] = sweep.variations.map((v) => v.path);
  const rows = sweep.points.flatMap((p) =>
    p.targets.map((t) => ({
      x: p.values[x],
      series: others.map((o) => `${o} = ${p.values[o]}`).join(', ') || 'predicted',
      target: t.name,
      goal: t.goal,
      attainment: t.attainment.mean,
      lo: t.attainment.lo ?? t.attainment.mean,
      hi: t.attainment.hi ?? t.attainment.mean,
    })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    data: { values: rows },
    facet: { field: 'target', type: 'nominal', title: null },
    columns: 2,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 320,
      height: 180,
      layer: [
        {
          mark: { type: 'errorband', opacity: 0.2 },
          encoding: {
            x: { field: 'x', type: 'quantitative', title: x },
            y: { field: 'lo', type: 'quantitative', title: 'attainment', axis: { format: '%' } },
            y2: { field: 'hi' },
            color: { field: 'series', type: 'nominal', title: null },
          },
        },
        {
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'x', type: 'quantitative' },
            y: { field: 'attainment', type: 'quantitative' },
            color: { field: 'series', type: 'nominal', title: null },
          },
        },
        {
          mark: { type: 'rule', color: GOAL, strokeDash: [4, 3] },
          encoding: { y: { aggregate: 'max', field: 'goal', type: 'quantitative' } },
        },
      ],
    },
  };
}

/**
 * The chart builders: pure functions from table rows to typed vega-lite
 * specs with their data inline. These tests read the specs as data — which
 * fields, which encodings, where the goal is drawn — and check that two
 * result sets share one chart, told apart by the `series` field.
 */
import { describe, expect, it } from 'vitest';
import { firstResponseSpec } from '../../reports/specs/firstResponse.js';
import { heatmapSpec } from '../../reports/specs/heatmap.js';
import { scorecardSpec } from '../../reports/specs/scorecard.js';
import {
  DURATION_LABEL_EXPR,
  durationTicks,
  GOAL,
  hoursAxis,
  SERIES_COLORS,
  wrap,
} from '../../reports/specs/theme.js';
import {
  firstResponseRows,
  firstResponseTargetRows,
  heatmapRows,
  scorecardRows,
} from '../../reports/tables.js';
import { fixtureResults } from './fixture.js';
import { allSpecs, encodings, inlineRows, markTypes, nodes, seriesSets } from './support.js';

const results = await fixtureResults();
const one = allSpecs(seriesSets(results));
const two = allSpecs(seriesSets(results, true));

describe('every chart spec', () => {
  it.each(Object.keys(one))(
    '%s carries its data inline and names the vega-lite v6 schema',
    (name) => {
      const spec = one[name];
      expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
      expect(inlineRows(spec).length).toBeGreaterThan(0);
      expect(nodes(spec).some((n) => 'url' in n && typeof n.url === 'string')).toBe(false);
      expect(JSON.stringify(spec)).not.toMatch(/"url":/);
    },
  );

  it.each(Object.keys(one))(
    '%s is a pure function of its rows: rebuilt, it is deep-equal',
    (name) => {
      expect(allSpecs(seriesSets(results))[name]).toEqual(one[name]);
    },
  );

  it.each(Object.keys(two))(
    '%s puts two series on one chart, told apart by the series field',
    (name) => {
      const spec = two[name];
      const series = new Set(inlineRows(spec).map((r) => r.series));
      expect(series).toEqual(new Set(['predicted', 'observed']));
      // The series drive an encoding channel (colour where colour is free) or a facet.
      const bySeries = encodings(spec).flatMap((e) =>
        Object.entries(e)
          .filter(([, def]) => def && (def as { field?: string }).field === 'series')
          .map(([channel]) => channel),
      );
      const facetBySeries = nodes(spec).some(
        (n) => n.facet && (n.facet as { row?: { field?: string } }).row?.field === 'series',
      );
      expect(bySeries.length > 0 || facetBySeries).toBe(true);
      // ... and it is still one chart: no second top-level spec, one schema.
      expect(JSON.stringify(spec).match(/"\$schema"/g)).toHaveLength(1);
    },
  );

  it('colours series the same way in every chart that colours them: predicted blue, observed orange', () => {
    for (const spec of Object.values(two)) {
      for (const e of encodings(spec)) {
        const color = e.color as { field?: string; scale?: { domain: string[]; range: string[] } };
        if (color?.field !== 'series') continue;
        expect(color.scale).toEqual({
          domain: ['predicted', 'observed'],
          range: [SERIES_COLORS[0], SERIES_COLORS[1]],
        });
      }
    }
  });
});

describe('the scorecard chart', () => {
  const rows = scorecardRows(seriesSets(results));
  const spec = scorecardSpec(rows);

  it('has one row per target, in the scenario order', () => {
    const y = encodings(spec).find((e) => e.y)?.y as { field: string; sort: string[] };
    expect(y.field).toBe('target');
    expect(y.sort).toEqual(results.targets.map((t) => t.name));
  });

  it('draws the goal as a red tick, the interval as a rule from lo to hi and the attainment as a dot', () => {
    expect(markTypes(spec)).toEqual(expect.arrayContaining(['tick', 'rule', 'point', 'text']));
    const tick = nodes(spec).find((n) => (n.mark as { type?: string })?.type === 'tick')!;
    expect((tick.mark as { color: string }).color).toBe(GOAL);
    expect((tick.encoding as { x: { field: string } }).x.field).toBe('goal');
    const rule = nodes(spec).find((n) => (n.mark as { type?: string })?.type === 'rule');
    expect(rule?.encoding).toMatchObject({ x: { field: 'lo' }, x2: { field: 'hi' } });
  });

  it('keeps attainment on a 0–100% scale', () => {
    const x = nodes(spec).find((n) => (n as { field?: string }).field === 'goal') as {
      scale: { domain: number[] };
    };
    expect(x.scale.domain).toEqual([0, 1]);
  });
});

describe('the heatmap', () => {
  const target = results.targets.find((t) => t.metric === 'serviceLevel')!;
  const rows = heatmapRows(seriesSets(results), target.name);
  const spec = heatmapSpec(rows);

  it('lays days on rows and times of day on columns, in time order', () => {
    const rect = encodings(spec).find((e) => e.color);
    expect(rect?.y).toMatchObject({
      field: 'dayLabel',
      sort: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    });
    expect(rect?.x).toMatchObject({ field: 'slotLabel' });
    expect((rect!.x as { sort: string[] }).sort.slice(0, 3)).toEqual(['00:00', '01:00', '02:00']);
  });

  it('breaks the colour scale at the goal: red below it, green from it', () => {
    const color = encodings(spec).find((e) => e.color)?.color as {
      field: string;
      scale: { domain: number[]; range: string[] };
    };
    expect(color.field).toBe('attainment');
    const { domain, range } = color.scale;
    expect(domain[0]).toBe(0);
    expect(domain[2]).toBe(target.goal);
    expect(domain[3]).toBe(1);
    expect(domain[1]).toBeLessThan(target.goal);
    expect(range[1]).toMatch(/^#f/); // pink just below the goal
    expect(range[2]).toMatch(/^#b/); // pale green at the goal
  });

  it('names the target and its goal in the title', () => {
    const title = spec.title as { text: string; subtitle: string[] };
    expect(title.text).toContain(target.name);
    expect(title.subtitle.join(' ')).toContain(`${Math.round(target.goal * 100)}%`);
  });

  it('facets rows by series when there are two', () => {
    const spec2 = heatmapSpec(heatmapRows(seriesSets(results, true), target.name));
    expect((spec2 as { facet: { row: { field: string } } }).facet.row.field).toBe('series');
  });
});

describe('the first-response CDF', () => {
  const sets = seriesSets(results);
  const quantiles = firstResponseRows(sets);
  const marks = firstResponseTargetRows(sets);
  const spec = firstResponseSpec(quantiles, marks) as unknown as {
    concat: Array<Record<string, unknown>>;
  };

  it('has one panel per channel with the quantiles as a line through points', () => {
    expect(spec.concat).toHaveLength(results.scenario.channels.length);
    for (const panel of spec.concat) {
      const line = nodes(panel).find((n) => (n.mark as { type?: string })?.type === 'line');
      expect(line?.encoding).toMatchObject({
        x: { field: 'seconds' },
        y: { field: 'quantile' },
        color: { field: 'series' },
      });
    }
  });

  it('marks each channel’s target threshold with a red rule at `within`', () => {
    const phone = spec.concat.find((p) => (p.title as { text: string }).text === 'phone')!;
    const rule = nodes(phone).find(
      (n) =>
        (n.mark as { type?: string; color?: string })?.type === 'rule' &&
        (n.encoding as { x?: { field?: string } })?.x?.field === 'within',
    )!;
    expect((rule.mark as { color: string }).color).toBe(GOAL);
    const values = (rule.data as { values: Array<{ within: number; target: string }> }).values;
    expect(values.map((v) => v.within)).toEqual([60]);
  });

  it('raises a service-level diamond above the goal by the abandonment it must absorb', () => {
    const phone = marks.find((m) => m.channel === 'phone')!;
    const cell = results.horizon.cells.find((c) => c.channel === 'phone' && c.priority === 'all')!;
    const answered = 1 - cell.abandoned.mean! / cell.arrivals.mean!;
    expect(phone.metric).toBe('serviceLevel');
    expect(phone.required).toBeCloseTo(phone.goal / answered, 12);
    expect(phone.required).toBeGreaterThan(phone.goal);
    const chat = marks.find((m) => m.channel === 'chat')!;
    expect(chat.required).toBe(chat.goal);
  });

  it('labels its time axis in readable units on round ticks', () => {
    const axis = nodes(spec).find((n) => n.labelExpr === DURATION_LABEL_EXPR) as {
      values: number[];
    };
    expect(axis.values[0]).toBe(0);
    expect(durationTicks(250, 5)).toEqual([0, 60, 120, 180, 240, 300]);
    expect(durationTicks(7200 * 1.04, 5)).toEqual([0, 1800, 3600, 5400, 7200, 9000]);
    expect(durationTicks(20, 5)).toEqual([0, 5, 10, 15, 20]);
  });

  it('says so in a text mark when no first response was measured', () => {
    expect(markTypes(firstResponseSpec([], []))).toEqual(['text']);
  });
});

describe('axis helpers', () => {
  it('label a week by weekday at each midnight', () => {
    const a = hoursAxis(168);
    expect(a.values).toEqual([0, 24, 48, 72, 96, 120, 144]);
    expect(a.labelExpr).toContain("'Sun'");
  });

  it('label two days or less every three hours', () => {
    expect(hoursAxis(24).values).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24]);
  });

  it('wrap subtitles at spaces into short lines', () => {
    expect(wrap('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrap('a '.repeat(100), 20).every((l) => l.length <= 20)).toBe(true);
  });
});

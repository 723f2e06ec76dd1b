/**
 * The backtest report: predicted against actual over the history's period,
 * per day and per interval, as a self-contained HTML page in the simulation
 * report's look. The period's SLA attainment reuses the report's scorecard
 * chart with two series (predicted with its interval, actual).
 */

import type { TopLevelSpec } from 'vega-lite';
import { formatDuration, formatPercent } from '../../reports/format.js';
import { note } from '../../reports/render/blocks.js';
import {
  escapeHtml as e,
  type PageSection,
  renderPage,
  type Tone,
} from '../../reports/render/html.js';
import { namespaceSvgIds, renderSvg } from '../../reports/render/svg.js';
import { scorecardSpec } from '../../reports/specs/scorecard.js';
import type { ScorecardRow } from '../../reports/tables.js';
import type { BacktestResult, Comparison, MetricDef, MetricError } from './backtest.js';
import { type ComparisonRow, comparisonSpec } from './charts.js';
import { htmlTable } from './fitReport.js';

async function figure(name: string, spec: TopLevelSpec): Promise<string> {
  const svg = await renderSvg(spec);
  return `<figure class="chart" data-chart="${e(name)}">${namespaceSvgIds(svg, `${name}-`)}</figure>`;
}

function show(x: number | null, unit: MetricDef['unit']): string {
  if (x === null) return '—';
  if (unit === 'share') return formatPercent(x);
  if (unit === 'seconds') return formatDuration(x);
  return String(Math.round(x * 10) / 10);
}

function errorText(err: MetricError): string[] {
  const u = err.unit === 'share' ? ' pp' : err.unit === 'seconds' ? ' s' : '';
  const f = (x: number | null, signed = false) =>
    x === null
      ? '—'
      : `${signed && x > 0 ? '+' : ''}${x.toFixed(err.unit === 'count' ? 1 : 2)}${u}`;
  return [
    err.label,
    String(err.days),
    f(err.mae),
    err.relativeMae === null ? '—' : `${err.relativeMae.toFixed(1)}%`,
    f(err.bias, true),
    `${err.outside} of ${err.days}${err.days ? ` (${((100 * err.outside) / err.days).toFixed(0)}%)` : ''}`,
    f(err.intervalMae),
  ];
}

function rowsOf(
  result: BacktestResult,
  periods: BacktestResult['days'],
  keys: readonly string[],
  /** Day periods: plot each day at its noon. */
  daily = false,
): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  for (const key of keys) {
    const metric = result.metrics.find((m) => m.key === key)!;
    for (const p of periods) {
      const v: Comparison = p.values[key];
      const hours = (p.start + (daily ? 43_200 : 0)) / 3600;
      rows.push({
        series: 'predicted',
        metric: metric.label,
        hours,
        value: v.mean,
        lo: v.lo,
        hi: v.hi,
        outside: false,
        format: metric.unit,
      });
      rows.push({
        series: 'actual',
        metric: metric.label,
        hours,
        value: v.actual,
        lo: null,
        hi: null,
        outside: v.outside,
        format: metric.unit,
      });
    }
  }
  return rows;
}

export async function buildBacktestReport(result: BacktestResult): Promise<string> {
  const sections: PageSection[] = [];
  const maxHours = (result.period.offsetDays + result.period.days) * 24;
  const totalDays = result.errors.reduce((s, x) => s + x.days, 0);
  const totalOutside = result.errors.reduce((s, x) => s + x.outside, 0);

  sections.push({
    id: 'errors',
    title: 'Error per metric',
    lead: 'Per day: mean absolute error of the predicted mean against the actual (percentage points for shares), the bias (predicted − actual, positive = over-predicted) and the days where the actual lies outside the 95% prediction band — about 1 day in 20 when the model is right.',
    body: [
      htmlTable(
        [
          'metric',
          'days',
          'MAE per day',
          'MAE % of actual',
          'bias',
          'days outside band',
          'MAE per interval',
        ],
        result.errors.map(errorText),
        [1, 2, 3, 4, 5, 6],
      ),
      result.skipped.length ? `<p>Not compared: ${e(result.skipped.join('; '))}.</p>` : '',
    ].join('\n'),
  });

  const dailyKeys = result.metrics.map((m) => m.key);
  sections.push({
    id: 'daily',
    title: 'Day by day',
    lead: 'Predicted mean (line) with its 95% prediction band (shaded) against what happened (orange); red rings mark days outside the band.',
    body: await figure(
      'daily',
      comparisonSpec(rowsOf(result, result.days, dailyKeys, true), {
        title: 'Predicted against actual, per day',
        subtitle: `${result.run.replications} replications of ${result.scenario.name}; each day's figure over the contacts created that day.`,
        stepHours: 24,
        maxHours,
      }),
    ),
  });

  const intervalSeconds = result.scenario.interval;
  const perChannel = result.metrics.filter((m) => m.key.startsWith('offered:')).map((m) => m.key);
  sections.push({
    id: 'intervals',
    title: 'Interval by interval',
    lead: `Contacts offered per ${intervalSeconds / 60}-minute interval, predicted (mean of the replications, band shaded) against actual. Shares per interval rest on a handful of contacts and are summarised by their error in section 1 instead.`,
    body: result.intervals.length
      ? await figure(
          'intervals',
          comparisonSpec(
            rowsOf(result, result.intervals, ['offered', ...perChannel]).map((r) => ({
              ...r,
              outside: false,
            })),
            {
              title: 'Contacts offered, per interval',
              subtitle: 'Step lines: the mean of the replications and the history.',
              stepHours: intervalSeconds / 3600,
              maxHours,
            },
          ),
        )
      : note('No intervals.'),
  });

  const targets = result.metrics.filter((m) => m.target);
  const scorecard: ScorecardRow[] = targets.flatMap((m) => {
    const v = result.total[m.key];
    const lower = m.slaMetric === 'abandonment';
    const base = {
      target: m.label,
      metric: m.slaMetric ?? 'firstResponse',
      channel: 'all',
      priority: 'all',
      within: null,
      clock: 'calendar',
      goal: m.goal ?? 0,
      lowerIsBetter: lower,
      probabilityMet: 0,
      probabilityLo: 0,
      probabilityHi: 0,
    };
    const met = (x: number | null) =>
      x === null ? 'at risk' : (lower ? x <= base.goal : x >= base.goal) ? 'met' : 'missed';
    return [
      {
        ...base,
        series: 'predicted',
        attainment: v.mean,
        lo: v.lo,
        hi: v.hi,
        verdict: met(v.mean),
      },
      {
        ...base,
        series: 'actual',
        attainment: v.actual,
        lo: null,
        hi: null,
        verdict: met(v.actual),
      },
    ];
  });
  sections.push({
    id: 'period',
    title: 'Over the whole period',
    lead: 'Each SLA target’s attainment over every contact of the period: predicted (with its 95% prediction band) and actual, against the goal.',
    body: [
      htmlTable(
        ['figure', 'actual', 'predicted mean', '95% band', 'inside?'],
        result.metrics.map((m) => {
          const v = result.total[m.key];
          return [
            m.label,
            show(v.actual, m.unit),
            show(v.mean, m.unit),
            v.lo === null ? '—' : `${show(v.lo, m.unit)} – ${show(v.hi, m.unit)}`,
            v.actual === null || v.lo === null ? '—' : v.outside ? 'no' : 'yes',
          ];
        }),
        [1, 2, 3],
      ),
      scorecard.length
        ? await figure(
            'scorecard',
            scorecardSpec(scorecard, { title: 'Attainment over the period: predicted and actual' }),
          )
        : '',
    ].join('\n'),
  });

  const outsideRows = result.days.flatMap((d) =>
    result.metrics.flatMap((m) => {
      const v = d.values[m.key];
      return v.outside
        ? [
            [
              d.label,
              m.label,
              show(v.actual, m.unit),
              show(v.mean, m.unit),
              `${show(v.lo, m.unit)} – ${show(v.hi, m.unit)}`,
            ],
          ]
        : [];
    }),
  );
  sections.push({
    id: 'outside',
    title: 'Days outside the band',
    lead: 'Days where what happened is outside the 95% prediction band: holidays, incidents, or where the scenario is wrong.',
    body: outsideRows.length
      ? htmlTable(['day', 'metric', 'actual', 'predicted', '95% band'], outsideRows, [2, 3])
      : note('None: every day fell inside its band.'),
  });

  const h = result.history;
  sections.push({
    id: 'inputs',
    title: 'Inputs',
    lead: 'The history, the scenario and the run.',
    body: `<p>${e(`${h.used.toLocaleString('en')} contacts from ${h.source} (${h.rows.toLocaleString('en')} rows, ${h.bad.total.toLocaleString('en')} bad); period ${result.period.first} to ${result.period.last}; local time ${result.scenario.timezone}; scenario “${result.scenario.name}”, simulated from the Monday of the first week; ${result.run.replications} replications, seed ${result.run.seed}.`)}</p>`,
  });

  const share = totalDays > 0 ? totalOutside / totalDays : 0;
  const tone: Tone = share <= 0.1 ? 'good' : share <= 0.25 ? 'warn' : 'bad';
  return renderPage({
    title: `Backtest of ${result.scenario.name}`,
    eyebrow: 'slalab · backtest report',
    heading: `Backtest: ${result.scenario.name}`,
    meta: [
      `${result.period.days} days`,
      `${result.period.first} – ${result.period.last}`,
      `${h.used.toLocaleString('en')} contacts`,
      `${result.run.replications} replications`,
      `seed ${result.run.seed}`,
    ],
    banner: {
      tone,
      headline: `${formatPercent(1 - share, 0)} of day-metrics fell inside the 95% prediction band.`,
      detail: `${totalOutside} of ${totalDays} day-metric comparisons outside (about 5% expected when the scenario describes the period).`,
    },
    sections,
    footer:
      'Generated by slalab backtest. Bands are 95% prediction intervals across replications: m ± t·s·√(1 + 1/R).',
  });
}

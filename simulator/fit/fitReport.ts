/**
 * The fit report: a self-contained HTML page (the simulation report's page,
 * `reports/render/html.ts`, with charts rendered by `reports/render/svg.ts`)
 * showing what was estimated from the history, how well each distribution
 * fits, what was left at a default, which rows were bad, and the scenario
 * written.
 */

import type { TopLevelSpec } from 'vega-lite';
import { formatCount, formatDuration, formatPercent } from '../../reports/format.js';
import { note } from '../../reports/render/blocks.js';
import {
  escapeHtml as e,
  type PageSection,
  renderPage,
  type Tone,
} from '../../reports/render/html.js';
import { namespaceSvgIds, renderSvg } from '../../reports/render/svg.js';
import { patienceSurvival } from './censoredFits.js';
import {
  type CdfRow,
  cdfSpec,
  type DayRow,
  dailyVolumeSpec,
  type ProfileRow,
  profileSpec,
  type SurvivalRow,
  survivalSpec,
  type WeekRow,
  weekSpec,
} from './charts.js';
import type { DurationFit } from './distributionFits.js';
import type { Estimate } from './estimate.js';
import type { FitResult } from './fitHistory.js';

/** An HTML table (class `scorecard`, the report's table style); cells are escaped. */
export function htmlTable(
  headers: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
  numeric: readonly number[] = [],
): string {
  const cls = (i: number) => (numeric.includes(i) ? ' class="num"' : '');
  return `<table class="scorecard">
<thead><tr>${headers.map((h, i) => `<th${cls(i)}>${e(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${e(String(c))}</td>`).join('')}</tr>`).join('\n')}
</tbody>
</table>`;
}

/** `value (lo – hi)` in a unit. */
export function withInterval(
  x: Estimate | undefined,
  unit: 'seconds' | 'share' | 'count' | 'plain',
): string {
  if (!x) return '—';
  const f = (v: number) => {
    if (!Number.isFinite(v)) return '∞';
    if (unit === 'seconds') return formatDuration(v);
    if (unit === 'share') return formatPercent(v, v < 0.1 ? 2 : 1);
    if (unit === 'count') return formatCount(v);
    return String(Number(v.toPrecision(3)));
  };
  return `${f(x.value)} (${f(x.lo)} – ${f(x.hi)})`;
}

async function figure(name: string, spec: TopLevelSpec): Promise<string> {
  const svg = await renderSvg(spec);
  return `<figure class="chart" data-chart="${e(name)}">${namespaceSvgIds(svg, `${name}-`)}</figure>`;
}

function candidatesTable(fit: DurationFit): string {
  const c = fit.criterion;
  return htmlTable(
    [
      'candidate',
      'parameters',
      'log-likelihood',
      'AIC',
      'BIC',
      'KS D',
      'KS p',
      'mean (95% CI)',
      'cv (95% CI)',
    ],
    fit.candidates.map((k) => [
      `${k.family}${k === fit.chosen ? ` ✓ (lowest ${c.toUpperCase()})` : ''}`,
      k.parameters,
      Math.round(k.logLikelihood).toLocaleString('en'),
      Math.round(k.aic).toLocaleString('en'),
      Math.round(k.bic).toLocaleString('en'),
      k.ks.d.toPrecision(3),
      k.ks.pValue.toPrecision(2),
      withInterval(k.mean, 'seconds'),
      k.cv ? withInterval(k.cv, 'plain') : '1 (fixed)',
    ]),
    [1, 2, 3, 4, 5, 6],
  );
}

function cdfRows(fit: DurationFit, name: string): CdfRow[] {
  const rows: CdfRow[] = [];
  const panel = `${name}: ${fit.chosen.family}`;
  const max = fit.quantiles.p99 * 1.2;
  const empirical = fit.candidates.find((k) => k.family === 'empirical');
  for (const [series, cdf] of [
    ['data', empirical?.cdf],
    ['fitted', fit.chosen.cdf],
  ] as const) {
    if (!cdf) continue;
    for (let i = 0; i <= 120; i++) {
      const x = (max * i) / 120;
      rows.push({ series, channel: panel, seconds: x, probability: cdf(x) });
    }
  }
  return rows;
}

export async function buildFitReport(fit: FitResult, yaml: string): Promise<string> {
  const h = fit.history;
  const a = fit.arrivals;
  const sections: PageSection[] = [];
  const I = Math.round(86_400 / fit.interval);

  // 1. Data.
  const badRows = h.bad.groups.map((g) => [
    g.description,
    g.count,
    `${g.lines.join(', ')}${g.count > g.lines.length ? ', …' : ''}`,
    g.samples.map((s) => `line ${s.line}: ${s.message}`).join(' · '),
  ]);
  const found = Object.entries(h.columns).map(([k, v]) => (k === v ? k : `${k} ← ${v}`));
  sections.push({
    id: 'data',
    title: 'The history',
    lead: `${h.rows.toLocaleString('en')} rows read from ${h.source} (${h.format}); ${h.used.toLocaleString('en')} used, ${h.bad.total.toLocaleString('en')} bad (the fit stops above ${formatPercent(h.maxBadShare, 2)}). Every row is accounted for.`,
    body: [
      `<p>Columns read: ${e(found.join(', '))}.${h.ignored.length ? ` Ignored: ${e(h.ignored.join(', '))}.` : ''}${h.renamed.length ? ` Channels renamed: ${e(h.renamed.map((r) => `'${r.from}' → ${r.to}`).join(', '))}.` : ''} Local time: ${e(fit.timeZone)}. Period: ${e(fit.period.first)} to ${e(fit.period.last)} (${fit.period.days} days).</p>`,
      badRows.length
        ? htmlTable(['bad rows', 'count', 'first lines', 'samples'], badRows, [1])
        : note('No bad rows.'),
      fit.defaults.length
        ? `<h3>Not in the history: defaults used</h3><ul>${fit.defaults.map((d) => `<li>${e(d)}</li>`).join('')}</ul>`
        : '',
      fit.notes.length
        ? `<h3>Notes</h3><ul>${fit.notes.map((d) => `<li>${e(d)}</li>`).join('')}</ul>`
        : '',
    ].join('\n'),
  });

  // 2. Arrivals.
  const profile: ProfileRow[] = a.channels.flatMap((c) =>
    c.weekProfile.map((v, p) => ({
      series: 'mean',
      channel: c.name,
      hours: (p * fit.interval) / 3600,
      value: v,
    })),
  );
  const days: DayRow[] = a.daySummaries.map((d, k) => ({
    label: d.label,
    day: k,
    total: d.total,
    kind: d.outlier ? 'outlier' : 'normal',
    expected: d.outlier ? d.outlier.expected : null,
  }));
  sections.push({
    id: 'arrivals',
    title: 'Arrivals',
    lead: `Weekly volume per channel from the mean of each weekday over ${a.normalDays} normal days; the profile per ${fit.interval / 60}-minute interval; days far from their weekday’s median are outliers, listed and left out.`,
    body: [
      htmlTable(
        ['channel', 'contacts', 'per week (95% CI)', 'share (95% CI)', 'own time-of-day shape?'],
        [
          ...a.channels.map((c) => [
            c.name,
            formatCount(c.contacts),
            withInterval(c.weeklyVolume, 'count'),
            withInterval(c.share, 'share'),
            a.channels.length > 1
              ? `G² ${c.timeOfDayTest.g2.toPrecision(3)}, p ${c.timeOfDayTest.pValue < 1e-6 ? '< 1e-6' : c.timeOfDayTest.pValue.toPrecision(2)}`
              : '—',
          ]),
          [
            'all',
            formatCount(a.channels.reduce((s, c) => s + c.contacts, 0)),
            withInterval(a.weeklyVolume, 'count'),
            '100%',
            '',
          ],
        ],
        [1],
      ),
      `<p>Overdispersion (cv of a day’s volume beyond Poisson): ${e(withInterval(a.overdispersion, 'plain'))} — ${e(a.overdispersion.basis)}.</p>`,
      await figure('profile', profileSpec(profile, fit.interval / 60)),
      await figure('days', dailyVolumeSpec(days)),
      a.outliers.length
        ? htmlTable(
            ['outlier day', 'contacts', 'weekday median', 'ratio'],
            a.outliers.map((o) => [
              a.daySummaries.find((d) => d.day === o.day)?.label ?? String(o.day),
              Math.round(o.total),
              Math.round(o.expected),
              o.ratio.toFixed(2),
            ]),
            [1, 2, 3],
          )
        : note(a.outlierNote ?? 'No outlier days.'),
    ].join('\n'),
  });

  // 3. Handle time.
  const handleBodies: string[] = [];
  const cdf: CdfRow[] = [];
  for (const c of fit.channels) {
    if (!c.handleTime) {
      handleBodies.push(`<h3>${e(c.name)}</h3>${note('No handle times: the default is used.')}`);
      continue;
    }
    const f = c.handleTime;
    handleBodies.push(
      `<h3>${e(c.name)}: ${e(f.chosen.text)}</h3><p>${f.n.toLocaleString('en')} contacts of ${f.threshold} s or more; ${e(withInterval(f.short, 'share'))} were shorter and are a share apart. Median ${e(formatDuration(f.quantiles.p50))}, p90 ${e(formatDuration(f.quantiles.p90))}, p99 ${e(formatDuration(f.quantiles.p99))}.</p>`,
      candidatesTable(f),
    );
    if (c.handleTimeByTier.length > 1) {
      handleBodies.push(
        htmlTable(
          ['tier', 'contacts', 'chosen fit', 'mean (95% CI)'],
          c.handleTimeByTier.map((t) => [
            t.tier,
            formatCount(t.fit.n),
            t.fit.chosen.text,
            withInterval(t.fit.chosen.mean, 'seconds'),
          ]),
          [1],
        ),
      );
    }
    if (c.afterContactWork) {
      handleBodies.push(
        `<p>After-contact work: ${e(c.afterContactWork.chosen.text)}, ${e(withInterval(c.afterContactWorkZero, 'share'))} none.</p>`,
      );
    }
    cdf.push(...cdfRows(f, c.name));
  }
  if (fit.escalation?.handleTime)
    cdf.push(...cdfRows(fit.escalation.handleTime, 'escalation (L2)'));
  sections.push({
    id: 'handle-time',
    title: 'Handle time',
    lead: `Exponential, gamma, lognormal and empirical (histogram) fits by maximum likelihood, the one with the lowest ${fit.criterion.toUpperCase()} written to the scenario; KS D is the largest gap between the fitted and the observed distribution.`,
    body: [
      ...handleBodies,
      cdf.length
        ? await figure(
            'handle-time',
            cdfSpec(
              cdf,
              'Handle time: observed against fitted',
              'Share of contacts handled within a time: the data (histogram CDF) and the chosen fit.',
            ),
          )
        : '',
    ].join('\n'),
  });

  // 4. Patience.
  const survival: SurvivalRow[] = [];
  const patienceRows: Array<Array<string | number>> = [];
  for (const c of fit.channels) {
    if (!c.patience) continue;
    const p = c.patience;
    patienceRows.push([
      c.name,
      formatCount(p.n),
      formatCount(p.abandons),
      withInterval(p.exponential.mean, 'seconds'),
      p.lognormal ? withInterval(p.lognormal.mean, 'seconds') : '—',
      p.weibull
        ? `${withInterval(p.weibull.shape, 'plain')}, p(k=1) ${p.weibull.lrTest.pValue.toPrecision(2)}`
        : '—',
      p.chosen,
      p.naive ? withInterval(p.naive, 'seconds') : '—',
      p.km.median === null ? '> longest wait' : formatDuration(p.km.median),
    ]);
    for (const pt of p.km.points)
      survival.push({
        series: 'Kaplan–Meier',
        channel: c.name,
        seconds: pt.t,
        survival: pt.survival,
        lo: pt.lo,
        hi: pt.hi,
      });
    const s = patienceSurvival(p);
    const max = p.km.points[p.km.points.length - 1]?.t ?? p.mean.value;
    for (let i = 0; i <= 100; i++) {
      const t = (max * i) / 100;
      survival.push({
        series: `fitted (${p.chosen})`,
        channel: c.name,
        seconds: t,
        survival: s(t),
        lo: null,
        hi: null,
      });
    }
  }
  sections.push({
    id: 'patience',
    title: 'Patience',
    lead: 'How long customers wait before abandoning, from abandonments with answered contacts as censored observations (they were still waiting when answered). The mean of abandonment times alone is biased low and shown only for contrast.',
    body: patienceRows.length
      ? [
          htmlTable(
            [
              'channel',
              'waits',
              'abandons',
              'exponential mean',
              'lognormal mean',
              'Weibull shape',
              'written',
              'naive mean (biased)',
              'KM median',
            ],
            patienceRows,
            [1, 2],
          ),
          await figure('patience', survivalSpec(survival)),
        ].join('\n')
      : note('No abandonment times in the history: customers keep the default (never abandon).'),
  });

  // 5. Work.
  const workRows: Array<Array<string>> = [];
  for (const c of fit.channels) {
    if (c.escalation)
      workRows.push([
        `${c.name}: escalated (1 − first-contact resolution)`,
        withInterval(c.escalation, 'share'),
        c.escalation.basis,
      ]);
    if (c.abandonment)
      workRows.push([
        `${c.name}: abandonment rate`,
        withInterval(c.abandonment, 'share'),
        c.abandonment.basis,
      ]);
    if (c.firstReplyMean)
      workRows.push([
        `${c.name}: mean time to first reply`,
        withInterval(c.firstReplyMean, 'seconds'),
        c.firstReplyMean.basis,
      ]);
    if (c.concurrency)
      workRows.push([
        `${c.name}: sessions an agent holds at once`,
        String(c.concurrency.value),
        c.concurrency.basis,
      ]);
    if (c.bot) {
      workRows.push([
        `${c.name}: bot share`,
        withInterval(c.bot.share, 'share'),
        c.bot.share.basis,
      ]);
      if (c.bot.containment)
        workRows.push([
          `${c.name}: bot containment`,
          withInterval(c.bot.containment, 'share'),
          c.bot.containment.basis,
        ]);
      if (c.bot.handleTime)
        workRows.push([
          `${c.name}: bot handle time`,
          withInterval(c.bot.handleTime.chosen.mean, 'seconds'),
          c.bot.handleTime.chosen.text,
        ]);
      if (c.bot.handoffMultiplier)
        workRows.push([
          `${c.name}: hand-off handle-time multiplier`,
          withInterval(c.bot.handoffMultiplier, 'plain'),
          c.bot.handoffMultiplier.basis,
        ]);
    }
    if (c.priorities) {
      for (const [p, est] of Object.entries(c.priorities))
        if (est.value > 0)
          workRows.push([`${c.name}: ${p}`, withInterval(est, 'share'), est.basis]);
    }
  }
  if (fit.escalation) {
    workRows.push([
      'escalated, all channels',
      withInterval(fit.escalation.share, 'share'),
      fit.escalation.share.basis,
    ]);
    if (fit.escalation.handleTime)
      workRows.push([
        `escalation (L2) handle time, from ${fit.escalation.handleTimeBasis}`,
        withInterval(fit.escalation.handleTime.chosen.mean, 'seconds'),
        fit.escalation.handleTime.chosen.text,
      ]);
  }
  if (fit.reopen) {
    workRows.push([
      'reopen probability',
      withInterval(fit.reopen.probability, 'share'),
      fit.reopen.probability.basis,
    ]);
    if (fit.reopen.delay)
      workRows.push([
        'reopen delay',
        withInterval(fit.reopen.delay.chosen.mean, 'seconds'),
        fit.reopen.delay.chosen.text,
      ]);
  }
  sections.push({
    id: 'work',
    title: 'Resolution, escalation, reopens, bots, priorities',
    lead: 'Shares with Wilson intervals, durations with their fitted distribution’s interval.',
    body: workRows.length
      ? htmlTable(['estimate', 'value (95% CI)', 'basis'], workRows)
      : note('The history has none of these columns.'),
  });

  // 6. Staffing.
  const staffRows: WeekRow[] = fit.staffing.flatMap((s) =>
    s.proxy.map((est, p) => ({
      series: s.method,
      panel: `${s.name}: tier ${s.tier}, ${s.channels.join(', ') || 'escalations'} (from ${s.basis})`,
      hours: (p * fit.interval) / 3600,
      value: est.value,
      lo: est.lo,
      hi: est.hi,
    })),
  );
  sections.push({
    id: 'staffing',
    title: 'Staffing',
    lead: fit.staffing.length
      ? `Proxy used: ${fit.staffing[0].method} per interval of the week (mean over the history’s weeks, shaded 95% interval); the scenario schedules the mean, rounded.`
      : 'The history has no timed agent work; the scenario’s staffing is sized for the fitted load at 85% occupancy (a default).',
    body: staffRows.length
      ? `${htmlTable(
          ['group', 'tier', 'channels', 'found from', 'mean agents scheduled'],
          fit.staffing.map((g) => [
            g.name,
            g.tier,
            g.channels.join(', ') || '—',
            g.basis,
            (g.agents.reduce((a, b) => a + b, 0) / g.agents.length).toFixed(1),
          ]),
          [1, 4],
        )}\n${await figure(
          'staffing',
          weekSpec(
            staffRows,
            'Agents per interval of the week',
            `${fit.staffing[0].method}: ${fit.staffing[0].method === 'agents seen' ? 'distinct agents handling contacts in the interval' : 'handling seconds ÷ interval length (a floor: 100% occupancy)'}; ${I} intervals a day.`,
            'agents',
          ),
        )}`
      : note('No staffing proxy.'),
  });

  // 7. The scenario.
  sections.push({
    id: 'scenario',
    title: 'The fitted scenario',
    lead: 'The YAML written, with each estimate’s interval and basis in comments; `slalab validate` accepts it.',
    body: `<pre class="command">${e(yaml)}</pre>`,
  });

  const tone: Tone = h.bad.total > 0 || fit.defaults.length > 1 ? 'warn' : 'good';
  return renderPage({
    title: `Fit from ${h.source}`,
    eyebrow: 'slalab · fit report',
    heading: `Scenario fitted from ${h.source.split('/').pop()}`,
    meta: [
      `${h.used.toLocaleString('en')} contacts`,
      `${fit.period.days} days`,
      `${fit.channels.length} channel${fit.channels.length === 1 ? '' : 's'}`,
      `${fit.interval / 60}-minute intervals`,
      `time zone ${fit.timeZone}`,
      `${fit.criterion.toUpperCase()} selection`,
    ],
    banner: {
      tone,
      headline: `${h.used.toLocaleString('en')} contacts fitted; ${h.bad.total.toLocaleString('en')} bad row${h.bad.total === 1 ? '' : 's'} left out.`,
      detail: fit.defaults.length
        ? `${fit.defaults.length} part${fit.defaults.length === 1 ? '' : 's'} of the model keep a default (section 1).`
        : 'Every part of the model was estimated from the history.',
    },
    sections,
    footer:
      'Generated by slalab fit. Intervals are 95%; estimates describe the history, and the scenario repeats its average week.',
  });
}

/**
 * Writes a fit as a scenario file people can read and edit: plain YAML in the
 * format of scenarios/README.md, every estimated value preceded by a comment
 * with its 95% interval and its basis (sample size, method), and every
 * default marked as one. The text is checked with `validateScenarioText`
 * before it is returned, so a fitted file always loads.
 *
 * Arrivals are written either separable (`weeklyVolume`, channel shares,
 * `dayOfWeek` × `timeOfDay`: the readable default; a channel whose shape
 * differs from the pooled one by a likelihood-ratio test at p < 0.001 gets
 * its own) or, with `arrivals: 'table'`, as a CSV of the mean count in every
 * interval of the week per channel (keeps weekday-specific daily shapes).
 */
import { parseDocument, stringify } from 'yaml';
import { formatDuration, formatWeekTime } from '../../scenarios/schema/duration.js';
import type { ChannelKind, DistributionSpec } from '../../scenarios/schema/types.js';
import { PRIORITIES } from '../../scenarios/schema/types.js';
import { validateScenarioText } from '../../scenarios/schema/validate.js';
import { SHAPE_TEST_LEVEL } from './arrivals.js';
import type { DurationFit } from './distributionFits.js';
import type { Estimate } from './estimate.js';
import { scenarioName } from './fieldValues.js';
import type { ChannelFit, FitResult } from './fitHistory.js';
import { type GroupStaffing, sizeForLoad } from './staffingProxy.js';

export interface WriteOptions {
  name?: string;
  /** `separable` (default) or `table` (a CSV beside the YAML). */
  arrivals?: 'separable' | 'table';
  /** File name of the table CSV, relative to the YAML (with `arrivals: 'table'`). */
  tableFile?: string;
  /** SLA targets to copy (the `sla` list of another scenario, as YAML text). */
  slaFrom?: string;
  /** Path the YAML will be written to (to resolve the table when validating). */
  path?: string;
}

export interface WrittenScenario {
  yaml: string;
  /** The arrivals table CSV, with `arrivals: 'table'`. */
  table?: string;
}

/** Defaults for what the history cannot say. */
export const DEFAULT_SPECS = {
  handleTime: { dist: 'lognormal', mean: 300, cv: 1 },
  escalationHandleTime: { dist: 'lognormal', mean: 1800, cv: 1 },
  reopenDelay: { dist: 'exponential', mean: 86_400 },
  botHandleTime: { dist: 'deterministic', value: 60 },
} as const satisfies Record<string, DistributionSpec>;
export const DEFAULT_CONTAINMENT = 0.5;

const sig = (x: number, digits = 4) => Number(x.toPrecision(digits));
const seconds = (x: number) => formatDuration(Math.max(0.1, Math.round(x * 10) / 10));
const pct = (x: number) => `${(100 * x).toFixed(x < 0.1 ? 2 : 1)}%`;

/** A number for a comment: durations as durations, shares as percentages. */
function show(x: number, unit: 'seconds' | 'share' | 'count' | 'plain'): string {
  if (!Number.isFinite(x)) return '∞';
  switch (unit) {
    case 'seconds':
      return seconds(x);
    case 'share':
      return pct(x);
    case 'count':
      return Math.round(x).toLocaleString('en');
    case 'plain':
      return String(sig(x, 3));
  }
}

/** `value (95% CI lo – hi; basis)`. */
function cite(e: Estimate, unit: 'seconds' | 'share' | 'count' | 'plain'): string {
  return `${show(e.value, unit)} (95% CI ${show(e.lo, unit)} – ${show(e.hi, unit)}; ${e.basis})`;
}

/** A time spec in flow style: `{ dist: lognormal, mean: 6m0.4s, cv: 0.798 }`. */
export function specText(spec: DistributionSpec): string {
  switch (spec.dist) {
    case 'exponential':
      return `{ dist: exponential, mean: ${seconds(spec.mean!)} }`;
    case 'gamma':
    case 'lognormal':
      return `{ dist: ${spec.dist}, mean: ${seconds(spec.mean!)}, cv: ${sig(spec.cv!)} }`;
    case 'deterministic':
      return seconds(spec.value!);
    case 'empirical':
      return `{ dist: empirical, samples: [${spec.samples!.map((s) => sig(s, 6)).join(', ')}] }`;
    default:
      return JSON.stringify(spec);
  }
}

/** Comment lines for a duration fit: the choice, the candidates' criteria and KS, mean and cv intervals. */
function durationComment(fit: DurationFit, what: string): string[] {
  const c = fit.chosen;
  const lines = [
    `${what}: ${c.family} chosen by ${fit.criterion.toUpperCase()} among ${fit.candidates
      .map(
        (k) =>
          `${k.family} ${fit.criterion.toUpperCase()} ${Math.round(k[fit.criterion]).toLocaleString('en')}`,
      )
      .join(
        ', ',
      )}; MLE on ${fit.n.toLocaleString('en')} values${fit.threshold > 0 ? ` ≥ ${fit.threshold}s` : ''}`,
    `  mean ${cite(c.mean, 'seconds')}`,
  ];
  if (c.cv) lines.push(`  cv ${cite(c.cv, 'plain')}`);
  lines.push(
    `  KS D = ${sig(c.ks.d, 3)} (p ≈ ${sig(c.ks.pValue, 2)}); median ${seconds(fit.quantiles.p50)}, p90 ${seconds(fit.quantiles.p90)}`,
  );
  if (fit.threshold > 0 && fit.short.value > 0) {
    lines.push(
      `  ${pct(fit.short.value)} of values were under ${fit.threshold}s (a share apart, not fitted)`,
    );
  }
  return lines;
}

const comment = (indent: string, lines: string[]) => lines.map((l) => `${indent}# ${l}`).join('\n');

/** Numbers as a flow list broken into lines of `perLine`, each line led by `label(k)` as a comment. */
function flowList(
  values: readonly (number | string)[],
  indent: string,
  perLine: number,
  label?: (line: number) => string,
): string {
  if (values.length <= perLine) return `[${values.join(', ')}]`;
  const rows: string[] = [];
  for (let k = 0; k * perLine < values.length; k++) {
    const chunk = values.slice(k * perLine, (k + 1) * perLine).join(', ');
    const last = (k + 1) * perLine >= values.length;
    rows.push(`${indent}  ${label ? `# ${label(k)}\n${indent}  ` : ''}${chunk}${last ? '' : ','}`);
  }
  return `[\n${rows.join('\n')}\n${indent}]`;
}

/** Shares rounded to 6 decimals that sum to exactly 1 (the largest takes the rest). */
function roundShares(values: number[]): number[] {
  const rounded = values.map((v) => Math.round(v * 1e6) / 1e6);
  let largest = 0;
  for (let k = 1; k < values.length; k++) if (values[k] > values[largest]) largest = k;
  const others = rounded.reduce((s, v, k) => (k === largest ? s : s + v), 0);
  rounded[largest] = Math.round((1 - others) * 1e6) / 1e6;
  return rounded;
}

/** Relative weights rounded to 4 significant digits (only ratios matter). */
const weights = (values: readonly number[], meanOne = true) => {
  const mean = values.reduce((s, v) => s + v, 0) / values.length || 1;
  return values.map((v) => sig(meanOne ? v / mean : v, 4));
};

function clock(seconds: number): string {
  const hh = String(Math.floor(seconds / 3600)).padStart(2, '0');
  const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
  return `${hh}:${mm}`;
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function defaultTargets(fit: FitResult): string {
  const lines: string[] = [
    '  # Targets are promises, not estimates: common defaults, edit them (or fit with --sla-from).',
  ];
  for (const c of fit.channels) {
    if (c.kind === 'realtime') {
      lines.push(
        `  - { name: ${c.name} answered 80% in 20s, metric: serviceLevel, channel: ${c.name}, within: 20s, attainment: 0.8 }`,
      );
      if (c.patience)
        lines.push(
          `  - { name: ${c.name} abandonment at most 5%, metric: abandonment, channel: ${c.name}, max: 0.05 }`,
        );
    } else if (c.kind === 'chat' || c.kind === 'messaging') {
      lines.push(
        `  - { name: ${c.name} first response 80% in 60s, metric: firstResponse, channel: ${c.name}, within: 60s, attainment: 0.8 }`,
      );
    } else {
      lines.push(
        `  - { name: ${c.name} first response 90% in 24h, metric: firstResponse, channel: ${c.name}, within: 24h, attainment: 0.9 }`,
      );
    }
  }
  if (fit.history.columns.resolved !== undefined)
    lines.push(
      '  - { name: resolved 85% in 24h, metric: resolution, within: 24h, attainment: 0.85 }',
    );
  return lines.join('\n');
}

function slaFromText(text: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    throw new RangeError(`--sla-from: not YAML: ${doc.errors[0].message.split('\n')[0]}`);
  const sla = (doc.toJS() as { sla?: unknown })?.sla;
  if (!Array.isArray(sla) || sla.length === 0)
    throw new RangeError('--sla-from: the file has no sla list');
  const body = stringify(sla, { flowCollectionPadding: true, lineWidth: 0 })
    .trimEnd()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
  return `  # Copied from --sla-from.\n${body}`;
}

/** The human handle-time spec of a channel (fitted, or the default). */
function handleSpec(c: ChannelFit): DistributionSpec {
  return c.handleTime?.chosen.spec ?? DEFAULT_SPECS.handleTime;
}

/** Mean handle + wrap-up seconds of a channel, for sizing. */
function workSeconds(c: ChannelFit): number {
  const handle = c.handleTime?.chosen.mean.value ?? DEFAULT_SPECS.handleTime.mean;
  const acw = c.afterContactWork
    ? c.afterContactWork.chosen.mean.value * (1 - (c.afterContactWorkZero?.value ?? 0))
    : 0;
  return handle + acw;
}

/**
 * The scenario text for a fit (and the arrivals table in table mode).
 *
 * @throws {Error} when the written text does not validate (a bug: the message lists the issues)
 */
export function writeFittedScenario(fit: FitResult, options: WriteOptions = {}): WrittenScenario {
  const a = fit.arrivals;
  const I = Math.round(86_400 / fit.interval);
  const table = options.arrivals === 'table';
  const tableFile = options.tableFile ?? 'fitted.arrivals.csv';
  const out: string[] = [];
  const h = fit.history;
  const name = options.name ?? `Fitted from ${h.source.split('/').pop()}`;

  out.push(
    `# Fitted by slalab fit from ${h.source}: ${h.used.toLocaleString('en')} contacts (${h.rows.toLocaleString('en')} rows read, ${h.bad.total.toLocaleString('en')} bad)`,
    `# over ${fit.period.days} days, ${fit.period.first} to ${fit.period.last} (${fit.timeZone}).`,
    '# Each estimate is preceded by its value, 95% confidence interval and basis;',
    '# "default:" marks what the history could not say. Edit freely; `slalab validate` checks it.',
  );
  if (fit.defaults.length > 0) {
    out.push('#', '# Defaults (not in the history):');
    for (const d of fit.defaults) out.push(`#   - ${d}`);
  }
  out.push(
    'version: 1',
    `name: ${JSON.stringify(name)}`,
    'description: |',
    `  Fitted from ${h.source} (${fit.period.first} to ${fit.period.last}) by slalab fit.`,
    `timezone: ${fit.timeZone}`,
    'horizon: 1w',
    `interval: ${formatDuration(fit.interval)}`,
    'warmup: 1d',
    '',
    'arrivals:',
  );

  // ---------------------------------------------------------------- arrivals
  const outlierLines = a.outliers.map(
    (o) =>
      `  #   ${a.daySummaries.find((d) => d.day === o.day)?.label ?? o.day}: ${Math.round(o.total)} contacts, ${o.direction} (weekday median ${Math.round(o.expected)}, ratio ${sig(o.ratio, 2)})`,
  );
  if (outlierLines.length > 0) {
    out.push(`  # Outlier days kept out of the profile (${outlierLines.length}):`, ...outlierLines);
  }
  const channelTimeOwn = new Set(
    a.channels
      .filter((c) => a.channels.length > 1 && c.timeOfDayTest.pValue < SHAPE_TEST_LEVEL)
      .map((c) => c.name),
  );
  const channelDayOwn = new Set(
    a.channels
      .filter((c) => a.channels.length > 1 && c.dayOfWeekTest.pValue < SHAPE_TEST_LEVEL)
      .map((c) => c.name),
  );
  if (table) {
    out.push(
      `  # Mean contacts per ${formatDuration(fit.interval)} interval of the week, per channel, over ${a.normalDays} normal days;`,
      `  # weekly volume ${cite(a.weeklyVolume, 'count')}`,
      `  table: ${tableFile}`,
    );
  } else {
    out.push(
      `  # contacts per week, all channels: ${cite(a.weeklyVolume, 'count')}`,
      `  weeklyVolume: ${Math.round(a.weeklyVolume.value * 10) / 10}`,
      `  # Mean contacts per normal day of each weekday, Monday first (pooled): ${a.dayMeans.map((m) => Math.round(m)).join(', ')}`,
      `  dayOfWeek: [${weights(a.dayMeans).join(', ')}]`,
      `  # Share of a day's contacts in each ${formatDuration(fit.interval)} interval (mean 1), 00:00 first, over ${a.normalDays} normal days;`,
      '  # each with a Wilson interval in the fit report.',
      `  timeOfDay: ${flowList(weights(a.timeShares.map((e) => e.value)), '  ', Math.max(1, I / 8), (k) => clock((k * 86_400) / 8))}`,
    );
  }
  out.push(
    `  # day-to-day spread beyond Poisson (cv of a daily multiplier): ${cite(a.overdispersion, 'plain')}`,
    `  overdispersion: ${sig(a.overdispersion.value, 3)}`,
    '',
    'channels:',
  );

  // ---------------------------------------------------------------- channels
  const shares = roundShares(a.channels.map((c) => c.share.value));
  const arrivalsOf = (name: string) => a.channels.find((c) => c.name === name)!;
  for (const c of fit.channels) {
    const arr = arrivalsOf(c.name);
    const k = a.channels.indexOf(arr);
    out.push(`  ${c.name}:`, `    # kind: ${c.kindBasis}`, `    kind: ${c.kind}`);
    if (!table) {
      out.push(
        `    # share ${cite(arr.share, 'share')}; ${arr.contacts.toLocaleString('en')} contacts, ${cite(arr.weeklyVolume, 'count')} a week`,
        `    share: ${shares[k]}`,
      );
    }
    if (c.handleTime) {
      out.push(comment('    ', durationComment(c.handleTime, 'handle time')));
      for (const t of c.handleTimeByTier) {
        if (c.handleTimeByTier.length > 1)
          out.push(
            `    #   tier ${t.tier}: ${t.fit.chosen.text}, n = ${t.fit.n.toLocaleString('en')}`,
          );
      }
    } else out.push('    # default: handle time not in the history');
    out.push(`    handleTime: ${specText(handleSpec(c))}`);
    if (c.afterContactWork && c.afterContactWorkZero) {
      const zero = c.afterContactWorkZero.value;
      if (zero >= 0.01 && c.afterContactWork.n > 0) {
        out.push(
          `    # after-contact work: ${pct(zero)} of contacts had none (${cite(c.afterContactWorkZero, 'share')}), so the whole distribution is written as 100 quantiles;`,
          ...durationComment(c.afterContactWork, '  the rest').map((l) => `    # ${l}`),
        );
        const q = zeroInflatedQuantiles(c.afterContactWork, zero);
        out.push(`    afterContactWork: { dist: empirical, samples: [${q.join(', ')}] }`);
      } else {
        out.push(comment('    ', durationComment(c.afterContactWork, 'after-contact work')));
        out.push(`    afterContactWork: ${specText(c.afterContactWork.chosen.spec)}`);
      }
    }
    if (c.concurrency && c.concurrency.value > 1) {
      out.push(
        `    # concurrency: ${c.concurrency.basis}`,
        '    #   handle times are the sessions as observed, side by side (no slowdown curve)',
        `    concurrency: ${c.concurrency.value}`,
      );
    } else if (c.concurrency) {
      out.push(`    # concurrency 1 (the default): ${c.concurrency.basis}`);
    }
    if (c.kind !== 'deferred') {
      if (c.patience) {
        const p = c.patience;
        out.push(
          `    # patience: ${p.chosen} chosen by BIC (exponential ${Math.round(p.exponential.bic)}${p.lognormal ? `, lognormal ${Math.round(p.lognormal.bic)}` : ''}); answered waits censored, never the mean of abandon times`,
          `    #   mean ${cite(p.mean, 'seconds')}`,
        );
        if (p.chosen === 'exponential' && p.lognormal)
          out.push(`    #   (lognormal would say mean ${cite(p.lognormal.mean, 'seconds')})`);
        if (p.weibull)
          out.push(
            `    #   Weibull shape ${cite(p.weibull.shape, 'plain')}; test of shape 1 (exponential): p = ${sig(p.weibull.lrTest.pValue, 2)}`,
          );
        if (p.naive)
          out.push(
            `    #   naive mean of abandon times ${show(p.naive.value, 'seconds')} (biased low, not used)`,
          );
        if (c.abandonment) out.push(`    #   abandonment rate ${cite(c.abandonment, 'share')}`);
        out.push(`    patience: ${specText(p.spec)}`);
      } else {
        out.push('    # default: no abandonment times, so customers never abandon');
      }
    }
    if (c.priorities) {
      const values = PRIORITIES.map((p) => c.priorities![p].value);
      const rounded = roundShares(values);
      const seen = PRIORITIES.filter((p) => c.priorities![p].value > 0);
      const n = c.priorities[PRIORITIES[0]].n;
      out.push(
        `    # priority mix of ${n.toLocaleString('en')} contacts with a priority (Wilson intervals):`,
        ...seen.map(
          (p) =>
            `    #   ${p} ${show(c.priorities![p].value, 'share')} (95% CI ${show(c.priorities![p].lo, 'share')} – ${show(c.priorities![p].hi, 'share')})`,
        ),
        `    priorities: { ${PRIORITIES.flatMap((p, i) => (rounded[i] > 0 ? [`${p}: ${rounded[i]}`] : [])).join(', ')} }`,
      );
    }
    if (fit.escalation) {
      if (c.escalation) {
        out.push(
          `    # first-contact resolution = 1 − escalated share ${cite(c.escalation, 'share')}`,
          `    firstContactResolution: ${sig(1 - c.escalation.value, 6)}`,
        );
      } else
        out.push(
          '    # default: no escalation data for this channel; resolved at first contact',
          '    firstContactResolution: 1',
        );
    }
    if (c.bot) {
      const b = c.bot;
      out.push(`    # bot: share ${cite(b.share, 'share')}`);
      if (b.containment) out.push(`    #   containment ${cite(b.containment, 'share')}`);
      else out.push(`    #   default: containment ${DEFAULT_CONTAINMENT} (no bot_outcome)`);
      if (b.handleTime)
        out.push(...durationComment(b.handleTime, '  bot handle time').map((l) => `    # ${l}`));
      else
        out.push(`    #   default: bot handle time ${seconds(DEFAULT_SPECS.botHandleTime.value)}`);
      if (b.handoffMultiplier)
        out.push(`    #   hand-off handle-time multiplier ${cite(b.handoffMultiplier, 'plain')}`);
      const fields = [
        `share: ${sig(b.share.value, 6)}`,
        `handleTime: ${specText(b.handleTime?.chosen.spec ?? DEFAULT_SPECS.botHandleTime)}`,
        `containment: ${sig(b.containment?.value ?? DEFAULT_CONTAINMENT, 6)}`,
      ];
      if (b.handoffMultiplier)
        fields.push(`handoffHandleTimeMultiplier: ${sig(b.handoffMultiplier.value, 4)}`);
      out.push(`    bot: { ${fields.join(', ')} }`);
    }
    if (!table && channelDayOwn.has(c.name)) {
      out.push(
        `    # own day-of-week shape (differs from the pooled one: G² = ${sig(arr.dayOfWeekTest.g2, 3)}, df ${arr.dayOfWeekTest.df}, p ${arr.dayOfWeekTest.pValue < 1e-6 ? '< 1e-6' : `= ${sig(arr.dayOfWeekTest.pValue, 2)}`})`,
        `    dayOfWeek: [${weights(arr.dayMeans).join(', ')}]`,
      );
    }
    if (!table && channelTimeOwn.has(c.name)) {
      out.push(
        `    # own time-of-day shape (differs from the pooled one: G² = ${sig(arr.timeOfDayTest.g2, 3)}, df ${arr.timeOfDayTest.df}, p ${arr.timeOfDayTest.pValue < 1e-6 ? '< 1e-6' : `= ${sig(arr.timeOfDayTest.pValue, 2)}`})`,
        `    timeOfDay: ${flowList(weights(arr.timeShares.map((e) => e.value)), '    ', Math.max(1, I / 8), (k) => clock((k * 86_400) / 8))}`,
      );
    }
  }

  // ---------------------------------------------------------------- groups
  const humanShare = (c: ChannelFit) =>
    1 - (c.bot ? c.bot.share.value * (c.bot.containment?.value ?? DEFAULT_CONTAINMENT) : 0);
  const load1 = Array.from({ length: 7 * I }, (_, p) =>
    fit.channels.reduce(
      (s, c) =>
        s + (arrivalsOf(c.name).weekProfile[p] * humanShare(c) * workSeconds(c)) / fit.interval,
      0,
    ),
  );
  const staffLines = (agents: number[], method: string) => [
    `      # ${method}; one number per ${formatDuration(fit.interval)} interval, Monday 00:00 first, a line per ${formatDuration(86_400 / 4)}`,
    `      perInterval: ${flowList(agents, '      ', I / 4, (k) => `${DAYS[Math.floor(k / 4)]} ${clock(((k % 4) * 86_400) / 4)}`)}`,
  ];
  const proxyText = (g: GroupStaffing) =>
    `${g.method} per interval, mean over the history's weeks (${g.method === 'agents seen' ? 'distinct agents handling contacts' : 'handling seconds ÷ interval: a floor, assumes 100% occupancy'})`;
  const escalates = fit.escalation !== undefined && fit.escalation.share.value > 0;
  const names = new Set<string>();
  const unique = (raw: string) => {
    const base = scenarioName(raw) ?? 'group';
    let name = base;
    for (let k = 2; names.has(name); k++) name = `${base}-${k}`;
    names.add(name);
    return name;
  };
  const firstLine = fit.staffing.filter((g) => g.tier < 2 || !escalates);
  const secondLine = escalates ? fit.staffing.filter((g) => g.tier >= 2) : [];
  const groupLines: string[] = [];
  const channelNames = new Set(fit.channels.map((c) => c.name));
  if (firstLine.length === 0) {
    groupLines.push(
      `  ${unique('L1')}:`,
      '    tier: 1',
      `    channels: [${fit.channels.map((c) => c.name).join(', ')}]`,
      '    staffing:',
      ...staffLines(
        sizeForLoad(load1),
        'default: sized for the offered load (fitted arrivals × handle time) at 85% occupancy',
      ),
    );
  } else {
    const served = new Set(firstLine.flatMap((g) => g.channels));
    const unserved = fit.channels.map((c) => c.name).filter((c) => !served.has(c));
    firstLine.forEach((g, k) => {
      const channels = g.channels.filter((c) => channelNames.has(c));
      if (k === 0) channels.push(...unserved);
      groupLines.push(
        `  ${unique(g.name)}:`,
        `    # found from ${g.basis}${g.tier >= 2 ? ' (tier ≥ 2 in the history, but nothing is escalated: a first-line group)' : ''}`,
        '    tier: 1',
        `    channels: [${channels.join(', ')}]`,
      );
      if (k === 0 && unserved.length > 0)
        groupLines.push(
          `    # default: ${unserved.join(', ')} had no timed agent work; served here`,
        );
      groupLines.push('    staffing:', ...staffLines(g.agents, proxyText(g)));
    });
  }
  let escalationGroup = 'L2';
  if (escalates) {
    if (secondLine.length > 0) {
      secondLine.forEach((g, k) => {
        const name = unique(g.name);
        if (k === 0) escalationGroup = name;
        groupLines.push(
          `  ${name}:`,
          `    # found from ${g.basis}`,
          `    tier: ${g.tier}`,
          '    channels: []',
          '    takesEscalations: true',
          '    staffing:',
          ...staffLines(g.agents, proxyText(g)),
        );
      });
    } else {
      const escHandle =
        fit.escalation!.handleTime?.chosen.mean.value ?? DEFAULT_SPECS.escalationHandleTime.mean;
      const load2 = Array.from({ length: 7 * I }, (_, p) =>
        fit.channels.reduce(
          (s, c) =>
            s +
            (arrivalsOf(c.name).weekProfile[p] *
              humanShare(c) *
              (c.escalation?.value ?? 0) *
              escHandle) /
              fit.interval,
          0,
        ),
      );
      escalationGroup = unique('L2');
      groupLines.push(
        `  ${escalationGroup}:`,
        '    tier: 2',
        '    channels: []',
        '    takesEscalations: true',
        '    staffing:',
        ...staffLines(sizeForLoad(load2), 'default: sized for the escalated load at 85% occupancy'),
      );
    }
  }
  out.push('', 'groups:', ...groupLines);

  // ---------------------------------------------------------------- work
  const workLines: string[] = [];
  if (escalates) {
    const e = fit.escalation!;
    workLines.push(`  # escalated share, all channels: ${cite(e.share, 'share')}`);
    if (e.handleTime)
      workLines.push(
        comment(
          '  ',
          durationComment(e.handleTime, `escalation (L2) handle time, from ${e.handleTimeBasis}`),
        ),
      );
    else workLines.push('  # default: escalation handle time not in the history');
    workLines.push(
      `  escalation: { to: ${escalationGroup}, handleTime: ${specText(e.handleTime?.chosen.spec ?? DEFAULT_SPECS.escalationHandleTime)} }`,
    );
  }
  if (fit.reopen && fit.reopen.probability.value > 0) {
    const r = fit.reopen;
    const pooled = pooledHandle(fit);
    workLines.push(`  # reopen probability ${cite(r.probability, 'share')}`);
    if (r.delay) workLines.push(comment('  ', durationComment(r.delay, 'reopen delay')));
    else workLines.push('  # default: reopen delay exponential, mean 1d');
    workLines.push('  # default: reopen handle time = the channels’ pooled handle time');
    workLines.push(
      `  reopen: { probability: ${sig(r.probability.value, 6)}, delay: ${specText(r.delay?.chosen.spec ?? DEFAULT_SPECS.reopenDelay)}, handleTime: ${specText(pooled)} }`,
    );
  }
  if (workLines.length > 0) out.push('', 'work:', ...workLines);

  out.push('', 'sla:', options.slaFrom ? slaFromText(options.slaFrom) : defaultTargets(fit), '');
  const yaml = out.join('\n');

  let tableText: string | undefined;
  if (table) {
    const rows = ['interval_start,channel,volume'];
    for (const c of a.channels) {
      c.weekProfile.forEach((v, p) => {
        if (v > 0) rows.push(`${formatWeekTime(p * fit.interval)},${c.name},${sig(v, 6)}`);
      });
    }
    tableText = `${rows.join('\n')}\n`;
  }
  const result = validateScenarioText(yaml, options.path, {
    readFile: (path) => {
      if (tableText !== undefined && path.endsWith(tableFile)) return tableText;
      throw new Error(`unexpected file ${path}`);
    },
  });
  if (!result.ok) {
    throw new Error(
      `the fitted scenario does not validate (a bug in slalab fit):\n${result.error.format()}`,
    );
  }
  return { yaml, table: tableText };
}

/** The handle time pooled over channels: the biggest channel's fit (a stated approximation). */
function pooledHandle(fit: FitResult): DistributionSpec {
  const timed = fit.channels
    .filter((c) => c.handleTime)
    .sort((x, y) => y.handleTime!.n - x.handleTime!.n);
  if (timed.length === 0) return DEFAULT_SPECS.handleTime;
  const total = timed.reduce((s, c) => s + c.handleTime!.n, 0);
  const mean =
    timed.reduce((s, c) => s + c.handleTime!.sampleMean.value * c.handleTime!.n, 0) / total;
  const cv = timed[0].handleTime!.chosen.cv?.value ?? 1;
  return { dist: 'lognormal', mean: sig(mean, 6), cv: sig(cv, 4) };
}

/** 100 quantiles of a distribution with a share `zero` of zeros and the rest as fitted. */
function zeroInflatedQuantiles(fit: DurationFit, zero: number): number[] {
  return Array.from({ length: 100 }, (_, i) => {
    const p = (i + 0.5) / 100;
    if (p <= zero) return 0;
    const q = (p - zero) / (1 - zero);
    return sig(quantileOf(fit, q), 6);
  });
}

function quantileOf(fit: DurationFit, q: number): number {
  const cdf = fit.chosen.cdf;
  let lo = 0;
  let hi = Math.max(1, fit.quantiles.p99 * 10);
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < q) lo = mid;
    else hi = mid;
  }
  return Math.round(((lo + hi) / 2) * 10) / 10;
}

export type { ChannelKind };

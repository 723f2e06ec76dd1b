/**
 * Backtest: how well would slalab have predicted the period a history
 * covers? The scenario (fitted or written by hand) is simulated over exactly
 * that period — from the Monday of the history's first week to its last day —
 * and every day and interval is compared, predicted against actual: contacts
 * offered, abandonment, average speed of answer, and the attainment of each
 * of the scenario's SLA targets (service level, first response, resolution,
 * abandonment) measured on the history with the simulator's own definitions
 * (results.json `definitions`; the same rules as `observedTargets` in
 * scenarios/helpdesks/observe.ts: solving a contact fulfils its reply
 * targets, abandoned contacts fail service level and are left out of first
 * response and resolution).
 *
 * The prediction band: across R replications each day's figure has a mean
 * m and a standard deviation s; the actual day is one more draw, so its 95%
 * prediction interval is m ± t(R−1)·s·√(1 + 1/R) (normal theory; shares
 * clipped to [0, 1]). A day whose actual falls outside is marked. Errors per
 * metric: the mean absolute error (in percentage points for shares), the
 * bias (mean of predicted − actual) and the count of days outside the band —
 * about 5% of days when the model is right.
 *
 * Memory: the history is read twice (once for its date range, once to
 * count), replications run in small batches and fold into running sums, so
 * neither a big history nor many replications is held at once.
 */
import { parseDocument } from 'yaml';
import type { Scenario } from '../../scenarios/schema/types.js';
import { validateScenarioText } from '../../scenarios/schema/validate.js';
import { BusinessClock } from '../model/businessHours.js';
import { compileScenario } from '../model/compile.js';
import { CELL, CELL_FIELDS, type ReplicationOutput, TARGET_FIELDS } from '../model/layout.js';
import { replicate } from '../model/replicate.js';
import { studentTQuantile } from '../stats/studentT.js';
import { weekdayOf } from './arrivals.js';
import {
  type HistoryContact,
  type HistoryOptions,
  type HistorySummary,
  OBSERVED_ORIGIN,
  readHistory,
  readHistoryText,
} from './historyReader.js';
import { localDayLabel } from './timestamps.js';

const DAY = 86_400;

export type MetricUnit = 'count' | 'share' | 'seconds';

export interface MetricDef {
  key: string;
  label: string;
  unit: MetricUnit;
  /** The SLA target it measures, if any. */
  target?: string;
  /** For a target: its goal (abandonment: the highest acceptable rate). */
  goal?: number;
  /** For a target: its SLA metric. */
  slaMetric?: string;
}

/** Predicted (mean and 95% prediction band) against actual, for one period. */
export interface Comparison {
  actual: number | null;
  /** Contacts (or instances) the actual figure is measured on. */
  n: number;
  mean: number | null;
  lo: number | null;
  hi: number | null;
  /** Actual outside [lo, hi]. */
  outside: boolean;
}

export interface PeriodComparison {
  /** Index in the period (day, or interval from the first Monday). */
  index: number;
  label: string;
  /** Seconds from the first Monday 00:00. */
  start: number;
  values: Record<string, Comparison>;
}

export interface MetricError {
  metric: string;
  label: string;
  unit: MetricUnit;
  /** Days compared (both actual and predicted defined). */
  days: number;
  /** Mean |predicted − actual| per day: percentage points for shares, contacts or seconds otherwise. */
  mae: number | null;
  /** Mean (predicted − actual). */
  bias: number | null;
  /** For counts: MAE as a percentage of the mean actual. */
  relativeMae: number | null;
  outside: number;
  outsideDays: string[];
  /** The same over intervals (those with at least 5 contacts for shares). */
  intervalMae: number | null;
  intervals: number;
}

export interface BacktestResult {
  history: HistorySummary;
  scenario: { name: string; timezone: string; interval: number; channels: string[] };
  period: { first: string; last: string; days: number; offsetDays: number };
  metrics: MetricDef[];
  days: PeriodComparison[];
  intervals: PeriodComparison[];
  /** Over the whole period. */
  total: Record<string, Comparison>;
  errors: MetricError[];
  run: { replications: number; seed: number | string };
  /** Targets that could not be compared, and why. */
  skipped: string[];
}

export interface BacktestOptions extends Omit<HistoryOptions, 'channels'> {
  replications?: number;
  seed?: number | string;
  workers?: number;
  onProgress?: (done: number, total: number) => void;
}

interface Layout {
  C: number;
  live: boolean[];
  T: number;
  fields: number;
}

// Per channel (c < C) and all (c = C): offered, abandoned, answered, asaSum.
const OFFERED = 0;
const ABANDONED = 1;
const ANSWERED = 2;
const ASA_SUM = 3;
const CHANNEL_FIELDS = 4;

/** The scenario re-normalised with a horizon of `days` days (warm-up, cool-down and the rest as written). */
export function scenarioForDays(text: string, path: string | undefined, days: number): Scenario {
  const doc = parseDocument(text);
  doc.set('horizon', `${days}d`);
  const result = validateScenarioText(String(doc), path);
  if (!result.ok) throw result.error;
  return result.scenario;
}

export async function backtest(
  historyPath: string,
  scenarioText: string,
  scenarioPath: string | undefined,
  options: BacktestOptions = {},
): Promise<BacktestResult> {
  return runBacktest(
    (opts, sink) => readHistory(historyPath, opts, sink),
    scenarioText,
    scenarioPath,
    options,
  );
}

export async function backtestText(
  historyText: string,
  scenarioText: string,
  options: BacktestOptions = {},
  source = 'history.csv',
): Promise<BacktestResult> {
  return runBacktest(
    async (opts, sink) => readHistoryText(historyText, opts, sink, source),
    scenarioText,
    undefined,
    options,
  );
}

type Reader = (
  options: HistoryOptions,
  sink: (c: HistoryContact) => void,
) => Promise<HistorySummary>;

async function runBacktest(
  read: Reader,
  scenarioText: string,
  scenarioPath: string | undefined,
  options: BacktestOptions,
): Promise<BacktestResult> {
  const base = validateScenarioText(scenarioText, scenarioPath);
  if (!base.ok) throw base.error;
  const source = base.scenario;
  const channels = source.channels.map((c) => c.name);
  const readOptions: HistoryOptions = {
    map: options.map,
    maxBadShare: options.maxBadShare,
    format: options.format,
    timeZone: options.timeZone ?? source.timezone,
    channels,
  };

  // Pass 1: the date range.
  let firstDay = Number.POSITIVE_INFINITY;
  let lastDay = Number.NEGATIVE_INFINITY;
  await read(readOptions, (c) => {
    const day = Math.floor(c.local / DAY);
    if (day < firstDay) firstDay = day;
    if (day > lastDay) lastDay = day;
  });
  const offsetDays = weekdayOf(firstDay);
  const monday = firstDay - offsetDays;
  const horizonDays = lastDay - monday + 1;
  const scenario = scenarioForDays(scenarioText, scenarioPath, horizonDays);
  const I = Math.round(DAY / scenario.interval);
  const H = horizonDays * I;
  const compiled = compileScenario(scenario);
  const C = channels.length;
  const live = scenario.channels.map((c) => c.kind !== 'deferred');
  const targets = scenario.sla
    .map((t, index) => ({ t, index }))
    .filter(({ t }) => t.metric !== 'nextResponse');
  const T = targets.length;
  const layout: Layout = { C, live, T, fields: (C + 1) * CHANNEL_FIELDS + 2 * T };
  const clock = new BusinessClock(scenario.businessHours);
  const origin = monday * DAY;

  // Pass 2: actual figures per interval of the period.
  const actual = new Float64Array(H * layout.fields);
  const channelIndex = new Map(channels.map((c, i) => [c, i]));
  const history = await read(readOptions, (c) => {
    const created = c.local - origin;
    const h = Math.floor(created / scenario.interval);
    if (h < 0 || h >= H) return;
    const ch = channelIndex.get(c.channel)!;
    const base = h * layout.fields;
    const abandoned = c.abandoned === true;
    for (const k of [ch, C]) {
      const at = base + k * CHANNEL_FIELDS;
      actual[at + OFFERED]++;
      if (abandoned) actual[at + ABANDONED]++;
      if (!abandoned && live[ch] && c.firstReply !== undefined) {
        actual[at + ANSWERED]++;
        actual[at + ASA_SUM] += c.firstReply;
      }
    }
    const replied = c.firstReply ?? c.resolved;
    targets.forEach(({ t }, k) => {
      if (t.channel !== undefined && t.channel !== c.channel) return;
      if (
        t.priority !== undefined &&
        (c.priority === undefined || `P${c.priority + 1}` !== t.priority)
      )
        return;
      const within = (after: number | undefined) =>
        after !== undefined &&
        (t.clock === 'business' ? clock.elapsed(created, created + after) : after) <= t.within!;
      const at = base + (C + 1) * CHANNEL_FIELDS + 2 * k;
      switch (t.metric) {
        case 'abandonment':
          actual[at]++;
          if (abandoned) actual[at + 1]++;
          break;
        case 'serviceLevel':
          actual[at]++;
          if (!abandoned && within(replied)) actual[at + 1]++;
          break;
        case 'firstResponse':
          if (abandoned) break;
          actual[at]++;
          if (within(replied)) actual[at + 1]++;
          break;
        case 'resolution':
          if (abandoned) break;
          actual[at]++;
          if (within(c.resolved)) actual[at + 1]++;
          break;
      }
    });
  });

  // Which metrics the history can measure.
  const has = (column: keyof HistorySummary['columns']) => history.columns[column] !== undefined;
  const metrics: MetricDef[] = [{ key: 'offered', label: 'contacts offered', unit: 'count' }];
  if (C > 1) {
    for (const name of channels)
      metrics.push({ key: `offered:${name}`, label: `${name} offered`, unit: 'count' });
  }
  const skipped: string[] = [];
  if (has('abandoned') || has('abandoned_at'))
    metrics.push({ key: 'abandonment', label: 'abandonment rate', unit: 'share' });
  if (has('first_reply') && live.some(Boolean))
    metrics.push({ key: 'asa', label: 'average speed of answer (live channels)', unit: 'seconds' });
  for (const name of scenario.sla.filter((t) => t.metric === 'nextResponse').map((t) => t.name))
    skipped.push(`${name}: next response is not in a history`);
  targets.forEach(({ t }, k) => {
    const needs: Array<keyof HistorySummary['columns']> =
      t.metric === 'abandonment'
        ? ['abandoned']
        : t.metric === 'resolution'
          ? ['resolved']
          : has('first_reply')
            ? ['first_reply']
            : ['resolved'];
    const ok = needs.every((n) => has(n) || (n === 'abandoned' && has('abandoned_at')));
    if (!ok || (t.priority !== undefined && !has('priority'))) {
      skipped.push(
        `${t.name}: the history has no ${t.priority !== undefined && !has('priority') ? 'priority' : needs.join('/')} column`,
      );
      return;
    }
    metrics.push({
      key: `target:${k}`,
      label: t.name,
      unit: 'share',
      target: t.name,
      goal: t.attainment,
      slaMetric: t.metric,
    });
  });

  // Figures of one period [from, to) from per-interval sums.
  const figure = (
    get: (h: number, f: number) => number,
    from: number,
    to: number,
    key: string,
  ): { value: number | null; n: number } => {
    const sum = (f: number) => {
      let s = 0;
      for (let h = from; h < to; h++) s += get(h, f);
      return s;
    };
    const chan = (c: number, f: number) => sum(c * CHANNEL_FIELDS + f);
    if (key === 'offered') {
      const n = chan(C, OFFERED);
      return { value: n, n };
    }
    if (key.startsWith('offered:')) {
      const n = chan(channelIndex.get(key.slice(8))!, OFFERED);
      return { value: n, n };
    }
    if (key === 'abandonment') {
      const n = chan(C, OFFERED);
      return { value: n > 0 ? chan(C, ABANDONED) / n : null, n };
    }
    if (key === 'asa') {
      let n = 0;
      let s = 0;
      for (let c = 0; c < C; c++) {
        if (!live[c]) continue;
        n += chan(c, ANSWERED);
        s += chan(c, ASA_SUM);
      }
      return { value: n > 0 ? s / n : null, n };
    }
    const k = Number(key.slice(7));
    const e = sum((C + 1) * CHANNEL_FIELDS + 2 * k);
    return { value: e > 0 ? sum((C + 1) * CHANNEL_FIELDS + 2 * k + 1) / e : null, n: e };
  };
  const actualGet = (h: number, f: number) => actual[h * layout.fields + f];

  // Periods compared: the history's days, and their intervals.
  const dayPeriods = Array.from({ length: lastDay - firstDay + 1 }, (_, k) => {
    const d = offsetDays + k;
    return {
      index: k,
      label: localDayLabel(firstDay + k),
      start: d * DAY,
      from: d * I,
      to: (d + 1) * I,
    };
  });
  const intervalPeriods: Array<{
    index: number;
    label: string;
    start: number;
    from: number;
    to: number;
  }> = [];
  for (let h = offsetDays * I; h < H; h++) {
    intervalPeriods.push({ index: h, label: '', start: h * scenario.interval, from: h, to: h + 1 });
  }
  const periods = [
    ...dayPeriods,
    ...intervalPeriods,
    { index: 0, label: 'total', start: offsetDays * DAY, from: offsetDays * I, to: H },
  ];

  // Predicted: replications in batches, folded into running moments per (period, metric).
  const M = metrics.length;
  const P = periods.length;
  const count = new Float64Array(P * M);
  const mean = new Float64Array(P * M);
  const m2 = new Float64Array(P * M);
  const replications = Math.max(1, options.replications ?? 30);
  const batch = Math.max(1, options.workers ?? 1) * 2;
  let done = 0;
  for (let from = 0; from < replications; from += batch) {
    const indices = Array.from(
      { length: Math.min(batch, replications - from) },
      (_, i) => from + i,
    );
    const outputs = await replicate(scenario, {
      replications,
      seed: options.seed ?? 1,
      workers: options.workers,
      indices,
    });
    for (const out of outputs) {
      const sums = replicationSums(
        out,
        compiled.channels.length,
        targets.map((x) => x.index),
        H,
        layout,
      );
      const get = (h: number, f: number) => sums[h * layout.fields + f];
      for (let p = 0; p < P; p++) {
        for (let m = 0; m < M; m++) {
          const v = figure(get, periods[p].from, periods[p].to, metrics[m].key).value;
          if (v === null) continue;
          const at = p * M + m;
          count[at]++;
          const d = v - mean[at];
          mean[at] += d / count[at];
          m2[at] += d * (v - mean[at]);
        }
      }
      options.onProgress?.(++done, replications);
    }
  }

  const compare = (p: number): Record<string, Comparison> => {
    const values: Record<string, Comparison> = {};
    metrics.forEach((metric, m) => {
      const a = figure(actualGet, periods[p].from, periods[p].to, metric.key);
      const at = p * M + m;
      const n = count[at];
      let lo: number | null = null;
      let hi: number | null = null;
      const mu = n > 0 ? mean[at] : null;
      if (n >= 2 && mu !== null) {
        const s = Math.sqrt(m2[at] / (n - 1));
        const half = studentTQuantile(0.975, n - 1) * s * Math.sqrt(1 + 1 / n);
        lo = Math.max(0, mu - half);
        hi = mu + half;
        if (metric.unit === 'share') hi = Math.min(1, hi);
      }
      const outside =
        a.value !== null &&
        lo !== null &&
        hi !== null &&
        (a.value < lo - 1e-12 || a.value > hi + 1e-12);
      values[metric.key] = { actual: a.value, n: a.n, mean: mu, lo, hi, outside };
    });
    return values;
  };
  const days: PeriodComparison[] = dayPeriods.map((d, k) => ({
    index: d.index,
    label: d.label,
    start: d.start,
    values: compare(k),
  }));
  const intervals: PeriodComparison[] = intervalPeriods.map((iv, k) => ({
    index: iv.index,
    label: '',
    start: iv.start,
    values: compare(dayPeriods.length + k),
  }));
  const total = compare(P - 1);

  const errors: MetricError[] = metrics.map((metric) => {
    const scale = metric.unit === 'share' ? 100 : 1;
    const pairs = days.flatMap((d) => {
      const v = d.values[metric.key];
      return v.actual !== null && v.mean !== null ? [{ d, v }] : [];
    });
    const diffs = pairs.map(({ v }) => (v.mean! - v.actual!) * scale);
    const mae = diffs.length ? diffs.reduce((s, x) => s + Math.abs(x), 0) / diffs.length : null;
    const bias = diffs.length ? diffs.reduce((s, x) => s + x, 0) / diffs.length : null;
    const meanActual = pairs.length
      ? pairs.reduce((s, { v }) => s + v.actual!, 0) / pairs.length
      : 0;
    const minN = metric.unit === 'count' ? 0 : 5;
    const ivPairs = intervals.flatMap((iv) => {
      const v = iv.values[metric.key];
      return v.actual !== null && v.mean !== null && v.n >= minN ? [v] : [];
    });
    const outsideDays = pairs.filter(({ v }) => v.outside).map(({ d }) => d.label);
    return {
      metric: metric.key,
      label: metric.label,
      unit: metric.unit,
      days: pairs.length,
      mae,
      bias,
      relativeMae:
        metric.unit === 'count' && mae !== null && meanActual > 0 ? (100 * mae) / meanActual : null,
      outside: outsideDays.length,
      outsideDays,
      intervalMae: ivPairs.length
        ? ivPairs.reduce((s, v) => s + Math.abs(v.mean! - v.actual!) * scale, 0) / ivPairs.length
        : null,
      intervals: ivPairs.length,
    };
  });

  const observedLabel = history.format === 'observed';
  const dayLabel = (day: number) =>
    observedLabel ? `day ${day - Math.floor(OBSERVED_ORIGIN / DAY)}` : localDayLabel(day);
  return {
    history,
    scenario: {
      name: scenario.name,
      timezone: readOptions.timeZone!,
      interval: scenario.interval,
      channels,
    },
    period: {
      first: dayLabel(firstDay),
      last: dayLabel(lastDay),
      days: lastDay - firstDay + 1,
      offsetDays,
    },
    metrics,
    days: observedLabel ? days.map((d, k) => ({ ...d, label: dayLabel(firstDay + k) })) : days,
    intervals,
    total,
    errors,
    run: { replications, seed: options.seed ?? 1 },
    skipped,
  };
}

/** One replication's figures in the actual-figures layout (per horizon interval). */
function replicationSums(
  out: ReplicationOutput,
  C: number,
  targetIndices: number[],
  H: number,
  layout: Layout,
): Float64Array {
  const sums = new Float64Array(H * layout.fields);
  for (let h = 0; h < H; h++) {
    const base = h * layout.fields;
    for (let c = 0; c < C; c++) {
      for (let p = 0; p < 4; p++) {
        const cell = ((h * C + c) * 4 + p) * CELL_FIELDS;
        const arrivals = out.cells[cell + CELL.arrivals];
        const abandoned = out.cells[cell + CELL.abandoned];
        const frCount = out.cells[cell + CELL.firstResponseCount];
        const frSum = out.cells[cell + CELL.firstResponseSum];
        for (const k of [c, C]) {
          const at = base + k * CHANNEL_FIELDS;
          sums[at + OFFERED] += arrivals;
          sums[at + ABANDONED] += abandoned;
          if (layout.live[c]) {
            sums[at + ANSWERED] += frCount;
            sums[at + ASA_SUM] += frSum;
          }
        }
      }
    }
    targetIndices.forEach((t, k) => {
      const at = base + (C + 1) * CHANNEL_FIELDS + 2 * k;
      sums[at] = out.targets[(t * H + h) * TARGET_FIELDS];
      sums[at + 1] = out.targets[(t * H + h) * TARGET_FIELDS + 1];
    });
  }
  return sums;
}

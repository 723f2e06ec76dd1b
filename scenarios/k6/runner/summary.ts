/**
 * The end-of-test summary: the data object `handleSummary(data)` receives,
 * the text k6 prints when there is no `handleSummary`, and the legacy JSON of
 * `--summary-export`.
 *
 * The data object has k6's shape (grafana/k6 `js/summary.go`
 * `summarizeMetricsToObject`; https://grafana.com/docs/k6/latest/results-output/end-of-test/custom-summary/):
 * `root_group` {name, path, id, groups[], checks[{name, path, id, passes,
 * fails}]}, `options` {summaryTrendStats, summaryTimeUnit, noColor}, `state`
 * {isStdOutTTY, isStdErrTTY, testRunDurationMs}, `metrics` {name: {type,
 * contains, values, thresholds?: {source: {ok}}}} and `setup_data`. Values:
 * counter {count, rate}, gauge {value, min, max}, rate {rate, passes, fails},
 * trend one key per `summaryTrendStats` entry.
 *
 * `--summary-export` writes k6's older format (grafana/k6 `summary-wrapper.js`
 * `oldJSONSummary`): each metric's values flattened, a Rate's `rate` renamed
 * `value`, thresholds as `{source: failed}` (true when the threshold failed,
 * grafana/k6#1498), groups and checks keyed by name.
 *
 * The text is modelled on k6's summary (https://grafana.com/docs/k6/latest/results-output/end-of-test/)
 * but is not byte-identical to any k6 release.
 */
import type { GroupNode } from './context.js';
import {
  CounterSink,
  GaugeSink,
  type Metric,
  RateSink,
  type Registry,
  type TrendSink,
} from './metrics.js';
import type { MetricThresholds } from './thresholds.js';

export interface ExportedGroup {
  name: string;
  path: string;
  id: string;
  groups: ExportedGroup[];
  checks: Array<{ name: string; path: string; id: string; passes: number; fails: number }>;
}

export interface SummaryMetric {
  type: 'counter' | 'gauge' | 'rate' | 'trend';
  contains: 'default' | 'time' | 'data';
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

export interface SummaryData {
  root_group: ExportedGroup;
  options: { summaryTrendStats: string[]; summaryTimeUnit: string; noColor: boolean };
  state: { isStdOutTTY: boolean; isStdErrTTY: boolean; testRunDurationMs: number };
  metrics: Record<string, SummaryMetric>;
  setup_data?: unknown;
}

export function exportGroup(g: GroupNode): ExportedGroup {
  return {
    name: g.name,
    path: g.path,
    id: g.id,
    groups: [...g.groups.values()].map(exportGroup),
    checks: [...g.checks.values()].map((c) => ({ ...c })),
  };
}

function trendValue(sink: TrendSink, stat: string): number {
  switch (stat) {
    case 'avg':
      return sink.avg();
    case 'min':
      return sink.min;
    case 'max':
      return sink.max;
    case 'med':
      return sink.p(0.5);
    case 'count':
      return sink.count;
    default:
      return sink.p(Number(/^p\((.*)\)$/.exec(stat)![1]) / 100);
  }
}

function metricValues(
  m: Metric,
  trendStats: readonly string[],
  durationMs: number,
): Record<string, number> {
  const s = m.sink;
  if (s instanceof CounterSink)
    return { count: s.value, rate: durationMs > 0 ? s.value / (durationMs / 1000) : 0 };
  if (s instanceof GaugeSink) return { value: s.value, min: s.min, max: s.max };
  if (s instanceof RateSink) {
    return { rate: s.total > 0 ? s.trues / s.total : 0, passes: s.trues, fails: s.total - s.trues };
  }
  const t = s as TrendSink;
  const out: Record<string, number> = {};
  for (const stat of trendStats) out[stat] = trendValue(t, stat);
  return out;
}

export function buildSummaryData(input: {
  registry: Registry;
  thresholds: readonly MetricThresholds[];
  rootGroup: GroupNode;
  trendStats: readonly string[];
  timeUnit: string | undefined;
  durationMs: number;
  setupJson: string | undefined;
  tty: { stdout: boolean; stderr: boolean };
  noColor: boolean;
}): SummaryData {
  const metrics: Record<string, SummaryMetric> = {};
  const add = (m: Metric) => {
    if (!m.observed) return;
    metrics[m.name] = {
      type: m.type,
      contains: m.contains,
      values: metricValues(m, input.trendStats, input.durationMs),
    };
  };
  for (const m of input.registry.all()) {
    add(m);
    for (const sub of m.submetrics) add(sub);
  }
  for (const mt of input.thresholds) {
    const entry = metrics[mt.metric.name];
    if (!entry) continue;
    entry.thresholds ??= {};
    for (const t of mt.thresholds) entry.thresholds[t.source] = { ok: !t.lastFailed };
  }
  const data: SummaryData = {
    root_group: exportGroup(input.rootGroup),
    options: {
      summaryTrendStats: [...input.trendStats],
      summaryTimeUnit: input.timeUnit ?? '',
      noColor: input.noColor,
    },
    state: {
      isStdOutTTY: input.tty.stdout,
      isStdErrTTY: input.tty.stderr,
      testRunDurationMs: input.durationMs,
    },
    metrics,
  };
  if (input.setupJson !== undefined) data.setup_data = JSON.parse(input.setupJson);
  return data;
}

/** `--summary-export`: k6's legacy JSON (`oldJSONSummary`). */
export function legacyJsonSummary(data: SummaryData): string {
  const results = JSON.parse(JSON.stringify(data)) as Record<string, unknown> & {
    metrics: Record<string, SummaryMetric>;
    root_group: ExportedGroup;
  };
  delete results.options;
  delete results.state;
  const metrics: Record<string, Record<string, unknown>> = {};
  for (const [name, metric] of Object.entries(results.metrics)) {
    const old: Record<string, unknown> = { ...metric.values };
    if (metric.thresholds && Object.keys(metric.thresholds).length > 0) {
      old.thresholds = Object.fromEntries(
        Object.entries(metric.thresholds).map(([k, t]) => [k, !t.ok]),
      );
    }
    if (metric.type === 'rate' && 'rate' in old) {
      old.value = old.rate;
      delete old.rate;
    }
    metrics[name] = old;
  }
  const transform = (g: ExportedGroup): Record<string, unknown> => ({
    ...g,
    groups: Object.fromEntries(g.groups.map((sub) => [sub.name, transform(sub)])),
    checks: Object.fromEntries(g.checks.map((c) => [c.name, c])),
  });
  return JSON.stringify(
    { ...results, metrics, root_group: transform(results.root_group) },
    null,
    4,
  );
}

// --- text ------------------------------------------------------------------------

function formatTime(ms: number, unit: string): string {
  if (unit === 's') return `${round(ms / 1000)}s`;
  if (unit === 'ms') return `${round(ms)}ms`;
  if (unit === 'us') return `${round(ms * 1000)}µs`;
  if (ms === 0) return '0s';
  if (ms < 1) return `${round(ms * 1000)}µs`;
  if (ms < 1000) return `${round(ms)}ms`;
  if (ms < 60_000) return `${round(ms / 1000)}s`;
  const m = Math.floor(ms / 60_000);
  return `${m}m${round((ms - m * 60_000) / 1000)}s`;
}

function round(x: number): string {
  return String(Math.round(x * 100) / 100);
}

function formatBytes(b: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (b >= 1000 && i < units.length - 1) {
    b /= 1000;
    i++;
  }
  return `${i === 0 ? String(Math.round(b)) : b.toFixed(1)} ${units[i]}`;
}

function valueText(m: SummaryMetric, unit: string, trendStats: readonly string[]): string {
  const v = m.values;
  const num = (x: number) =>
    m.contains === 'time' ? formatTime(x, unit) : m.contains === 'data' ? formatBytes(x) : round(x);
  switch (m.type) {
    case 'counter':
      return m.contains === 'data'
        ? `${formatBytes(v.count!).padEnd(7)} ${formatBytes(v.rate!)}/s`
        : `${String(v.count).padEnd(7)} ${round(v.rate!)}/s`;
    case 'gauge':
      return `${num(v.value!).padEnd(7)} min=${num(v.min!)} max=${num(v.max!)}`;
    case 'rate':
      return `${`${(v.rate! * 100).toFixed(2)}%`.padEnd(7)} ✓ ${String(v.passes).padEnd(8)} ✗ ${v.fails}`;
    case 'trend':
      return trendStats.map((s) => `${s}=${s === 'count' ? String(v[s]) : num(v[s]!)}`).join(' ');
  }
}

/** A text summary close to k6's (checks by group, then every metric; ✓/✗ marks thresholds). */
export function textSummary(data: SummaryData, opts: { indent?: string } = {}): string {
  const indent = opts.indent ?? ' ';
  const lines: string[] = [];
  const checkLines = (g: ExportedGroup, depth: number) => {
    const pad = `${indent}${'  '.repeat(depth)}`;
    for (const c of g.checks) {
      const total = c.passes + c.fails;
      if (c.fails === 0) lines.push(`${pad}    ✓ ${c.name}`);
      else {
        lines.push(`${pad}    ✗ ${c.name}`);
        lines.push(
          `${pad}     ↳  ${Math.floor((c.passes / total) * 100)}% — ✓ ${c.passes} / ✗ ${c.fails}`,
        );
      }
    }
    for (const sub of g.groups) {
      lines.push('', `${pad}    █ ${sub.name}`, '');
      checkLines(sub, depth + 1);
    }
  };
  checkLines(data.root_group, 0);
  if (lines.length > 0) lines.push('');
  const names = Object.keys(data.metrics).sort((a, b) => {
    const [pa, pb] = [a.split('{')[0]!, b.split('{')[0]!];
    return pa === pb ? a.length - b.length : pa < pb ? -1 : 1;
  });
  const label = (name: string) => {
    const brace = name.indexOf('{');
    return brace < 0 ? name : `  { ${name.slice(brace + 1, -1)} }`;
  };
  const width = Math.max(30, ...names.map((n) => label(n).length + 3));
  for (const name of names) {
    const m = data.metrics[name]!;
    let mark = '  ';
    if (m.thresholds && Object.keys(m.thresholds).length > 0) {
      mark = Object.values(m.thresholds).every((t) => t.ok) ? '✓ ' : '✗ ';
    }
    const dotted = `${label(name)}${'.'.repeat(Math.max(3, width - label(name).length))}`;
    lines.push(
      `${indent}  ${mark}${dotted}: ${valueText(m, data.options.summaryTimeUnit, data.options.summaryTrendStats)}`,
    );
    if (m.thresholds) {
      for (const [source, t] of Object.entries(m.thresholds)) {
        if (!t.ok) lines.push(`${indent}    ${' '.repeat(width + 2)}✗ { ${source} }`);
      }
    }
  }
  return `\n${lines.join('\n')}\n\n`;
}

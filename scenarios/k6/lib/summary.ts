/**
 * The k6 side of a replay as JSON (`slalab-k6-summary`, version 1): what the
 * script's `handleSummary` writes, what `slalab replay` stores beside the
 * helpdesk's own times in observed.json, and what `slalab merge-summaries`
 * combines from the execution segments of a distributed run.
 *
 * Merging (k6 evaluates thresholds per instance, so a distributed run needs
 * one verdict made from all of them; semantics.md §5.7):
 * - exact: counters add (their per-second rate is the total over the longest
 *   instance's duration, the instances running side by side); rates add
 *   their passes and fails; a trend's count, min, max and mean (weighted by
 *   count) — provided the summaries carry the trend `count`;
 * - approximated: a trend's median and percentiles. Only the instances'
 *   percentiles survive in a summary, not their samples, so the merged value
 *   is the count-weighted mean of the instances' values. The true pooled
 *   percentile always lies between the smallest and the largest instance
 *   value (the pooled distribution function is a weighted mean of the
 *   instances'), so a threshold is decided exactly when both bounds fall on
 *   the same side of it, and only otherwise on the approximation (marked
 *   `exact: false`);
 * - gauges: min of the minima, max of the maxima, and the sum of the last
 *   values (right for k6's `vus` and `vus_max`, the only gauges a replay has).
 *
 * Pure, no imports: k6 and Node both load it.
 */

export const SUMMARY_FORMAT = 'slalab-k6-summary';
export const SUMMARY_VERSION = 1;

export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';

/** One metric as k6's handleSummary data has it. */
export interface SummaryMetric {
  type: MetricType;
  contains: string;
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

export interface OpFigures {
  count: number;
  avg: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  /** Failed calls ÷ calls (no answer, 4xx/5xx, or RT's 200-with-an-error). */
  errorRate: number | null;
  errors: number;
}

export interface LagFigures {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export interface ThresholdVerdict {
  ok: boolean;
  /** False when the verdict rests on a merged (approximated) percentile. */
  exact: boolean;
}

export interface K6Summary {
  format: typeof SUMMARY_FORMAT;
  version: typeof SUMMARY_VERSION;
  /** `replay` or `stress`. */
  script: string;
  runId: string | null;
  /** Unix ms at which scenario time `origin` was replayed (replay only). */
  startAt: number | null;
  speedup: number | null;
  origin: number | null;
  /** The execution segment, when the run had one. */
  segment: string | null;
  /** How many instances' summaries this one combines (1 for a single run). */
  segments: number;
  durationMs: number;
  thresholdsOk: boolean;
  thresholds: Record<string, Record<string, ThresholdVerdict>>;
  ops: Record<string, OpFigures>;
  lag: LagFigures;
  tickets: Record<string, number>;
  /** What a merge approximated, in words (empty for a single run). */
  approximations: string[];
  /** Free-form figures a script adds (the stress test's breaking point, …). */
  extra: Record<string, unknown>;
  metrics: Record<string, SummaryMetric>;
}

/** Splits `name{k:v}` into the metric and its tag filter. */
export function splitMetricName(full: string): { name: string; tags: Record<string, string> } {
  const brace = full.indexOf('{');
  if (brace < 0 || !full.endsWith('}')) return { name: full, tags: {} };
  const tags: Record<string, string> = {};
  for (const part of full.slice(brace + 1, -1).split(',')) {
    const colon = part.indexOf(':');
    if (colon > 0) tags[part.slice(0, colon).trim()] = part.slice(colon + 1).trim();
  }
  return { name: full.slice(0, brace), tags };
}

const num = (v: number | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/**
 * Per-call figures from the `replay_op_latency{op:…}` trend (every call,
 * failed or not, with its duration) and the `replay_op_errors{op:…}` counter.
 */
export function opFigures(metrics: Record<string, SummaryMetric>): Record<string, OpFigures> {
  const ops: Record<string, OpFigures> = {};
  const get = (op: string): OpFigures => {
    ops[op] ??= {
      count: 0,
      avg: null,
      p50: null,
      p95: null,
      p99: null,
      max: null,
      errorRate: null,
      errors: 0,
    };
    return ops[op]!;
  };
  for (const [full, m] of Object.entries(metrics)) {
    const { name, tags } = splitMetricName(full);
    const op = tags.op;
    if (op === undefined || Object.keys(tags).length !== 1) continue;
    if (name === 'replay_op_latency' && m.type === 'trend') {
      const f = get(op);
      f.count = m.values.count ?? f.count;
      f.avg = num(m.values.avg);
      f.p50 = num(m.values.med ?? m.values['p(50)']);
      f.p95 = num(m.values['p(95)']);
      f.p99 = num(m.values['p(99)']);
      f.max = num(m.values.max);
    } else if (name === 'replay_op_errors' && m.type === 'counter') {
      get(op).errors = m.values.count ?? 0;
    }
  }
  for (const [op, f] of Object.entries(ops)) {
    if (f.count === 0 && f.errors === 0) delete ops[op];
    else f.errorRate = f.count > 0 ? Math.min(1, f.errors / f.count) : null;
  }
  return ops;
}

/** Schedule-lag figures from the `replay_schedule_lag` trend. */
export function lagFigures(metrics: Record<string, SummaryMetric>): LagFigures {
  const m = metrics.replay_schedule_lag;
  if (!m) return { count: 0, p50: null, p95: null, p99: null, max: null };
  return {
    count: m.values.count ?? 0,
    p50: num(m.values.med ?? m.values['p(50)']),
    p95: num(m.values['p(95)']),
    p99: num(m.values['p(99)']),
    max: num(m.values.max),
  };
}

/** Tickets per outcome from the `replay_tickets{outcome:…}` sub-metrics. */
export function ticketCounts(metrics: Record<string, SummaryMetric>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [full, m] of Object.entries(metrics)) {
    const { name, tags } = splitMetricName(full);
    if (name !== 'replay_tickets' || tags.outcome === undefined) continue;
    const count = m.values.count ?? 0;
    if (count > 0) out[tags.outcome] = count;
  }
  return out;
}

function thresholdTable(
  metrics: Record<string, SummaryMetric>,
): Record<string, Record<string, ThresholdVerdict>> {
  const out: Record<string, Record<string, ThresholdVerdict>> = {};
  for (const [name, m] of Object.entries(metrics)) {
    if (!m.thresholds) continue;
    out[name] = {};
    for (const [expr, t] of Object.entries(m.thresholds))
      out[name]![expr] = { ok: t.ok, exact: true };
  }
  return out;
}

/** The summary of one k6 run, from the data k6 hands `handleSummary`. */
export function buildSummary(
  data: { metrics: Record<string, SummaryMetric>; state?: { testRunDurationMs?: number } },
  meta: {
    script: string;
    runId?: string | null;
    startAt?: number | null;
    speedup?: number | null;
    origin?: number | null;
    segment?: string | null;
    extra?: Record<string, unknown>;
  },
): K6Summary {
  const thresholds = thresholdTable(data.metrics);
  return {
    format: SUMMARY_FORMAT,
    version: SUMMARY_VERSION,
    script: meta.script,
    runId: meta.runId ?? null,
    startAt: meta.startAt ?? null,
    speedup: meta.speedup ?? null,
    origin: meta.origin ?? null,
    segment: meta.segment ?? null,
    segments: 1,
    durationMs: data.state?.testRunDurationMs ?? 0,
    thresholdsOk: Object.values(thresholds).every((byExpr) =>
      Object.values(byExpr).every((v) => v.ok),
    ),
    thresholds,
    ops: opFigures(data.metrics),
    lag: lagFigures(data.metrics),
    tickets: ticketCounts(data.metrics),
    approximations: [],
    extra: meta.extra ?? {},
    metrics: data.metrics,
  };
}

// ------------------------------------------------------------------ thresholds

export interface ThresholdExpression {
  /** `avg`, `min`, `max`, `med`, `count`, `rate`, `value`, or `p(N)`. */
  stat: string;
  op: '<' | '<=' | '>' | '>=' | '==' | '===' | '!=';
  value: number;
}

/**
 * Parses a k6 threshold expression (`p(95)<500`, `rate<0.01`, `count>=0`).
 *
 * @throws RangeError naming the expression when it is not one.
 */
export function parseThreshold(source: string): ThresholdExpression {
  const m =
    /^\s*(avg|min|max|med|count|rate|value|p\(\s*[\d.]+\s*\))\s*(<=|>=|===|==|!=|<|>)\s*(-?[\d.]+(?:e-?\d+)?)\s*$/.exec(
      source,
    );
  if (!m) throw new RangeError(`threshold '${source}' is not 'stat op value'`);
  return {
    stat: m[1]!.replace(/\s+/g, ''),
    op: m[2] as ThresholdExpression['op'],
    value: Number(m[3]),
  };
}

function holds(x: number, op: ThresholdExpression['op'], v: number): boolean {
  switch (op) {
    case '<':
      return x < v;
    case '<=':
      return x <= v;
    case '>':
      return x > v;
    case '>=':
      return x >= v;
    case '==':
    case '===':
      return x === v;
    case '!=':
      return x !== v;
  }
}

/** The summary value a threshold statistic reads (`med` may be written `p(50)` and back). */
function statValue(values: Record<string, number>, stat: string): number | undefined {
  if (values[stat] !== undefined) return values[stat];
  if (stat === 'med') return values['p(50)'];
  if (stat === 'p(50)') return values.med;
  return undefined;
}

/**
 * Evaluates a threshold on a metric's values. With `bounds` (per statistic:
 * the smallest and largest instance value), a percentile is decided exactly
 * when both bounds agree, and otherwise on the value (`exact: false`).
 * Undefined when the statistic is missing.
 */
export function evaluateThreshold(
  expr: ThresholdExpression,
  values: Record<string, number>,
  bounds?: Record<string, { lo: number; hi: number }>,
): ThresholdVerdict | undefined {
  const x = statValue(values, expr.stat);
  if (x === undefined) return undefined;
  const b = bounds?.[expr.stat] ?? (expr.stat === 'med' ? bounds?.['p(50)'] : undefined);
  if (b) {
    const lo = holds(b.lo, expr.op, expr.value);
    const hi = holds(b.hi, expr.op, expr.value);
    if (lo === hi) return { ok: lo, exact: true };
    return { ok: holds(x, expr.op, expr.value), exact: false };
  }
  return { ok: holds(x, expr.op, expr.value), exact: true };
}

// ------------------------------------------------------------------ merging

/** The metrics of any of the three inputs a merge accepts (see `normaliseSummary`). */
export interface NormalisedSummary {
  metrics: Record<string, SummaryMetric>;
  durationMs: number;
  meta: Partial<
    Pick<K6Summary, 'script' | 'runId' | 'startAt' | 'speedup' | 'origin' | 'segment' | 'extra'>
  >;
  /** Threshold expressions per metric (from the summary, to re-evaluate after merging). */
  thresholdSources: Record<string, string[]>;
}

/**
 * Accepts a `slalab-k6-summary`, the data object k6 hands handleSummary, or
 * k6's legacy `--summary-export` JSON (values flattened, a Rate's `rate`
 * renamed `value`, thresholds as `{expr: failed}`).
 *
 * @throws Error when the value is none of them.
 */
export function normaliseSummary(value: unknown): NormalisedSummary {
  if (!value || typeof value !== 'object' || !('metrics' in value)) {
    throw new Error('not a k6 summary: it has no "metrics" object');
  }
  const v = value as Record<string, unknown> & { metrics: Record<string, unknown> };
  const metrics: Record<string, SummaryMetric> = {};
  const thresholdSources: Record<string, string[]> = {};
  for (const [name, raw] of Object.entries(v.metrics)) {
    if (!raw || typeof raw !== 'object') continue;
    const r = raw as Record<string, unknown>;
    if ('values' in r && typeof r.values === 'object') {
      const m = r as unknown as SummaryMetric;
      metrics[name] = { type: m.type, contains: m.contains, values: { ...m.values } };
      if (m.thresholds) {
        metrics[name]!.thresholds = m.thresholds;
        thresholdSources[name] = Object.keys(m.thresholds);
      }
    } else {
      // Legacy export: guess the type from the keys it carries.
      const values: Record<string, number> = {};
      for (const [k, x] of Object.entries(r)) if (typeof x === 'number') values[k] = x;
      let type: MetricType = 'trend';
      if ('passes' in values && 'fails' in values) {
        type = 'rate';
        values.rate = values.value ?? 0;
        delete values.value;
      } else if ('count' in values && 'rate' in values && Object.keys(values).length === 2) {
        type = 'counter';
      } else if ('value' in values && 'min' in values && 'max' in values && !('avg' in values)) {
        type = 'gauge';
      }
      metrics[name] = { type, contains: 'default', values };
      if (r.thresholds && typeof r.thresholds === 'object') {
        const th = r.thresholds as Record<string, boolean>;
        metrics[name]!.thresholds = Object.fromEntries(
          Object.entries(th).map(([expr, failed]) => [expr, { ok: !failed }]),
        );
        thresholdSources[name] = Object.keys(th);
      }
    }
  }
  const state = v.state as { testRunDurationMs?: number } | undefined;
  const isOurs = v.format === SUMMARY_FORMAT;
  return {
    metrics,
    durationMs: isOurs ? Number(v.durationMs ?? 0) : (state?.testRunDurationMs ?? 0),
    meta: isOurs
      ? {
          script: v.script as string,
          runId: v.runId as string | null,
          startAt: v.startAt as number | null,
          speedup: v.speedup as number | null,
          origin: v.origin as number | null,
          segment: v.segment as string | null,
          extra: (v.extra as Record<string, unknown>) ?? {},
        }
      : {},
    thresholdSources,
  };
}

const ORDER_STATS = /^(med|p\(.+\))$/;

/**
 * Merges the summaries of complementary execution segments into one, with
 * one threshold verdict (see the file comment for what is exact).
 *
 * @throws Error when given nothing, or metrics of one name but different types.
 */
export function mergeSummaries(inputs: readonly NormalisedSummary[]): K6Summary {
  if (inputs.length === 0) throw new Error('nothing to merge');
  const names = [...new Set(inputs.flatMap((s) => Object.keys(s.metrics)))].sort();
  const durationMs = Math.max(...inputs.map((s) => s.durationMs));
  const metrics: Record<string, SummaryMetric> = {};
  const bounds: Record<string, Record<string, { lo: number; hi: number }>> = {};
  const approximations = new Set<string>();
  for (const name of names) {
    const parts = inputs.map((s) => s.metrics[name]).filter((m): m is SummaryMetric => !!m);
    const type = parts[0]!.type;
    if (parts.some((p) => p.type !== type)) {
      throw new Error(`metric ${name} has different types in different summaries`);
    }
    const values: Record<string, number> = {};
    if (type === 'counter') {
      values.count = parts.reduce((s, p) => s + (p.values.count ?? 0), 0);
      values.rate = durationMs > 0 ? values.count / (durationMs / 1000) : 0;
    } else if (type === 'rate') {
      values.passes = parts.reduce((s, p) => s + (p.values.passes ?? 0), 0);
      values.fails = parts.reduce((s, p) => s + (p.values.fails ?? 0), 0);
      const total = values.passes + values.fails;
      values.rate = total > 0 ? values.passes / total : 0;
    } else if (type === 'gauge') {
      values.value = parts.reduce((s, p) => s + (p.values.value ?? 0), 0);
      values.min = Math.min(...parts.map((p) => p.values.min ?? 0));
      values.max = Math.max(...parts.map((p) => p.values.max ?? 0));
    } else {
      const counts = parts.map((p) => p.values.count);
      const known = counts.every((c) => typeof c === 'number');
      const weights = known ? (counts as number[]) : parts.map(() => 1);
      const total = weights.reduce((s, w) => s + w, 0);
      if (known) values.count = total;
      else
        approximations.add(`${name}: no trend count in the summaries, instances weighted equally`);
      const stats = new Set(parts.flatMap((p) => Object.keys(p.values)));
      for (const stat of stats) {
        if (stat === 'count') continue;
        const present = parts
          .map((p, i) => ({ v: p.values[stat], w: weights[i]! }))
          .filter((x): x is { v: number; w: number } => typeof x.v === 'number' && x.w > 0);
        if (present.length === 0) continue;
        if (stat === 'min') values.min = Math.min(...present.map((x) => x.v));
        else if (stat === 'max') values.max = Math.max(...present.map((x) => x.v));
        else {
          const w = present.reduce((s, x) => s + x.w, 0);
          values[stat] = present.reduce((s, x) => s + x.v * x.w, 0) / w;
          if (ORDER_STATS.test(stat) && present.length > 1) {
            bounds[name] ??= {};
            bounds[name]![stat] = {
              lo: Math.min(...present.map((x) => x.v)),
              hi: Math.max(...present.map((x) => x.v)),
            };
            approximations.add(
              `${name.split('{')[0]} ${stat}: count-weighted mean of the instances' values (the true value lies between their smallest and largest)`,
            );
          }
        }
      }
    }
    metrics[name] = { type, contains: parts[0]!.contains, values };
  }
  // Thresholds: every expression any instance carried, re-evaluated on the merged values.
  const sources = new Map<string, Set<string>>();
  for (const s of inputs) {
    for (const [name, exprs] of Object.entries(s.thresholdSources)) {
      const set = sources.get(name) ?? new Set<string>();
      for (const e of exprs) set.add(e);
      sources.set(name, set);
    }
  }
  const thresholds: Record<string, Record<string, ThresholdVerdict>> = {};
  for (const [name, exprs] of sources) {
    const m = metrics[name];
    if (!m) continue;
    thresholds[name] = {};
    m.thresholds = {};
    for (const source of exprs) {
      let verdict: ThresholdVerdict | undefined;
      try {
        verdict = evaluateThreshold(parseThreshold(source), m.values, bounds[name]);
      } catch {
        verdict = undefined;
      }
      // A statistic the summaries lack: keep the instances' own verdicts (all must pass).
      verdict ??= {
        ok: inputs.every((s) => s.metrics[name]?.thresholds?.[source]?.ok !== false),
        exact: false,
      };
      thresholds[name]![source] = verdict;
      m.thresholds[source] = { ok: verdict.ok };
    }
  }
  const first = inputs.find((s) => s.meta.script) ?? inputs[0]!;
  const starts = inputs
    .map((s) => s.meta.startAt)
    .filter((x): x is number => typeof x === 'number');
  return {
    format: SUMMARY_FORMAT,
    version: SUMMARY_VERSION,
    script: first.meta.script ?? 'unknown',
    runId: first.meta.runId ?? null,
    startAt: starts.length > 0 ? Math.min(...starts) : null,
    speedup: first.meta.speedup ?? null,
    origin: first.meta.origin ?? null,
    segment: null,
    segments: inputs.length,
    durationMs,
    thresholdsOk: Object.values(thresholds).every((byExpr) =>
      Object.values(byExpr).every((v) => v.ok),
    ),
    thresholds,
    ops: opFigures(metrics),
    lag: lagFigures(metrics),
    tickets: ticketCounts(metrics),
    approximations: [...approximations].sort(),
    extra: first.meta.extra ?? {},
    metrics,
  };
}

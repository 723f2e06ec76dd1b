/**
 * Thresholds in k6's syntax: `aggregation operator value`, e.g. `p(95)<500`,
 * `rate<0.01`, `count>=100`, as a string or `{ threshold, abortOnFail,
 * delayAbortEval }`, on a metric or a tag-filtered sub-metric.
 *
 * Parsing, the aggregations each metric type supports and the evaluation
 * follow grafana/k6 `metrics/thresholds_parser.go` and `metrics/thresholds.go`
 * (`Run`, `runAll`); the periodic evaluation every 2 s that ignores metrics
 * without samples, and the final one that does not, follow
 * `metrics/engine/engine.go`.
 *
 * Docs: https://grafana.com/docs/k6/latest/using-k6/thresholds/
 */
import { formatK6Duration, parseK6Duration } from './duration.js';
import {
  CounterSink,
  GaugeSink,
  type Metric,
  type MetricType,
  RateSink,
  type Registry,
  TrendSink,
} from './metrics.js';

export type Operator = '<=' | '<' | '>=' | '>' | '===' | '==' | '!=';
/** Longer operators first, as k6 scans them. */
const OPERATORS: readonly Operator[] = ['<=', '<', '>=', '>', '===', '==', '!='];

export interface ThresholdExpression {
  method: 'value' | 'count' | 'rate' | 'avg' | 'min' | 'med' | 'max' | 'p';
  /** The percentile for `p(N)`, 0–100. */
  percentile?: number;
  operator: Operator;
  value: number;
}

const METHODS = ['value', 'count', 'rate', 'avg', 'min', 'med', 'max'] as const;

/** What each metric type can be aggregated by in a threshold (k6 `supportedAggregationMethods`). */
export const SUPPORTED_METHODS: Readonly<Record<MetricType, readonly string[]>> = {
  counter: ['count', 'rate'],
  gauge: ['value'],
  rate: ['rate'],
  trend: ['avg', 'min', 'max', 'med', 'p(N)'],
};

/** Parses `p(95) < 500`; throws naming the expression when it is malformed. */
export function parseThresholdExpression(source: string): ThresholdExpression {
  let method = '';
  let operator: Operator | undefined;
  let rhs = '';
  for (const op of OPERATORS) {
    const at = source.indexOf(op);
    if (at >= 0) {
      method = source.slice(0, at).trim();
      rhs = source.slice(at + op.length).trim();
      operator = op;
      break;
    }
  }
  if (!operator) throw new RangeError(`threshold '${source}': malformed expression (no operator)`);
  const value = Number(rhs);
  if (rhs === '' || !Number.isFinite(value)) {
    throw new RangeError(`threshold '${source}': '${rhs}' is not a number`);
  }
  if ((METHODS as readonly string[]).includes(method)) {
    return { method: method as ThresholdExpression['method'], operator, value };
  }
  const pct = /^p\((.*)\)$/.exec(method);
  if (pct) {
    const percentile = Number(pct[1]);
    if (
      pct[1]!.trim() === '' ||
      !Number.isFinite(percentile) ||
      percentile < 0 ||
      percentile > 100
    ) {
      throw new RangeError(`threshold '${source}': malformed percentile '${pct[1]}'`);
    }
    return { method: 'p', percentile, operator, value };
  }
  throw new RangeError(
    `threshold '${source}': unknown aggregation '${method}' (k6 knows count, rate, value, avg, min, med, max and p(N))`,
  );
}

/** The key k6 uses for an expression's aggregate: `p(95)`, `avg`, … (Go's `%g`). */
export function sinkKey(e: ThresholdExpression): string {
  return e.method === 'p' ? `p(${e.percentile})` : e.method;
}

export class Threshold {
  readonly source: string;
  readonly expression: ThresholdExpression;
  readonly abortOnFail: boolean;
  /** ms; undefined when not set. */
  readonly delayAbortEval: number | undefined;
  lastFailed = false;

  constructor(source: string, abortOnFail: boolean, delayAbortEval: number | undefined) {
    this.source = source;
    this.expression = parseThresholdExpression(source);
    this.abortOnFail = abortOnFail;
    this.delayAbortEval = delayAbortEval;
  }
}

/** All thresholds set on one metric or sub-metric. */
export interface MetricThresholds {
  key: string;
  metric: Metric;
  thresholds: Threshold[];
}

/**
 * Reads `options.thresholds`, resolves each key to a metric or sub-metric
 * and checks each aggregation is one that metric type supports. Every problem
 * is reported, one per line, with the key and the fix.
 */
export function buildThresholds(raw: unknown, registry: Registry): MetricThresholds[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new RangeError(
      'options.thresholds: must be an object of metric name → list of thresholds',
    );
  }
  const problems: string[] = [];
  const result: MetricThresholds[] = [];
  for (const [key, list] of Object.entries(raw as Record<string, unknown>)) {
    const path = `options.thresholds['${key}']`;
    let metric: Metric | undefined;
    try {
      metric = registry.resolve(key);
    } catch (error) {
      problems.push(`${path}: ${(error as Error).message}`);
      continue;
    }
    if (!metric) {
      problems.push(
        `${path}: no metric named '${key.split('{')[0]}' (declare custom metrics at module scope, in the init context)`,
      );
      continue;
    }
    const entries = Array.isArray(list) ? list : [list];
    const thresholds: Threshold[] = [];
    entries.forEach((entry, i) => {
      const at = `${path}[${i}]`;
      try {
        const t = readThreshold(entry, at);
        const method = t.expression.method === 'p' ? 'p(N)' : t.expression.method;
        if (!SUPPORTED_METHODS[metric.type].includes(method)) {
          problems.push(
            `${at}: '${t.source}' uses the aggregation ${sinkKey(t.expression)}, which a ${metric.type} metric does not support; use ${SUPPORTED_METHODS[metric.type].join(', ')}`,
          );
          return;
        }
        thresholds.push(t);
      } catch (error) {
        problems.push(`${at}: ${(error as Error).message}`);
      }
    });
    if (thresholds.length > 0) {
      metric.forceObserved = true;
      if (metric.parent) metric.parent.forceObserved = true;
      result.push({ key, metric, thresholds });
    }
  }
  if (problems.length > 0) throw new RangeError(problems.join('\n'));
  return result;
}

function readThreshold(entry: unknown, at: string): Threshold {
  if (typeof entry === 'string') return new Threshold(entry, false, undefined);
  if (!entry || typeof entry !== 'object') {
    throw new RangeError(`must be a string or { threshold, abortOnFail, delayAbortEval }`);
  }
  const o = entry as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!['threshold', 'abortOnFail', 'delayAbortEval'].includes(k)) {
      throw new RangeError(
        `unknown threshold field '${k}' (k6 knows threshold, abortOnFail, delayAbortEval)`,
      );
    }
  }
  if (typeof o.threshold !== 'string') throw new RangeError(`'threshold' must be a string`);
  if (o.abortOnFail !== undefined && typeof o.abortOnFail !== 'boolean') {
    throw new RangeError(`'abortOnFail' must be true or false`);
  }
  const delay =
    o.delayAbortEval === undefined || o.delayAbortEval === null
      ? undefined
      : parseK6Duration(o.delayAbortEval, `${at}.delayAbortEval`);
  return new Threshold(o.threshold, o.abortOnFail === true, delay);
}

/** The aggregates a threshold can read from a sink (k6 `Thresholds.Run`). */
function sinked(mt: MetricThresholds, testRunMs: number): Map<string, number> {
  const s = mt.metric.sink;
  const out = new Map<string, number>();
  if (s instanceof CounterSink) {
    out.set('count', s.value);
    out.set('rate', s.value / (testRunMs / 1000));
  } else if (s instanceof GaugeSink) {
    out.set('value', s.value);
  } else if (s instanceof TrendSink) {
    out.set('min', s.min);
    out.set('max', s.max);
    out.set('avg', s.avg());
    out.set('med', s.p(0.5));
    for (const t of mt.thresholds) {
      if (t.expression.method === 'p')
        out.set(sinkKey(t.expression), s.p(t.expression.percentile! / 100));
    }
  } else if (s instanceof RateSink) {
    // k6 skips the rate when nothing was added (grafana/k6#2520).
    if (s.total > 0) out.set('rate', s.trues / s.total);
  }
  return out;
}

function compare(lhs: number, op: Operator, rhs: number): boolean {
  switch (op) {
    case '>':
      return lhs > rhs;
    case '>=':
      return lhs >= rhs;
    case '<=':
      return lhs <= rhs;
    case '<':
      return lhs < rhs;
    case '==':
    case '===':
      return lhs === rhs;
    case '!=':
      return lhs !== rhs;
  }
}

export interface ThresholdVerdict {
  /** Names of metrics with at least one failed threshold, sorted. */
  breached: string[];
  /** A failed threshold with abortOnFail whose delayAbortEval has passed. */
  shouldAbort: boolean;
  /** Thresholds that could not be evaluated (a Rate with no samples), as messages. */
  unevaluated: string[];
}

/**
 * Evaluates every threshold. With `ignoreEmpty` (the periodic check) metrics
 * without samples are skipped; the final check includes them.
 */
export function evaluateThresholds(
  all: readonly MetricThresholds[],
  testRunMs: number,
  ignoreEmpty: boolean,
): ThresholdVerdict {
  const breached: string[] = [];
  const unevaluated: string[] = [];
  let shouldAbort = false;
  for (const mt of all) {
    if (ignoreEmpty && mt.metric.sink.empty) continue;
    const values = sinked(mt, testRunMs);
    let failed = false;
    for (const t of mt.thresholds) {
      const lhs = values.get(sinkKey(t.expression));
      if (lhs === undefined) {
        t.lastFailed = true;
        unevaluated.push(
          `${mt.key}: '${t.source}' has no ${sinkKey(t.expression)} to compare (no samples)`,
        );
        continue;
      }
      const passes = compare(lhs, t.expression.operator, t.expression.value);
      t.lastFailed = !passes;
      if (!passes) {
        failed = true;
        if (t.abortOnFail && (t.delayAbortEval === undefined || t.delayAbortEval < testRunMs)) {
          shouldAbort = true;
        }
      }
    }
    if (failed) breached.push(mt.key);
  }
  breached.sort();
  return { breached, shouldAbort, unevaluated };
}

export function describeThreshold(t: Threshold): string {
  const extra: string[] = [];
  if (t.abortOnFail) extra.push('abortOnFail');
  if (t.delayAbortEval !== undefined)
    extra.push(`delayAbortEval ${formatK6Duration(t.delayAbortEval)}`);
  return extra.length ? `${t.source} (${extra.join(', ')})` : t.source;
}

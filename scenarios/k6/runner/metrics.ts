/**
 * Metrics the way k6 aggregates them for thresholds and the end-of-test
 * summary: four metric types with one sink each, tag-filtered sub-metrics
 * (`http_req_duration{op:create}`), and a registry of built-in and custom
 * metrics.
 *
 * Sinks follow k6 `metrics/sink.go`: a Counter keeps its sum, a Gauge its last
 * value with min and max, a Rate the count of non-zero values over all, and a
 * Trend every value, so percentiles are exact and match k6's linear
 * interpolation `p = v[⌊i⌋] + (v[⌈i⌉] − v[⌊i⌋])·(i − ⌊i⌋)`, `i = pct·(n − 1)`.
 * A Trend holds 8 bytes per sample (k6 v1 also keeps every value).
 *
 * Docs: https://grafana.com/docs/k6/latest/using-k6/metrics/ (types),
 * https://grafana.com/docs/k6/latest/using-k6/metrics/reference/ (built-ins),
 * https://grafana.com/docs/k6/latest/javascript-api/k6-metrics/ (custom).
 */

export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';
export type ValueType = 'default' | 'time' | 'data';
export type Tags = Record<string, string>;

export class CounterSink {
  value = 0;
  empty = true;
  add(v: number): void {
    this.value += v;
    this.empty = false;
  }
}

export class GaugeSink {
  value = 0;
  min = 0;
  max = 0;
  empty = true;
  add(v: number): void {
    this.value = v;
    if (this.empty || v > this.max) this.max = v;
    if (this.empty || v < this.min) this.min = v;
    this.empty = false;
  }
}

export class RateSink {
  trues = 0;
  total = 0;
  get empty(): boolean {
    return this.total === 0;
  }
  add(v: number): void {
    this.total++;
    if (v !== 0) this.trues++;
  }
}

export class TrendSink {
  private values = new Float64Array(64);
  private sorted = true;
  count = 0;
  sum = 0;
  min = 0;
  max = 0;
  get empty(): boolean {
    return this.count === 0;
  }
  add(v: number): void {
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    if (this.count === 0 || v < this.min) this.min = v;
    if (this.count === 0 || v > this.max) this.max = v;
    this.values[this.count++] = v;
    this.sum += v;
    this.sorted = false;
  }
  avg(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }
  /** k6 `TrendSink.P`: `pct` in 0..1, linear interpolation between ranks. */
  p(pct: number): number {
    if (this.count === 0) return 0;
    if (this.count === 1) return this.values[0]!;
    if (!this.sorted) {
      this.values.subarray(0, this.count).sort();
      this.sorted = true;
    }
    const i = pct * (this.count - 1);
    const j = this.values[Math.floor(i)]!;
    const k = this.values[Math.ceil(i)]!;
    return j + (k - j) * (i - Math.floor(i));
  }
}

export type Sink = CounterSink | GaugeSink | RateSink | TrendSink;

function newSink(type: MetricType): Sink {
  switch (type) {
    case 'counter':
      return new CounterSink();
    case 'gauge':
      return new GaugeSink();
    case 'rate':
      return new RateSink();
    case 'trend':
      return new TrendSink();
  }
}

/** A metric (or a sub-metric, when `parent` is set) and its aggregate. */
export class Metric {
  readonly name: string;
  readonly type: MetricType;
  readonly contains: ValueType;
  readonly sink: Sink;
  readonly submetrics: Metric[] = [];
  /** For a sub-metric: the tags a sample must carry (all of them) to count. */
  readonly filter: Readonly<Tags> | undefined;
  readonly parent: Metric | undefined;
  /** Shown in the summary even without samples (it has thresholds). */
  forceObserved = false;

  constructor(name: string, type: MetricType, contains: ValueType, parent?: Metric, filter?: Tags) {
    this.name = name;
    this.type = type;
    this.contains = contains;
    this.sink = newSink(type);
    this.parent = parent;
    this.filter = filter;
  }

  get observed(): boolean {
    return this.forceObserved || !this.sink.empty;
  }
}

/** Splits `name{k:v, k2:"v 2"}` into the metric name and its tag filter (k6 `ParseMetricName`). */
export function parseMetricName(full: string): { name: string; filter: Tags | undefined } {
  const brace = full.indexOf('{');
  if (brace < 0) return { name: full, filter: undefined };
  if (!full.endsWith('}')) {
    throw new RangeError(
      `'${full}': missing ending bracket, sub-metric format needs to be 'metric{key:value}'`,
    );
  }
  const name = full.slice(0, brace);
  const body = full.slice(brace + 1, -1);
  const filter: Tags = {};
  for (const part of body.split(',')) {
    if (part.trim() === '') continue;
    const colon = part.indexOf(':');
    if (colon < 0) throw new RangeError(`'${full}': sub-metric tag '${part.trim()}' has no ':'`);
    const key = part.slice(0, colon).trim();
    let value = part.slice(colon + 1).trim();
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    if (key === '') throw new RangeError(`'${full}': empty sub-metric tag name`);
    filter[key] = value;
  }
  if (Object.keys(filter).length === 0) throw new RangeError(`'${full}': empty sub-metric filter`);
  return { name, filter };
}

/** k6's custom-metric name rule (letters, digits, underscores; starts with a letter or _). */
const METRIC_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export const BUILTIN_METRICS: ReadonlyArray<[string, MetricType, ValueType]> = [
  ['vus', 'gauge', 'default'],
  ['vus_max', 'gauge', 'default'],
  ['iterations', 'counter', 'default'],
  ['iteration_duration', 'trend', 'time'],
  ['dropped_iterations', 'counter', 'default'],
  ['data_sent', 'counter', 'data'],
  ['data_received', 'counter', 'data'],
  ['checks', 'rate', 'default'],
  ['group_duration', 'trend', 'time'],
  ['http_reqs', 'counter', 'default'],
  ['http_req_failed', 'rate', 'default'],
  ['http_req_duration', 'trend', 'time'],
  ['http_req_blocked', 'trend', 'time'],
  ['http_req_connecting', 'trend', 'time'],
  ['http_req_tls_handshaking', 'trend', 'time'],
  ['http_req_sending', 'trend', 'time'],
  ['http_req_waiting', 'trend', 'time'],
  ['http_req_receiving', 'trend', 'time'],
];

/** All metrics of one run, by name; sub-metrics hang off their parent. */
export class Registry {
  private readonly metrics = new Map<string, Metric>();

  constructor() {
    for (const [name, type, contains] of BUILTIN_METRICS) {
      this.metrics.set(name, new Metric(name, type, contains));
    }
  }

  get(name: string): Metric | undefined {
    return this.metrics.get(name);
  }

  /** Every top-level metric, in registration order. */
  all(): Metric[] {
    return [...this.metrics.values()];
  }

  /**
   * Registers a custom metric, or returns the existing one when a VU's init
   * code declares it again with the same type (every VU runs the init code).
   */
  custom(name: string, type: MetricType, isTime: boolean): Metric {
    if (typeof name !== 'string' || !METRIC_NAME.test(name)) {
      throw new TypeError(
        `invalid metric name ${JSON.stringify(name)}: use up to 128 letters, digits or underscores, starting with a letter or _`,
      );
    }
    const existing = this.metrics.get(name);
    const contains: ValueType = isTime ? 'time' : 'default';
    if (existing) {
      if (existing.type !== type || existing.contains !== contains) {
        throw new TypeError(
          `metric '${name}' already exists as a ${existing.type} (${existing.contains}); it cannot be redeclared as a ${type} (${contains})`,
        );
      }
      return existing;
    }
    const metric = new Metric(name, type, contains);
    this.metrics.set(name, metric);
    return metric;
  }

  /** The metric or sub-metric a threshold key names, creating the sub-metric. */
  resolve(full: string): Metric | undefined {
    const { name, filter } = parseMetricName(full);
    const parent = this.metrics.get(name);
    if (!parent || !filter) return parent;
    // k6 keeps the filter text as written: `name{` + raw + `}` (`AddSubmetric`).
    const key = full;
    const found = parent.submetrics.find((s) => s.name === key);
    if (found) return found;
    const sub = new Metric(key, parent.type, parent.contains, parent, filter);
    parent.submetrics.push(sub);
    return sub;
  }

  /** Adds one sample to a metric and to every sub-metric whose filter its tags match. */
  add(metric: Metric, value: number, tags: Tags): void {
    metric.sink.add(value);
    const subs = metric.submetrics;
    for (let i = 0; i < subs.length; i++) {
      const sub = subs[i]!;
      if (matches(sub.filter!, tags)) sub.sink.add(value);
    }
  }
}

function matches(filter: Readonly<Tags>, tags: Tags): boolean {
  for (const key in filter) if (tags[key] !== filter[key]) return false;
  return true;
}

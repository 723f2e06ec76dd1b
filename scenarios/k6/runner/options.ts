/**
 * The script's `options` plus the CLI flags, consolidated and validated the
 * way k6 does, into the plan the scheduler runs. Anything slalab's runner
 * does not implement (an executor such as `ramping-vus`, an option such as
 * `hosts`, a field it does not know) is refused here, before anything runs,
 * with every problem listed (path, value, fix).
 *
 * Follows: options precedence and the shortcut options (k6
 * `lib/options.go` `Apply`, `lib/executor/execution_config_shortcuts.go`;
 * https://grafana.com/docs/k6/latest/using-k6/k6-options/how-to/), the
 * scenario fields and defaults (executor `*.go` `New…Config`/`Validate`;
 * https://grafana.com/docs/k6/latest/using-k6/scenarios/ and one page per
 * executor under /using-k6/scenarios/executors/), the option defaults in
 * https://grafana.com/docs/k6/latest/using-k6/k6-options/reference/.
 */
import { formatK6Duration, safeParseK6Duration } from './duration.js';
import { EXIT, K6RunError } from './errors.js';
import type { Tags } from './metrics.js';

export const SUPPORTED_EXECUTORS = [
  'shared-iterations',
  'per-vu-iterations',
  'constant-vus',
  'constant-arrival-rate',
  'ramping-arrival-rate',
] as const;
export type ExecutorName = (typeof SUPPORTED_EXECUTORS)[number];

/** k6's executors slalab's runner does not implement. */
const UNSUPPORTED_EXECUTORS = ['ramping-vus', 'externally-controlled'];

interface ScenarioBase {
  name: string;
  executor: ExecutorName;
  /** ms from the test start. */
  startTime: number;
  gracefulStop: number;
  exec: string;
  env: Record<string, string>;
  tags: Tags;
}

export interface IterationsScenario extends ScenarioBase {
  executor: 'shared-iterations' | 'per-vu-iterations';
  vus: number;
  iterations: number;
  maxDuration: number;
}

export interface ConstantVUsScenario extends ScenarioBase {
  executor: 'constant-vus';
  vus: number;
  duration: number;
}

export interface ConstantArrivalRateScenario extends ScenarioBase {
  executor: 'constant-arrival-rate';
  rate: number;
  timeUnit: number;
  duration: number;
  preAllocatedVUs: number;
  maxVUs: number;
}

export interface RampingArrivalRateScenario extends ScenarioBase {
  executor: 'ramping-arrival-rate';
  startRate: number;
  timeUnit: number;
  stages: Array<{ duration: number; target: number }>;
  preAllocatedVUs: number;
  maxVUs: number;
}

export type ScenarioConfig =
  | IterationsScenario
  | ConstantVUsScenario
  | ConstantArrivalRateScenario
  | RampingArrivalRateScenario;

/** The scenario's regular duration: `maxDuration`, `duration` or the sum of its stages (ms). */
export function regularDuration(s: ScenarioConfig): number {
  switch (s.executor) {
    case 'shared-iterations':
    case 'per-vu-iterations':
      return s.maxDuration;
    case 'constant-vus':
    case 'constant-arrival-rate':
      return s.duration;
    case 'ramping-arrival-rate':
      return s.stages.reduce((sum, st) => sum + st.duration, 0);
  }
}

export interface RunOptions {
  scenarios: ScenarioConfig[];
  /** `options.thresholds` as written; validated against the metric registry later. */
  thresholds: unknown;
  setupTimeout: number;
  teardownTimeout: number;
  handleSummaryTimeout: number;
  summaryTrendStats: string[];
  summaryTimeUnit: 's' | 'ms' | 'us' | undefined;
  tags: Tags;
  userAgent: string;
  maxRedirects: number;
  discardResponseBodies: boolean;
  noConnectionReuse: boolean;
  noVUConnectionReuse: boolean;
  throw: boolean;
  minIterationDuration: number;
  batch: number;
  batchPerHost: number;
  insecureSkipTLSVerify: boolean;
  executionSegment: string | undefined;
  executionSegmentSequence: string | undefined;
  /** The consolidated options, as `exec.test.options` returns them. */
  consolidated: Record<string, unknown>;
}

/** Flags that override the script's options (highest precedence, as in k6). */
export interface CliOverrides {
  vus?: number;
  iterations?: number;
  duration?: string;
  executionSegment?: string;
  executionSegmentSequence?: string;
  summaryTrendStats?: string[];
}

/** Options slalab's runner implements. */
const SUPPORTED_OPTIONS = new Set([
  'scenarios',
  'thresholds',
  'vus',
  'iterations',
  'duration',
  'setupTimeout',
  'teardownTimeout',
  'handleSummaryTimeout',
  'summaryTrendStats',
  'summaryTimeUnit',
  'tags',
  'userAgent',
  'maxRedirects',
  'discardResponseBodies',
  'noConnectionReuse',
  'noVUConnectionReuse',
  'noCookiesReset',
  'throw',
  'minIterationDuration',
  'executionSegment',
  'executionSegmentSequence',
  'batch',
  'batchPerHost',
  'insecureSkipTLSVerify',
]);

/** k6 options slalab's runner does not implement (refused rather than ignored). */
const UNSUPPORTED_OPTIONS = new Set([
  'stages',
  'rps',
  'hosts',
  'dns',
  'blacklistIPs',
  'blockHostnames',
  'ext',
  'cloud',
  'tlsAuth',
  'tlsCipherSuites',
  'tlsVersion',
  'tlsAIAFetch',
  'systemTags',
  'httpDebug',
  'linger',
  'paused',
  'noUsageReport',
  'vusMax',
  'localIPs',
  'browser',
]);

const DEFAULT_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];

const BASE_FIELDS = ['executor', 'startTime', 'gracefulStop', 'exec', 'env', 'tags'];
const EXECUTOR_FIELDS: Record<ExecutorName, string[]> = {
  'shared-iterations': ['vus', 'iterations', 'maxDuration'],
  'per-vu-iterations': ['vus', 'iterations', 'maxDuration'],
  'constant-vus': ['vus', 'duration'],
  'constant-arrival-rate': ['rate', 'timeUnit', 'duration', 'preAllocatedVUs', 'maxVUs'],
  'ramping-arrival-rate': ['startRate', 'timeUnit', 'stages', 'preAllocatedVUs', 'maxVUs'],
};

/** k6's minimum scheduled duration (`minDuration` in lib/executor/constant_vus.go). */
const MIN_DURATION_MS = 1000;
const SCENARIO_NAME = /^[0-9a-zA-Z_-]+$/;

/** Collects every problem, then throws them all at once (exit 104). */
class Problems {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    this.list.push(`${path}: ${message}`);
  }
  throwIfAny(): void {
    if (this.list.length > 0) {
      const n = this.list.length;
      throw new K6RunError(
        `the test options have ${n} problem${n === 1 ? '' : 's'}:\n  ${this.list.join('\n  ')}`,
        EXIT.invalidConfig,
      );
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function duration(
  p: Problems,
  path: string,
  value: unknown,
  fallback: number,
  opts: { min?: number } = {},
): number {
  if (value === undefined || value === null) return fallback;
  const parsed = safeParseK6Duration(value);
  if (!parsed.ok) {
    p.add(path, `${JSON.stringify(value)} is not a duration; write e.g. '30s', '1m30s' or '500ms'`);
    return fallback;
  }
  if (parsed.ms < 0) p.add(path, `must not be negative, got ${JSON.stringify(value)}`);
  else if (opts.min !== undefined && parsed.ms < opts.min) {
    p.add(path, `must be at least ${formatK6Duration(opts.min)}, got ${JSON.stringify(value)}`);
  }
  return parsed.ms;
}

function integer(
  p: Problems,
  path: string,
  value: unknown,
  fallback: number,
  opts: { min?: number } = {},
): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    p.add(path, `must be a whole number, got ${JSON.stringify(value)}`);
    return fallback;
  }
  if (opts.min !== undefined && value < opts.min) {
    p.add(path, `must be at least ${opts.min}, got ${value}`);
  }
  return value;
}

function bool(p: Problems, path: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') {
    p.add(path, `must be true or false, got ${JSON.stringify(value)}`);
    return fallback;
  }
  return value;
}

function stringMap(p: Problems, path: string, value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) {
    p.add(path, `must be an object of name → string`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      out[k] = String(v);
    else p.add(`${path}.${k}`, `must be a string, got ${JSON.stringify(v)}`);
  }
  return out;
}

/**
 * Consolidates the script's options with the CLI flags (k6: a shortcut
 * option set at a higher level replaces the lower level's `duration`,
 * `iterations` and `scenarios`), derives the scenarios, and validates it all.
 */
export function buildRunOptions(scriptOptions: unknown, cli: CliOverrides = {}): RunOptions {
  const p = new Problems();
  if (scriptOptions !== undefined && scriptOptions !== null && !isObject(scriptOptions)) {
    p.add('options', 'must be an object');
    p.throwIfAny();
  }
  const opts: Record<string, unknown> = { ...((scriptOptions as Record<string, unknown>) ?? {}) };
  for (const key of Object.keys(opts)) {
    if (opts[key] === undefined) delete opts[key];
  }
  for (const key of Object.keys(opts)) {
    if (SUPPORTED_OPTIONS.has(key)) continue;
    if (UNSUPPORTED_OPTIONS.has(key)) {
      p.add(
        `options.${key}`,
        `k6 option '${key}' is not supported by slalab's k6 runner; remove it or run the script with k6`,
      );
    } else {
      p.add(`options.${key}`, `unknown option '${key}'`);
    }
  }
  // CLI shortcut flags replace the script's execution settings (k6 Options.Apply).
  if (cli.duration !== undefined || cli.iterations !== undefined) {
    delete opts.duration;
    delete opts.iterations;
    delete opts.scenarios;
    if (cli.duration !== undefined) opts.duration = cli.duration;
    if (cli.iterations !== undefined) opts.iterations = cli.iterations;
  }
  if (cli.vus !== undefined) opts.vus = cli.vus;
  if (cli.executionSegment !== undefined) opts.executionSegment = cli.executionSegment;
  if (cli.executionSegmentSequence !== undefined) {
    opts.executionSegmentSequence = cli.executionSegmentSequence;
  }
  if (cli.summaryTrendStats !== undefined) opts.summaryTrendStats = cli.summaryTrendStats;

  const scenarios = deriveScenarios(p, opts);

  const trendStats = opts.summaryTrendStats ?? DEFAULT_TREND_STATS;
  if (!Array.isArray(trendStats) || trendStats.some((s) => typeof s !== 'string')) {
    p.add('options.summaryTrendStats', 'must be a list such as ["avg", "p(95)"]');
  } else {
    for (const stat of trendStats as string[]) {
      if (!/^(avg|min|med|max|count|p\((\d+(\.\d+)?)\))$/.test(stat)) {
        p.add(
          'options.summaryTrendStats',
          `unknown trend stat '${stat}' (use avg, min, med, max, count or p(N))`,
        );
      }
    }
  }
  const timeUnit = opts.summaryTimeUnit;
  if (
    timeUnit !== undefined &&
    timeUnit !== null &&
    !['s', 'ms', 'us'].includes(timeUnit as string)
  ) {
    p.add('options.summaryTimeUnit', `must be 's', 'ms' or 'us', got ${JSON.stringify(timeUnit)}`);
  }
  if (opts.noCookiesReset === true) {
    p.add(
      'options.noCookiesReset',
      `slalab's runner always resets the cookie jar after each iteration; remove it`,
    );
  }
  for (const key of ['executionSegment', 'executionSegmentSequence']) {
    if (opts[key] !== undefined && typeof opts[key] !== 'string') {
      p.add(`options.${key}`, 'must be a string');
    }
  }
  const userAgent = opts.userAgent ?? 'slalab-k6-runner (k6-compatible)';
  if (typeof userAgent !== 'string') p.add('options.userAgent', 'must be a string');

  const result: RunOptions = {
    scenarios,
    thresholds: opts.thresholds,
    setupTimeout: duration(p, 'options.setupTimeout', opts.setupTimeout, 60_000),
    teardownTimeout: duration(p, 'options.teardownTimeout', opts.teardownTimeout, 60_000),
    handleSummaryTimeout: duration(
      p,
      'options.handleSummaryTimeout',
      opts.handleSummaryTimeout,
      120_000,
    ),
    summaryTrendStats: Array.isArray(trendStats) ? (trendStats as string[]) : DEFAULT_TREND_STATS,
    summaryTimeUnit: (timeUnit ?? undefined) as RunOptions['summaryTimeUnit'],
    tags: stringMap(p, 'options.tags', opts.tags),
    userAgent: String(userAgent),
    maxRedirects: integer(p, 'options.maxRedirects', opts.maxRedirects, 10, { min: 0 }),
    discardResponseBodies: bool(
      p,
      'options.discardResponseBodies',
      opts.discardResponseBodies,
      false,
    ),
    noConnectionReuse: bool(p, 'options.noConnectionReuse', opts.noConnectionReuse, false),
    noVUConnectionReuse: bool(p, 'options.noVUConnectionReuse', opts.noVUConnectionReuse, false),
    throw: bool(p, 'options.throw', opts.throw, false),
    minIterationDuration: duration(p, 'options.minIterationDuration', opts.minIterationDuration, 0),
    batch: integer(p, 'options.batch', opts.batch, 20, { min: 1 }),
    batchPerHost: integer(p, 'options.batchPerHost', opts.batchPerHost, 6, { min: 0 }),
    insecureSkipTLSVerify: bool(
      p,
      'options.insecureSkipTLSVerify',
      opts.insecureSkipTLSVerify,
      false,
    ),
    executionSegment: opts.executionSegment as string | undefined,
    executionSegmentSequence: opts.executionSegmentSequence as string | undefined,
    consolidated: {},
  };
  if (opts.thresholds !== undefined && !isObject(opts.thresholds)) {
    p.add('options.thresholds', 'must be an object of metric name → list of thresholds');
  }
  p.throwIfAny();
  result.consolidated = consolidated(opts, result);
  return result;
}

function consolidated(opts: Record<string, unknown>, r: RunOptions): Record<string, unknown> {
  const scenarios: Record<string, unknown> = {};
  for (const s of r.scenarios) {
    const { name: _name, ...rest } = s;
    scenarios[s.name] = rest;
  }
  return { ...opts, scenarios, summaryTrendStats: r.summaryTrendStats };
}

/** k6 `DeriveScenariosFromShortcuts`, then every scenario validated. */
function deriveScenarios(p: Problems, opts: Record<string, unknown>): ScenarioConfig[] {
  const hasIterations = opts.iterations !== undefined && opts.iterations !== null;
  const hasDuration = opts.duration !== undefined && opts.duration !== null;
  const hasScenarios = opts.scenarios !== undefined && opts.scenarios !== null;
  let raw: Record<string, unknown>;
  if (hasIterations) {
    if (hasScenarios) {
      p.add('options', 'using `iterations` and `scenarios` options simultaneously is not allowed');
      return [];
    }
    raw = {
      default: {
        executor: 'shared-iterations',
        vus: opts.vus,
        iterations: opts.iterations,
        ...(hasDuration ? { maxDuration: opts.duration } : {}),
      },
    };
  } else if (hasDuration) {
    if (hasScenarios) {
      p.add('options', 'using `duration` and `scenarios` options simultaneously is not allowed');
      return [];
    }
    const ms = safeParseK6Duration(opts.duration);
    if (ms.ok && ms.ms <= 0) {
      p.add('options.duration', 'should be more than 0');
      return [];
    }
    raw = { default: { executor: 'constant-vus', vus: opts.vus, duration: opts.duration } };
  } else if (hasScenarios && isObject(opts.scenarios) && Object.keys(opts.scenarios).length > 0) {
    raw = opts.scenarios;
  } else if (hasScenarios && !isObject(opts.scenarios)) {
    p.add('options.scenarios', 'must be an object of scenario name → scenario');
    return [];
  } else if (opts.vus !== undefined && opts.vus !== null) {
    raw = { default: { executor: 'shared-iterations', vus: opts.vus, iterations: opts.vus } };
  } else {
    raw = { default: { executor: 'per-vu-iterations' } };
  }
  const out: ScenarioConfig[] = [];
  for (const [name, value] of Object.entries(raw)) {
    const s = readScenario(p, name, value);
    if (s) out.push(s);
  }
  return out;
}

function readScenario(p: Problems, name: string, value: unknown): ScenarioConfig | undefined {
  const path = `options.scenarios.${name}`;
  if (!SCENARIO_NAME.test(name)) {
    p.add(
      path,
      'the scenario name should contain only numbers, latin letters, underscores, and dashes',
    );
  }
  if (!isObject(value)) {
    p.add(path, 'must be an object with an `executor`');
    return undefined;
  }
  const executor = value.executor;
  if (typeof executor !== 'string') {
    p.add(`${path}.executor`, `missing; use one of ${SUPPORTED_EXECUTORS.join(', ')}`);
    return undefined;
  }
  if (!(SUPPORTED_EXECUTORS as readonly string[]).includes(executor)) {
    p.add(
      `${path}.executor`,
      UNSUPPORTED_EXECUTORS.includes(executor)
        ? `executor '${executor}' is not supported by slalab's k6 runner (it supports ${SUPPORTED_EXECUTORS.join(', ')})`
        : `unknown executor '${executor}' (slalab's k6 runner supports ${SUPPORTED_EXECUTORS.join(', ')})`,
    );
    return undefined;
  }
  const ex = executor as ExecutorName;
  const allowed = new Set([...BASE_FIELDS, ...EXECUTOR_FIELDS[ex]]);
  for (const key of Object.keys(value)) {
    if (value[key] === undefined) continue;
    if (key === 'options') {
      p.add(
        `${path}.options`,
        "scenario options (browser) are not supported by slalab's k6 runner",
      );
    } else if (!allowed.has(key)) {
      p.add(
        `${path}.${key}`,
        `unknown field for a ${ex} scenario (it takes ${[...allowed].join(', ')})`,
      );
    }
  }
  const exec = value.exec ?? 'default';
  if (typeof exec !== 'string' || exec === '')
    p.add(`${path}.exec`, 'must be the name of an exported function');
  const base = {
    name,
    startTime: duration(p, `${path}.startTime`, value.startTime, 0),
    gracefulStop: duration(p, `${path}.gracefulStop`, value.gracefulStop, 30_000),
    exec: String(exec),
    env: stringMap(p, `${path}.env`, value.env),
    tags: stringMap(p, `${path}.tags`, value.tags),
  };
  switch (ex) {
    case 'shared-iterations':
    case 'per-vu-iterations': {
      const vus = integer(p, `${path}.vus`, value.vus, 1);
      const iterations = integer(p, `${path}.iterations`, value.iterations, 1);
      if (vus <= 0) p.add(`${path}.vus`, 'the number of VUs must be more than 0');
      if (ex === 'shared-iterations' && iterations < vus) {
        p.add(
          `${path}.iterations`,
          `the number of iterations (${iterations}) can't be less than the number of VUs (${vus})`,
        );
      }
      if (ex === 'per-vu-iterations' && iterations <= 0) {
        p.add(`${path}.iterations`, 'the number of iterations must be more than 0');
      }
      const maxDuration = duration(p, `${path}.maxDuration`, value.maxDuration, 600_000, {
        min: MIN_DURATION_MS,
      });
      return { ...base, executor: ex, vus, iterations, maxDuration };
    }
    case 'constant-vus': {
      const vus = integer(p, `${path}.vus`, value.vus, 1);
      if (vus <= 0) p.add(`${path}.vus`, 'the number of VUs must be more than 0');
      if (value.duration === undefined) p.add(`${path}.duration`, 'the duration is unspecified');
      const d = duration(p, `${path}.duration`, value.duration, 0, { min: MIN_DURATION_MS });
      return { ...base, executor: ex, vus, duration: d };
    }
    case 'constant-arrival-rate': {
      if (value.rate === undefined) p.add(`${path}.rate`, "the iteration rate isn't specified");
      const rate = integer(p, `${path}.rate`, value.rate, 0);
      if (value.rate !== undefined && rate <= 0)
        p.add(`${path}.rate`, 'the iteration rate must be more than 0');
      const timeUnit = duration(p, `${path}.timeUnit`, value.timeUnit, 1000);
      if (timeUnit <= 0) p.add(`${path}.timeUnit`, 'the timeUnit must be more than 0');
      if (value.duration === undefined) p.add(`${path}.duration`, 'the duration is unspecified');
      const d = duration(p, `${path}.duration`, value.duration, 0, { min: MIN_DURATION_MS });
      const { preAllocatedVUs, maxVUs } = vuRange(p, path, value);
      return { ...base, executor: ex, rate, timeUnit, duration: d, preAllocatedVUs, maxVUs };
    }
    case 'ramping-arrival-rate': {
      const startRate = integer(p, `${path}.startRate`, value.startRate, 0, { min: 0 });
      const timeUnit = duration(p, `${path}.timeUnit`, value.timeUnit, 1000);
      if (timeUnit <= 0) p.add(`${path}.timeUnit`, 'the timeUnit must be more than 0');
      const stages: Array<{ duration: number; target: number }> = [];
      if (!Array.isArray(value.stages) || value.stages.length === 0) {
        p.add(`${path}.stages`, 'at least one stage has to be specified');
      } else {
        value.stages.forEach((st: unknown, i: number) => {
          const sp = `${path}.stages[${i}]`;
          if (!isObject(st)) {
            p.add(sp, 'must be { duration, target }');
            return;
          }
          for (const k of Object.keys(st)) {
            if (k !== 'duration' && k !== 'target') p.add(`${sp}.${k}`, 'unknown stage field');
          }
          if (st.duration === undefined) p.add(sp, `stage ${i + 1} doesn't have a duration`);
          if (st.target === undefined) p.add(sp, `stage ${i + 1} doesn't have a target`);
          stages.push({
            duration: duration(p, `${sp}.duration`, st.duration, 0),
            target: integer(p, `${sp}.target`, st.target, 0, { min: 0 }),
          });
        });
      }
      const { preAllocatedVUs, maxVUs } = vuRange(p, path, value);
      return { ...base, executor: ex, startRate, timeUnit, stages, preAllocatedVUs, maxVUs };
    }
  }
}

function vuRange(
  p: Problems,
  path: string,
  value: Record<string, unknown>,
): { preAllocatedVUs: number; maxVUs: number } {
  if (value.preAllocatedVUs === undefined) {
    p.add(`${path}.preAllocatedVUs`, "the number of preAllocatedVUs isn't specified");
  }
  const preAllocatedVUs = integer(p, `${path}.preAllocatedVUs`, value.preAllocatedVUs, 0, {
    min: 0,
  });
  const maxVUs = integer(p, `${path}.maxVUs`, value.maxVUs, preAllocatedVUs);
  if (maxVUs < preAllocatedVUs)
    p.add(`${path}.maxVUs`, "maxVUs can't be less than preAllocatedVUs");
  return { preAllocatedVUs, maxVUs };
}

/** One line per scenario, in k6's words (`GetDescription`), for the start banner. */
export function describeScenario(s: ScenarioConfig): string {
  const extra: string[] = [];
  if (s.exec !== 'default') extra.push(`exec: ${s.exec}`);
  if (s.startTime > 0) extra.push(`startTime: ${formatK6Duration(s.startTime)}`);
  if (s.gracefulStop > 0) extra.push(`gracefulStop: ${formatK6Duration(s.gracefulStop)}`);
  const info = (facts: string[]) => ` (${[...facts, ...extra].join(', ')})`;
  switch (s.executor) {
    case 'shared-iterations':
      return `${s.iterations} iterations shared among ${s.vus} VUs${info([`maxDuration: ${formatK6Duration(s.maxDuration)}`])}`;
    case 'per-vu-iterations':
      return `${s.iterations} iterations for each of ${s.vus} VUs${info([`maxDuration: ${formatK6Duration(s.maxDuration)}`])}`;
    case 'constant-vus':
      return `${s.vus} looping VUs for ${formatK6Duration(s.duration)}${extra.length ? ` (${extra.join(', ')})` : ''}`;
    case 'constant-arrival-rate':
      return `${((s.rate * 1000) / s.timeUnit).toFixed(2)} iterations/s for ${formatK6Duration(s.duration)}${info([`maxVUs: ${s.preAllocatedVUs}${s.maxVUs > s.preAllocatedVUs ? `-${s.maxVUs}` : ''}`])}`;
    case 'ramping-arrival-rate': {
      const max = Math.max(s.startRate, ...s.stages.map((st) => st.target));
      return `Up to ${((max * 1000) / s.timeUnit).toFixed(2)} iterations/s for ${formatK6Duration(regularDuration(s))} over ${s.stages.length} stages${info([`maxVUs: ${s.preAllocatedVUs}${s.maxVUs > s.preAllocatedVUs ? `-${s.maxVUs}` : ''}`])}`;
    }
  }
}

/**
 * `runK6`: one k6 test run, start to end, in k6's order
 * (https://grafana.com/docs/k6/latest/using-k6/test-lifecycle/):
 *
 *  1. load the script (refusing what the runner does not implement);
 *  2. run the init context once to read `options`, consolidate them with the
 *     flags and validate them, thresholds included;
 *  3. initialise the planned VUs (each runs the init context);
 *  4. `setup()` (within `setupTimeout`), its result JSON-copied to every VU;
 *  5. every scenario from its `startTime`, thresholds checked every 2 s
 *     (`abortOnFail`);
 *  6. `teardown(data)` (within `teardownTimeout`), also after `exec.test.abort()`;
 *  7. the final threshold check, then `handleSummary(data)` or the text
 *     summary, and `--summary-export`.
 *
 * The exit code is k6's: 0, 99 when a threshold failed, 100/101 for a
 * setup/teardown timeout, 104 invalid options, 105 interrupted, 107 a script
 * exception in the init context or setup, 108 `exec.test.abort()` (see errors.ts).
 *
 * Every wait is bounded: a run lasts at most setupTimeout + the longest
 * scenario's startTime + duration + gracefulStop + teardownTimeout +
 * handleSummaryTimeout (plus the script's own synchronous work).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GroupNode, type LogLevel, type RunContext, type RunCounters } from './context.js';
import { formatK6Duration } from './duration.js';
import { EXIT, K6RunError, RemoteRefusedError, TestAbortError } from './errors.js';
import { createExecutor, type Executor, type ExecutorHost } from './executors.js';
import { loadScript, type ScriptBundle } from './loader.js';
import { type Metric, Registry, type Tags, TrendSink } from './metrics.js';
import { buildRunOptions, describeScenario, type RunOptions, regularDuration } from './options.js';
import { ExecutionTuple, SegmentedIndex } from './segments.js';
import { buildSummaryData, legacyJsonSummary, type SummaryData, textSummary } from './summary.js';
import { buildThresholds, evaluateThresholds, type MetricThresholds } from './thresholds.js';
import { describeError, VU } from './vu.js';

export interface K6RunConfig {
  /** Path to the k6 script (.ts or .js). */
  script: string;
  /** `-e KEY=VALUE` values; they override the system environment. */
  env?: Record<string, string>;
  /** Pass the process environment to `__ENV` (k6 run's default: true). */
  includeSystemEnvVars?: boolean;
  vus?: number;
  iterations?: number;
  duration?: string;
  executionSegment?: string;
  executionSegmentSequence?: string;
  summaryTrendStats?: string[];
  summaryExport?: string;
  /** No summary at all: no text, no handleSummary, no export (k6 `--no-summary`). */
  noSummary?: boolean;
  noThresholds?: boolean;
  noSetup?: boolean;
  noTeardown?: boolean;
  /** No start banner or end-of-run line. */
  quiet?: boolean;
  /** Allow traffic to hosts other than 127.0.0.0/8, ::1 and localhost. */
  allowRemote?: boolean;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** Where handleSummary's relative paths go (default: the current directory). */
  cwd?: string;
  tty?: { stdout: boolean; stderr: boolean };
  /** Aborting it stops the test as Ctrl+C does (exit 105). */
  signal?: AbortSignal;
}

export interface LagStats {
  count: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

export interface K6RunResult {
  exitCode: number;
  /** The data handleSummary received (undefined when the run never started or --no-summary). */
  summary: SummaryData | undefined;
  breachedThresholds: string[];
  /** Why the test stopped early, if it did. */
  abortReason: string | undefined;
  /** How late arrival-rate iterations started after their scheduled time (slalab-specific). */
  scheduleLag: LagStats;
}

const THRESHOLDS_EVERY_MS = 2000;

class TestRun implements RunContext, ExecutorHost {
  options: RunOptions;
  readonly registry = new Registry();
  readonly bundle: ScriptBundle;
  readonly env: Readonly<Record<string, string>>;
  readonly allowRemote: boolean;
  readonly rootGroup = new GroupNode('');
  readonly counters: RunCounters = {
    iterationsCompleted: 0,
    iterationsInterrupted: 0,
    vusActive: 0,
    vusInitialized: 0,
  };
  startEpochMs = Date.now();
  tuple: ExecutionTuple = ExecutionTuple.from();
  private perfStart = performance.now();
  private readonly shared = new Map<string, readonly unknown[]>();
  private readonly files = new Map<string, string | Buffer>();
  private readonly idle: VU[] = [];
  readonly allVUs: VU[] = [];
  private vuIds: SegmentedIndex | undefined;
  executors: Executor[] = [];
  abortInfo: { reason: string; exitCode: number } | undefined;
  failedReason: string | undefined;
  private setupData: string | undefined;
  private readonly lag = new TrendSink();
  private readonly write: { out: (s: string) => void; err: (s: string) => void };

  constructor(
    bundle: ScriptBundle,
    env: Record<string, string>,
    config: K6RunConfig,
    options: RunOptions,
  ) {
    this.bundle = bundle;
    this.env = env;
    this.allowRemote = config.allowRemote === true;
    this.options = options;
    this.write = {
      out: config.stdout ?? ((s) => process.stdout.write(s)),
      err: config.stderr ?? ((s) => process.stderr.write(s)),
    };
  }

  get aborted(): boolean {
    return this.abortInfo !== undefined;
  }

  now(): number {
    return performance.now() - this.perfStart;
  }

  startClock(): void {
    this.perfStart = performance.now();
    this.startEpochMs = Date.now();
  }

  log(level: LogLevel, message: string, fields?: Record<string, string>): void {
    if (level === 'debug') return;
    const tag = { info: 'INFO', warn: 'WARN', error: 'ERRO' }[level];
    const secs = String(Math.max(0, Math.floor(this.now() / 1000))).padStart(4, '0');
    const extra = fields
      ? Object.entries(fields)
          .map(([k, v]) => ` ${k}=${/[\s"]/.test(v) ? JSON.stringify(v) : v}`)
          .join('')
      : '';
    this.write.err(`${tag}[${secs}] ${message}${extra}\n`);
  }

  out(text: string): void {
    this.write.out(text);
  }

  err(text: string): void {
    this.write.err(text);
  }

  emit(metric: Metric, value: number, tags: Tags): void {
    this.registry.add(metric, value, tags);
  }

  sharedArray(name: string, build: () => unknown): readonly unknown[] {
    const existing = this.shared.get(name);
    if (existing) return existing;
    const value = build();
    if (!Array.isArray(value))
      throw new TypeError(`SharedArray '${name}': the function must return an array`);
    const copy = deepFreeze(JSON.parse(JSON.stringify(value)) as unknown[]);
    this.shared.set(name, copy);
    return copy;
  }

  openFile(path: string, binary: boolean): string | ArrayBuffer {
    let content = this.files.get(path);
    if (content === undefined) {
      try {
        content = readFileSync(path);
      } catch (error) {
        throw new Error(
          `open(${path}): ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
        );
      }
      this.files.set(path, content);
    }
    const buf = content as Buffer;
    return binary
      ? (buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer)
      : buf.toString('utf8');
  }

  abortTest(reason: string, exitCode: number): void {
    if (this.abortInfo) return;
    this.abortInfo = { reason, exitCode };
    this.log('error', reason);
    for (const e of this.executors) e.abort();
    for (const vu of this.allVUs) if (vu.iterating) vu.interrupt();
  }

  markFailed(reason: string): void {
    this.failedReason ??= reason;
    this.log('error', reason);
  }

  // --- ExecutorHost ---------------------------------------------------------------

  get run(): RunContext {
    return this;
  }

  setupJson(): string | undefined {
    return this.setupData;
  }

  setSetupJson(json: string | undefined): void {
    this.setupData = json;
  }

  newVU(): VU {
    this.vuIds ??= new SegmentedIndex(this.tuple);
    const { scaled, unscaled } = this.vuIds.next();
    const vu = new VU(this, scaled, unscaled);
    vu.init();
    this.allVUs.push(vu);
    this.counters.vusInitialized++;
    this.emit(this.registry.get('vus_max')!, this.counters.vusInitialized, {
      ...this.options.tags,
    });
    return vu;
  }

  initPlanned(n: number): void {
    for (let i = 0; i < n; i++) this.idle.push(this.newVU());
  }

  takeVUs(n: number): VU[] {
    const taken = this.idle.splice(0, Math.min(n, this.idle.length));
    while (taken.length < n) taken.push(this.newVU());
    return taken;
  }

  returnVUs(vus: VU[]): void {
    this.idle.push(...vus);
  }

  initUnplannedVU(): VU | undefined {
    if (this.aborted) return undefined;
    try {
      return this.newVU();
    } catch (error) {
      this.log('error', `Error while allocating unplanned VU: ${(error as Error).message}`);
      return undefined;
    }
  }

  vusActiveChanged(delta: number): void {
    this.counters.vusActive += delta;
    this.emit(this.registry.get('vus')!, this.counters.vusActive, { ...this.options.tags });
  }

  recordLag(ms: number): void {
    this.lag.add(ms);
  }

  lagStats(): LagStats {
    return {
      count: this.lag.count,
      medianMs: this.lag.p(0.5),
      p95Ms: this.lag.p(0.95),
      maxMs: this.lag.max,
    };
  }

  disposeAll(): void {
    for (const vu of this.allVUs) vu.dispose();
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Races `promise` against `ms`; 'timeout' when the time ran out first. */
async function within<T>(promise: Promise<T>, ms: number): Promise<{ value: T } | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), ms)));
  try {
    return await Promise.race([promise.then((value) => ({ value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits `ms` (a scenario's startTime), or less if the test is aborted meanwhile; leaves no timer behind. */
function abortable(ms: number, run: TestRun): Promise<void> {
  return new Promise((res) => {
    if (ms <= 0 || run.aborted) return res();
    const done = () => {
      clearTimeout(t);
      clearInterval(poll);
      res();
    };
    const t = setTimeout(done, ms);
    const poll = setInterval(() => {
      if (run.aborted) done();
    }, 50);
  });
}

/** The most VUs the scenarios need at once (k6 `GetMaxPlannedVUs`), from their [start, end + gracefulStop) windows. */
function maxPlannedVUs(executors: Executor[]): number {
  const events: Array<[number, number]> = [];
  for (const e of executors) {
    const c = e.config;
    const n = e.plannedVUs();
    events.push([c.startTime, n], [c.startTime + regularDuration(c) + c.gracefulStop, -n]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let max = 0;
  for (const [, delta] of events) {
    current += delta;
    max = Math.max(max, current);
  }
  return max;
}

/** Runs a k6 script. Throws a K6RunError (with its exit code) when the test is refused before it starts. */
export async function runK6(config: K6RunConfig): Promise<K6RunResult> {
  const bundle = loadScript(config.script);
  const env: Record<string, string> = {};
  if (config.includeSystemEnvVars !== false) {
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  }
  Object.assign(env, config.env ?? {});

  // The init context once, to read the options (k6 does the same with a throwaway VU).
  const run = new TestRun(bundle, env, config, buildRunOptions({}));
  const service = new VU(run, 0, 0);
  service.init();
  const cli = {
    vus: config.vus,
    iterations: config.iterations,
    duration: config.duration,
    executionSegment: config.executionSegment,
    executionSegmentSequence: config.executionSegmentSequence,
    summaryTrendStats: config.summaryTrendStats,
  };
  run.options = buildRunOptions(service.exports.options, cli);
  try {
    run.tuple = ExecutionTuple.from(
      run.options.executionSegment,
      run.options.executionSegmentSequence,
    );
  } catch (error) {
    throw new K6RunError(`execution segment: ${(error as Error).message}`, EXIT.invalidConfig);
  }
  let thresholds: MetricThresholds[] = [];
  try {
    if (!config.noThresholds) thresholds = buildThresholds(run.options.thresholds, run.registry);
    run.registry.resolve('http_req_duration{expected_response:true}');
  } catch (error) {
    throw new K6RunError(
      `thresholds:\n  ${(error as Error).message.split('\n').join('\n  ')}`,
      EXIT.invalidConfig,
    );
  }
  run.executors = run.options.scenarios.map((s) => createExecutor(run, s));
  const working = run.executors.filter((e) => e.hasWork());
  const missing = working
    .filter((e) => typeof service.exports[e.config.exec] !== 'function')
    .map(
      (e) =>
        `options.scenarios.${e.config.name}.exec: the script exports no function '${e.config.exec}'`,
    );
  if (missing.length > 0) throw new K6RunError(missing.join('\n'), EXIT.invalidConfig);

  const maxPlanned = maxPlannedVUs(working);
  if (!config.quiet) run.err(banner(config.script, run, working, maxPlanned));
  run.initPlanned(maxPlanned);

  const onRejection = (reason: unknown) =>
    run.log('error', `Uncaught (in promise) ${describeError(reason)}`);
  process.on('unhandledRejection', onRejection);
  const onSignal = () => run.abortTest('test run was aborted (interrupted)', EXIT.externalAbort);
  config.signal?.addEventListener('abort', onSignal, { once: true });

  let exitCode: number = EXIT.ok;
  let breached: string[] = [];
  let summary: SummaryData | undefined;
  let ticker: NodeJS.Timeout | undefined;
  try {
    run.startClock();
    run.emit(run.registry.get('vus')!, 0, { ...run.options.tags });
    let setupOk = true;
    let runTeardown = true;
    if (typeof service.exports.setup === 'function' && !config.noSetup) {
      const outcome = await within(
        service.call('setup', undefined),
        run.options.setupTimeout,
      ).catch((error: unknown) => ({ error }));
      if (outcome === 'timeout') {
        service.interrupt();
        run.log(
          'error',
          `setup() execution timed out after ${formatK6Duration(run.options.setupTimeout)}`,
        );
        exitCode = EXIT.setupTimeout;
        setupOk = false;
        runTeardown = false;
      } else if ('error' in outcome) {
        setupOk = false;
        if (outcome.error instanceof TestAbortError) {
          // exec.test.abort() in setup: k6 still runs teardown.
        } else {
          runTeardown = false;
          if (!(outcome.error instanceof RemoteRefusedError)) {
            run.log('error', `setup() failed: ${describeError(outcome.error)}`);
            exitCode = EXIT.scriptException;
          }
        }
      } else {
        run.setSetupJson(outcome.value === undefined ? undefined : JSON.stringify(outcome.value));
      }
    }

    if (setupOk && !run.aborted) {
      if (thresholds.length > 0) {
        ticker = setInterval(() => {
          const v = evaluateThresholds(thresholds, run.now(), true);
          if (v.shouldAbort) {
            run.abortTest(
              `thresholds on metrics '${v.breached.join(', ')}' were breached; at least one has abortOnFail enabled, stopping test prematurely`,
              EXIT.thresholdsFailed,
            );
          }
        }, THRESHOLDS_EVERY_MS);
      }
      await Promise.all(
        working.map(async (e) => {
          await abortable(e.config.startTime, run);
          if (!run.aborted) await e.run();
        }),
      );
    }
    if (ticker) clearInterval(ticker);

    if (
      runTeardown &&
      typeof service.exports.teardown === 'function' &&
      !config.noTeardown &&
      !service.poisoned
    ) {
      const data = run.setupJson() === undefined ? undefined : JSON.parse(run.setupJson()!);
      const outcome = await within(
        service.call('teardown', data),
        run.options.teardownTimeout,
      ).catch((error: unknown) => ({ error }));
      if (outcome === 'timeout') {
        service.interrupt();
        run.log(
          'error',
          `teardown() execution timed out after ${formatK6Duration(run.options.teardownTimeout)}`,
        );
        if (exitCode === EXIT.ok) exitCode = EXIT.teardownTimeout;
      } else if ('error' in outcome && !(outcome.error instanceof TestAbortError)) {
        if (!(outcome.error instanceof RemoteRefusedError)) {
          run.log('error', `teardown() failed: ${describeError(outcome.error)}`);
        }
      }
    }

    const durationMs = run.now();
    const verdict = evaluateThresholds(thresholds, durationMs, false);
    for (const u of verdict.unevaluated) run.log('warn', `threshold not evaluated: ${u}`);
    breached = verdict.breached;
    if (!config.quiet) {
      const c = run.counters;
      const lag = run.lagStats();
      const lagText =
        lag.count > 0
          ? `; arrival-rate start lag median ${lag.medianMs.toFixed(2)}ms, p(95) ${lag.p95Ms.toFixed(2)}ms, max ${lag.maxMs.toFixed(2)}ms`
          : '';
      run.err(
        `\nrunning (${formatK6Duration(Math.round(durationMs))}), ${c.vusActive}/${c.vusInitialized} VUs, ${c.iterationsCompleted} complete and ${c.iterationsInterrupted} interrupted iterations${lagText}\n`,
      );
    }

    if (!config.noSummary) {
      summary = buildSummaryData({
        registry: run.registry,
        thresholds,
        rootGroup: run.rootGroup,
        trendStats: run.options.summaryTrendStats,
        timeUnit: run.options.summaryTimeUnit,
        durationMs,
        setupJson: run.setupJson(),
        tty: config.tty ?? {
          stdout: Boolean(process.stdout.isTTY),
          stderr: Boolean(process.stderr.isTTY),
        },
        noColor: true,
      });
      await writeSummary(run, service, summary, config);
    }

    if (run.abortInfo) exitCode = exitCode === EXIT.ok ? run.abortInfo.exitCode : exitCode;
    if (exitCode === EXIT.ok && breached.length > 0) {
      run.log('error', `thresholds on metrics '${breached.join(', ')}' have been crossed`);
      exitCode = EXIT.thresholdsFailed;
    }
    if (exitCode === EXIT.ok && run.failedReason) exitCode = EXIT.markedFailed;
  } finally {
    if (ticker) clearInterval(ticker);
    process.off('unhandledRejection', onRejection);
    config.signal?.removeEventListener('abort', onSignal);
    for (const e of run.executors) e.abort();
    run.disposeAll();
    service.dispose();
  }
  return {
    exitCode,
    summary,
    breachedThresholds: breached,
    abortReason: run.abortInfo?.reason,
    scheduleLag: run.lagStats(),
  };
}

async function writeSummary(
  run: TestRun,
  service: VU,
  data: SummaryData,
  config: K6RunConfig,
): Promise<void> {
  let outputs: Record<string, unknown> | undefined;
  if (typeof service.exports.handleSummary === 'function' && !service.poisoned) {
    const outcome = await within(
      service.call('handleSummary', structuredClone(data)),
      run.options.handleSummaryTimeout,
    ).catch((error: unknown) => ({ error }));
    if (outcome === 'timeout') {
      service.interrupt();
      run.log(
        'error',
        `handleSummary() timed out after ${formatK6Duration(run.options.handleSummaryTimeout)}; printing the default summary`,
      );
    } else if ('error' in outcome) {
      run.log(
        'error',
        `handleSummary() failed: ${describeError(outcome.error)}; printing the default summary`,
      );
    } else if (outcome.value !== undefined && outcome.value !== null) {
      if (typeof outcome.value !== 'object') {
        run.log(
          'error',
          'handleSummary() should return a map with string keys; printing the default summary',
        );
      } else outputs = outcome.value as Record<string, unknown>;
    } else outputs = {};
  }
  outputs ??= { stdout: textSummary(data) };
  if (config.summaryExport) outputs[config.summaryExport] = legacyJsonSummary(data);
  const cwd = config.cwd ?? process.cwd();
  for (const [key, value] of Object.entries(outputs)) {
    const text =
      typeof value === 'string'
        ? value
        : value instanceof ArrayBuffer
          ? Buffer.from(value)
          : ArrayBuffer.isView(value)
            ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
            : String(value);
    if (key === 'stdout') run.out(String(text));
    else if (key === 'stderr') run.err(String(text));
    else {
      const path = resolve(cwd, key);
      try {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, text);
      } catch (error) {
        run.log('error', `could not write the summary to ${path}: ${(error as Error).message}`);
      }
    }
  }
}

function banner(script: string, run: TestRun, working: Executor[], maxVUs: number): string {
  const share = run.tuple.segment.length.toNumber() * 100;
  const longest = Math.max(
    0,
    ...working.map((e) => e.config.startTime + regularDuration(e.config) + e.config.gracefulStop),
  );
  const n = run.options.scenarios.length;
  const lines = [
    '',
    '  execution: local (slalab k6-compatible runner)',
    `     script: ${script}`,
    `  scenarios: (${share.toFixed(2)}%) ${n} scenario${n === 1 ? '' : 's'}, ${maxVUs} max VUs, ${formatK6Duration(longest)} max duration (incl. graceful stop):`,
    ...run.options.scenarios.map((s) => `           * ${s.name}: ${describeScenario(s)}`),
    '',
  ];
  return `${lines.join('\n')}\n`;
}

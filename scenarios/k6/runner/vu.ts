/**
 * A virtual user: its own instance of every script module (k6 gives each VU
 * its own JS runtime; https://grafana.com/docs/k6/latest/using-k6/test-lifecycle/),
 * its own HTTP connections and cookies, and one iteration at a time.
 *
 * All VUs share Node's one thread, each in its own async context: `sleep()`
 * and the blocking `http.*` calls are awaited (see loader.ts), timers from
 * `k6/timers` and un-awaited `http.asyncRequest()` calls are waited for
 * before the iteration ends, as k6's event loop does.
 *
 * Interrupting a VU (graceful stop over, or the test aborted) poisons it: its
 * pending sleeps, timers and requests are cancelled, every later k6 call from
 * that VU throws, and it is never given work again.
 */
import { setMaxListeners } from 'node:events';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { format } from 'node:util';
import type { GroupNode, RunContext } from './context.js';
import { EXIT, InterruptError, K6RunError, RemoteRefusedError, TestAbortError } from './errors.js';
import { HttpClient, type HttpVU } from './http.js';
import { createK6Modules } from './k6modules.js';
import { type CompiledModule, dependency } from './loader.js';
import type { Tags } from './metrics.js';

/** What a VU knows about the scenario it is running. */
export interface Activation {
  name: string;
  executor: string;
  exec: string;
  /** Unix ms when the scenario started. */
  startEpochMs: number;
  env: Record<string, string>;
  tags: Tags;
  progress: () => number;
  /** k6 `nextIterationCounters`: 0-based local and global iteration numbers. */
  nextCounters: () => { local: number; global: number };
}

type Setter = (vu: number, iter: number, env: Record<string, string>) => void;

export class VU implements HttpVU {
  readonly run: RunContext;
  /** `__VU` and `exec.vu.idInInstance` (0 for the VU that runs setup and teardown). */
  readonly id: number;
  readonly idInTest: number;
  readonly http: HttpClient;
  exports: Record<string, unknown> = {};
  activation: Activation | undefined;
  iterationInInstance = -1;
  iterationInScenario = -1;
  scenarioIterLocal = -1;
  scenarioIterGlobal = -1;
  /** `exec.vu.metrics.tags`: tags the script sets on every later sample of this VU. */
  readonly userTags: Record<string, unknown> = {};
  readonly userMetadata: Record<string, unknown> = {};
  group: GroupNode;
  inInit = true;
  poisoned = false;
  iterating = false;
  setupData: unknown;
  private setupDataSource: string | undefined;
  private env: Record<string, string>;
  private readonly setters: Setter[] = [];
  private readonly controller = new AbortController();
  private pending = 0;
  private asyncError: unknown;
  private drainWaiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private timerSeq = 0;
  private activationTags: Tags | undefined;
  readonly console: Console;

  constructor(run: RunContext, id: number, idInTest: number) {
    this.run = run;
    this.id = id;
    this.idInTest = idInTest;
    this.env = { ...run.env };
    this.group = run.rootGroup;
    this.http = new HttpClient(run, this);
    // Each request in flight listens for the VU's interruption and stops
    // listening when it settles; a VU with many async requests in flight is
    // not a leak, so lift Node's warning at 10 listeners.
    setMaxListeners(0, this.controller.signal);
    const log =
      (level: 'debug' | 'info' | 'warn' | 'error') =>
      (...args: unknown[]) =>
        run.log(level, format(...args), { source: 'console' });
    this.console = {
      ...console,
      log: log('info'),
      info: log('info'),
      debug: log('debug'),
      warn: log('warn'),
      error: log('error'),
      trace: log('debug'),
    } as Console;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Runs the init context: every module of the script, for this VU. */
  init(): void {
    const { bundle } = this.run;
    const cache = new Map<string, { exports: Record<string, unknown> }>();
    const k6 = createK6Modules(this);
    const load = (mod: CompiledModule): Record<string, unknown> => {
      const cached = cache.get(mod.path);
      if (cached) return cached.exports;
      const module = { exports: {} as Record<string, unknown> };
      cache.set(mod.path, module);
      const req = (specifier: string): unknown => {
        const dep = dependency(mod, specifier);
        if (dep.kind === 'k6') return k6[dep.name];
        return load(bundle.modules.get(dep.path)!);
      };
      const open = (path: string, mode?: string) => {
        if (!this.inInit)
          throw new Error('open() can only be called in the init context (module scope)');
        if (mode !== undefined && mode !== 'b')
          throw new TypeError(`open(): mode must be 'b' or omitted, got ${JSON.stringify(mode)}`);
        return this.run.openFile(resolve(dirname(mod.path), String(path)), mode === 'b');
      };
      mod.factory(
        module.exports,
        req,
        module,
        mod.path,
        dirname(mod.path),
        open,
        this.console,
        (s) => {
          this.setters.push(s);
          s(this.id, Math.max(0, this.iterationInInstance), this.env);
        },
      );
      return module.exports;
    };
    try {
      this.exports = load(bundle.modules.get(bundle.entry)!);
    } catch (error) {
      if (error instanceof TestAbortError)
        throw new K6RunError(
          `test aborted in the init context: ${error.message}`,
          EXIT.scriptAborted,
        );
      if (error instanceof K6RunError) throw error;
      throw new K6RunError(
        `the init context (module scope) threw: ${describeError(error)}`,
        EXIT.scriptException,
      );
    } finally {
      this.inInit = false;
    }
  }

  private bindAll(): void {
    const iter = Math.max(0, this.iterationInInstance);
    for (const s of this.setters) s(this.id, iter, this.env);
  }

  /** Assigns the VU to a scenario (k6 `Activate`): its env, tags and counters. */
  activate(activation: Activation, setupJson: string | undefined): void {
    this.activation = activation;
    this.iterationInScenario = -1;
    this.env = { ...this.run.env, ...activation.env };
    this.activationTags = {
      ...this.run.options.tags,
      ...activation.tags,
      scenario: activation.name,
    };
    if (setupJson !== this.setupDataSource) {
      this.setupDataSource = setupJson;
      this.setupData = setupJson === undefined ? undefined : JSON.parse(setupJson);
    }
    this.bindAll();
  }

  deactivate(): void {
    this.activation = undefined;
    this.activationTags = undefined;
  }

  /** The tags on every sample this VU emits now. */
  sampleTags(): Tags {
    const tags: Tags = {
      ...(this.activationTags ?? this.run.options.tags),
      group: this.group.path,
    };
    for (const k in this.userTags) {
      const v = this.userTags[k];
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
        tags[k] = String(v);
    }
    return tags;
  }

  assertCanRequest(what: string): void {
    if (this.poisoned) throw new InterruptError();
    if (this.inInit)
      throw new Error(`${what}: making requests in the init context is not supported (k6 neither)`);
  }

  assertAlive(): void {
    if (this.poisoned) throw new InterruptError();
  }

  /** Runs one iteration; true when it completed (with or without an exception), false when interrupted. */
  async runIteration(): Promise<boolean> {
    const act = this.activation!;
    const { local, global } = act.nextCounters();
    this.scenarioIterLocal = local;
    this.scenarioIterGlobal = global;
    this.iterationInInstance++;
    this.iterationInScenario++;
    this.bindAll();
    this.group = this.run.rootGroup;
    this.asyncError = undefined;
    this.iterating = true;
    const start = performance.now();
    try {
      const fn = this.exports[act.exec] as (data: unknown) => unknown;
      const result = fn(this.setupData);
      if (result && typeof (result as Promise<unknown>).then === 'function') await result;
      if (this.pending > 0) await this.drain();
      const min = this.run.options.minIterationDuration;
      if (min > 0) {
        const left = min - (performance.now() - start);
        if (left > 0) await this.sleepMs(left);
      }
    } catch (error) {
      if (this.poisoned || error instanceof InterruptError || error instanceof TestAbortError) {
        this.iterating = false;
        return false;
      }
      if (!(error instanceof RemoteRefusedError)) {
        this.run.log('error', describeError(error), { source: 'stacktrace' });
      }
    }
    this.iterating = false;
    if (this.poisoned) return false;
    this.group = this.run.rootGroup;
    const tags = this.sampleTags();
    const r = this.run.registry;
    this.run.emit(r.get('iteration_duration')!, performance.now() - start, tags);
    this.run.emit(r.get('iterations')!, 1, tags);
    this.run.counters.iterationsCompleted++;
    this.http.endIteration();
    return true;
  }

  /** Runs an exported lifecycle function (setup, teardown, handleSummary) on this VU. */
  async call(name: string, arg: unknown): Promise<unknown> {
    this.bindAll();
    const fn = this.exports[name] as (arg: unknown) => unknown;
    const result = await fn(arg);
    if (this.pending > 0) await this.drain();
    this.http.endIteration();
    return result;
  }

  /** Interrupts whatever the VU is doing, for good. */
  interrupt(): void {
    if (this.poisoned) return;
    if (this.iterating) this.run.counters.iterationsInterrupted++;
    this.poisoned = true;
    this.controller.abort();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.pending = 0;
    const waiters = this.drainWaiters.splice(0);
    for (const w of waiters) w.reject(new InterruptError());
    this.http.destroy();
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.http.destroy();
  }

  // --- waiting -------------------------------------------------------------

  sleep(seconds: unknown): Promise<void> {
    if (this.poisoned) return rejected(new InterruptError());
    const s = Number(seconds);
    if (!Number.isFinite(s))
      return rejected(
        new TypeError(`sleep(): ${JSON.stringify(seconds)} is not a number of seconds`),
      );
    return this.sleepMs(s * 1000);
  }

  sleepMs(ms: number): Promise<void> {
    if (this.poisoned) return rejected(new InterruptError());
    if (!(ms > 0)) return Promise.resolve();
    const signal = this.controller.signal;
    const p = new Promise<void>((res, rej) => {
      const onAbort = () => {
        clearTimeout(t);
        rej(new InterruptError());
      };
      const t = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        res();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    p.catch(() => {});
    return p;
  }

  /** Counts work the iteration must wait for before it ends (timers, un-awaited async requests). */
  track<T>(promise: Promise<T>): Promise<T> {
    this.pending++;
    promise.then(
      () => this.settleOne(),
      () => this.settleOne(),
    );
    promise.catch(() => {});
    return promise;
  }

  private settleOne(): void {
    if (this.pending > 0) this.pending--;
    this.maybeDrained();
  }

  private drain(): Promise<void> {
    return new Promise((res, rej) => {
      this.drainWaiters.push({ resolve: res, reject: rej });
      this.maybeDrained();
    });
  }

  private maybeDrained(): void {
    if (this.asyncError !== undefined) {
      const e = this.asyncError;
      for (const w of this.drainWaiters.splice(0)) w.reject(e);
      return;
    }
    if (this.pending === 0) for (const w of this.drainWaiters.splice(0)) w.resolve();
  }

  // --- k6/timers -------------------------------------------------------------

  setTimer(cb: unknown, delay: unknown, args: unknown[], repeat: boolean): number {
    this.assertAlive();
    if (typeof cb !== 'function') throw new TypeError('the timer callback must be a function');
    const id = ++this.timerSeq;
    const ms = Math.max(0, Number(delay) || 0);
    this.pending++;
    const fire = () => {
      if (this.poisoned) return;
      if (!repeat) {
        this.timers.delete(id);
        this.pending--;
      }
      try {
        const r = cb(...args);
        if (r && typeof (r as Promise<unknown>).then === 'function')
          this.track(r as Promise<unknown>).catch((e) => this.fail(e));
      } catch (error) {
        this.fail(error);
      }
      this.maybeDrained();
    };
    this.timers.set(id, repeat ? setInterval(fire, ms) : setTimeout(fire, ms));
    return id;
  }

  clearTimer(id: unknown): void {
    const t = this.timers.get(Number(id));
    if (!t) return;
    clearTimeout(t);
    this.timers.delete(Number(id));
    this.pending--;
    this.maybeDrained();
  }

  private fail(error: unknown): void {
    this.asyncError = error;
    this.maybeDrained();
  }
}

function rejected(error: Error): Promise<void> {
  const p = Promise.reject(error);
  p.catch(() => {});
  return p;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return `Uncaught (in promise) ${String(error)}`;
}

/**
 * The five executors, with k6's semantics for how many VUs and which
 * iterations this instance runs (execution segments), when each iteration
 * starts, and when the scenario stops.
 *
 * Every executor runs inside a window: iterations start only before
 * `duration` (`maxDuration` for the iteration-based ones); running iterations
 * get `gracefulStop` more, then are interrupted
 * (https://grafana.com/docs/k6/latest/using-k6/scenarios/concepts/graceful-stop/).
 * Nothing waits past that hard end, so a scenario never outlives
 * `duration + gracefulStop`.
 *
 * Ports of grafana/k6 `lib/executor/`:
 *  - shared-iterations: `ScaleInt64(vus)` VUs; iterations re-segmented by
 *    `vus`; iterations not started by `maxDuration` are `dropped_iterations`
 *    (https://grafana.com/docs/k6/latest/using-k6/scenarios/executors/shared-iterations/);
 *  - per-vu-iterations: `ScaleInt64(vus)` VUs × `iterations` each
 *    (…/executors/per-vu-iterations/);
 *  - constant-vus: `ScaleInt64(vus)` VUs looping for `duration` (…/executors/constant-vus/);
 *  - constant-arrival-rate: slot g starts at g·P, P = timeUnit/rate truncated
 *    to whole nanoseconds, this instance taking its stripe of the sequence
 *    re-segmented by `maxVUs` (…/executors/constant-arrival-rate/);
 *  - ramping-arrival-rate: slot g starts when the area under the rate curve
 *    reaches g+1 (k6 `cal`, grafana/k6#1285) (…/executors/ramping-arrival-rate/).
 * For both arrival-rate executors a slot with no free VU is dropped and
 * counted in `dropped_iterations`; if `maxVUs` allows, one more VU is
 * initialised in the background, one at a time, for later slots
 * (https://grafana.com/docs/k6/latest/using-k6/scenarios/concepts/dropped-iterations/,
 * …/scenarios/concepts/arrival-rate-vu-allocation/).
 */
import { performance } from 'node:perf_hooks';
import type { RunContext } from './context.js';
import type {
  ConstantArrivalRateScenario,
  IterationsScenario,
  RampingArrivalRateScenario,
  ScenarioConfig,
} from './options.js';
import { regularDuration } from './options.js';
import { type ExecutionTuple, SegmentedIndex } from './segments.js';
import type { Activation, VU } from './vu.js';

/** What an executor needs from the scheduler. */
export interface ExecutorHost {
  readonly run: RunContext;
  readonly tuple: ExecutionTuple;
  setupJson(): string | undefined;
  /** Planned VUs from the pool (initialising more if the pool is short). */
  takeVUs(n: number): VU[];
  /** Gives healthy VUs back to the pool. */
  returnVUs(vus: VU[]): void;
  /** Initialises one VU beyond the planned ones (arrival-rate `maxVUs`). */
  initUnplannedVU(): VU | undefined;
  vusActiveChanged(delta: number): void;
  /** Records how late an arrival-rate iteration started (ms). */
  recordLag(ms: number): void;
}

/** Scheduled start times of an executor's slots, in ms from the scenario start, in order. */
export type SlotTimes = Iterator<number>;

/** Lets the event loop run: a timer-free way out of a microtask-only loop. */
function yieldToLoop(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/** Resolves at `at` (a performance.now() value), never early. */
async function waitUntil(at: number, stop: Promise<void>): Promise<void> {
  let left = at - performance.now();
  if (left > 1) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([new Promise<void>((r) => (timer = setTimeout(r, Math.floor(left)))), stop]);
    clearTimeout(timer);
    left = at - performance.now();
  }
  while (left > 0) {
    await yieldToLoop();
    left = at - performance.now();
  }
}

class Window {
  readonly startedAt = performance.now();
  readonly startEpochMs = Date.now();
  readonly regularEndsAt: number;
  readonly hardEndsAt: number;
  regularOver = false;
  hardOver = false;
  /** Resolves when no new iteration may start. */
  readonly regular: Promise<void>;
  /** Resolves when running iterations are interrupted. */
  readonly hard: Promise<void>;
  private endRegular!: () => void;
  private endHard!: () => void;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(durationMs: number, gracefulStopMs: number) {
    this.regularEndsAt = this.startedAt + durationMs;
    this.hardEndsAt = this.regularEndsAt + gracefulStopMs;
    this.regular = new Promise((r) => (this.endRegular = r));
    this.hard = new Promise((r) => (this.endHard = r));
    this.timers.push(setTimeout(() => this.stopStarting(), durationMs));
    this.timers.push(setTimeout(() => this.stopAll(), durationMs + gracefulStopMs));
  }

  /** True when new iterations may start now. */
  open(): boolean {
    if (!this.regularOver && performance.now() >= this.regularEndsAt) this.stopStarting();
    return !this.regularOver;
  }

  stopStarting(): void {
    this.regularOver = true;
    this.endRegular();
  }

  stopAll(): void {
    this.stopStarting();
    this.hardOver = true;
    this.endHard();
  }

  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
  }
}

export abstract class Executor {
  readonly config: ScenarioConfig;
  protected readonly host: ExecutorHost;
  protected window: Window | undefined;
  /** VUs this executor holds, busy or idle. */
  protected readonly vus: VU[] = [];
  private iterIndex: SegmentedIndex | undefined;
  private stopped = false;

  constructor(host: ExecutorHost, config: ScenarioConfig) {
    this.host = host;
    this.config = config;
  }

  /** VUs to initialise before the test for this scenario. */
  abstract plannedVUs(): number;
  /** VUs it may initialise mid-test beyond the planned ones. */
  maxUnplannedVUs(): number {
    return 0;
  }
  /** Whether this instance (its execution segment) has anything to run. */
  abstract hasWork(): boolean;
  /** The tuple whose stripe numbers this executor's iterations (k6 `iterSegIndex`). */
  protected iterationTuple(): ExecutionTuple {
    return this.host.tuple;
  }
  protected abstract execute(w: Window): Promise<void>;
  /** 0..1, for `exec.scenario.progress`. */
  protected abstract progress(w: Window): number;

  /** Runs the scenario; resolves by `duration + gracefulStop` at the latest. */
  async run(): Promise<void> {
    if (this.stopped) return;
    const w = new Window(regularDuration(this.config), this.config.gracefulStop);
    this.window = w;
    this.iterIndex = new SegmentedIndex(this.iterationTuple());
    let finished = false;
    const work = this.execute(w).then(() => {
      finished = true;
    });
    await Promise.race([work, w.hard]);
    if (!finished) {
      w.stopAll();
      for (const vu of this.vus) if (vu.iterating) vu.interrupt();
      // Interrupted sleeps and requests reject at once; let the loops record what they dropped.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([work, new Promise<void>((r) => (timer = setTimeout(r, 250)))]);
      clearTimeout(timer);
    }
    w.dispose();
    this.release();
  }

  /** Stops at once (test aborted): no new iterations, running ones interrupted. */
  abort(): void {
    this.stopped = true;
    this.window?.stopAll();
  }

  protected activation(w: Window): Activation {
    const c = this.config;
    return {
      name: c.name,
      executor: c.executor,
      exec: c.exec,
      startEpochMs: w.startEpochMs,
      env: c.env,
      tags: c.tags,
      progress: () => Math.min(1, this.progress(w)),
      nextCounters: () => {
        const { scaled, unscaled } = this.iterIndex!.next();
        return { local: scaled - 1, global: unscaled - 1 };
      },
    };
  }

  protected adopt(vus: VU[], w: Window): void {
    const act = this.activation(w);
    const json = this.host.setupJson();
    for (const vu of vus) {
      vu.activate(act, json);
      this.vus.push(vu);
    }
    this.host.vusActiveChanged(vus.length);
  }

  private release(): void {
    const healthy = this.vus.filter((v) => !v.poisoned);
    for (const vu of this.vus) vu.deactivate();
    this.host.vusActiveChanged(-this.vus.length);
    this.host.returnVUs(healthy);
    this.vus.length = 0;
  }

  protected dropped(count: number): void {
    if (count <= 0) return;
    const run = this.host.run;
    run.emit(run.registry.get('dropped_iterations')!, count, {
      ...run.options.tags,
      ...this.config.tags,
      scenario: this.config.name,
    });
  }

  /** A VU's loop for the looping executors; `more()` says whether to start another iteration. */
  protected async loop(vu: VU, w: Window, more: () => boolean): Promise<void> {
    let lastYield = performance.now();
    while (w.open() && !vu.poisoned && more()) {
      await vu.runIteration();
      if (performance.now() - lastYield > 5) {
        await yieldToLoop();
        lastYield = performance.now();
      }
    }
  }
}

class SharedIterations extends Executor {
  declare readonly config: IterationsScenario;
  private readonly segmented: ExecutionTuple | undefined;
  private done = 0;
  private total = 0;

  constructor(host: ExecutorHost, config: IterationsScenario) {
    super(host, config);
    this.segmented = host.tuple.resegment(config.vus);
  }

  plannedVUs(): number {
    return this.host.tuple.scaleInt64(this.config.vus);
  }

  private iterations(): number {
    return this.segmented ? this.segmented.scaleInt64(this.config.iterations) : 0;
  }

  hasWork(): boolean {
    return this.plannedVUs() > 0 && this.iterations() > 0;
  }

  protected override iterationTuple(): ExecutionTuple {
    return this.segmented!;
  }

  protected progress(): number {
    return this.total === 0 ? 1 : this.done / this.total;
  }

  protected async execute(w: Window): Promise<void> {
    this.total = this.iterations();
    const vus = this.host.takeVUs(this.plannedVUs());
    this.adopt(vus, w);
    let attempted = 0;
    await Promise.all(
      vus.map((vu) =>
        this.loop(vu, w, () => {
          attempted++;
          if (attempted > this.total) return false;
          this.done++;
          return true;
        }),
      ),
    );
    // k6 counts the iterations never attempted before maxDuration as dropped.
    if (attempted < this.total) this.dropped(this.total - attempted);
  }
}

class PerVUIterations extends Executor {
  declare readonly config: IterationsScenario;
  private done = 0;

  plannedVUs(): number {
    return this.host.tuple.scaleInt64(this.config.vus);
  }

  hasWork(): boolean {
    return this.plannedVUs() > 0 && this.config.iterations > 0;
  }

  protected progress(): number {
    const total = this.plannedVUs() * this.config.iterations;
    return total === 0 ? 1 : this.done / total;
  }

  protected async execute(w: Window): Promise<void> {
    const vus = this.host.takeVUs(this.plannedVUs());
    this.adopt(vus, w);
    await Promise.all(
      vus.map(async (vu) => {
        let i = 0;
        await this.loop(vu, w, () => {
          if (i >= this.config.iterations) return false;
          i++;
          this.done++;
          return true;
        });
        if (i < this.config.iterations) this.dropped(this.config.iterations - i);
      }),
    );
  }
}

class ConstantVUs extends Executor {
  plannedVUs(): number {
    return this.host.tuple.scaleInt64((this.config as { vus: number }).vus);
  }

  hasWork(): boolean {
    return this.plannedVUs() > 0;
  }

  protected progress(w: Window): number {
    return (performance.now() - w.startedAt) / (w.regularEndsAt - w.startedAt);
  }

  protected async execute(w: Window): Promise<void> {
    const vus = this.host.takeVUs(this.plannedVUs());
    this.adopt(vus, w);
    await Promise.all(vus.map((vu) => this.loop(vu, w, () => true)));
  }
}

/** The arrival-rate machinery both arrival-rate executors share; they differ in their slot times. */
abstract class ArrivalRate extends Executor {
  declare readonly config: ConstantArrivalRateScenario | RampingArrivalRateScenario;
  protected readonly segmented: ExecutionTuple | undefined;

  constructor(
    host: ExecutorHost,
    config: ConstantArrivalRateScenario | RampingArrivalRateScenario,
  ) {
    super(host, config);
    this.segmented = host.tuple.resegment(config.maxVUs);
  }

  plannedVUs(): number {
    return this.host.tuple.scaleInt64(this.config.preAllocatedVUs);
  }

  override maxUnplannedVUs(): number {
    return this.host.tuple.scaleInt64(this.config.maxVUs) - this.plannedVUs();
  }

  hasWork(): boolean {
    return this.host.tuple.scaleInt64(this.config.maxVUs) > 0 && this.segmented !== undefined;
  }

  protected override iterationTuple(): ExecutionTuple {
    return this.segmented!;
  }

  protected progress(w: Window): number {
    return (performance.now() - w.startedAt) / (w.regularEndsAt - w.startedAt);
  }

  /** This instance's slot start times, ms from the scenario start. */
  protected abstract slots(): SlotTimes;

  protected async execute(w: Window): Promise<void> {
    const free = this.host.takeVUs(this.plannedVUs());
    this.adopt(free, w);
    let remainingUnplanned = this.maxUnplannedVUs();
    let initialising = false;
    const running = new Set<Promise<void>>();
    const duration = regularDuration(this.config);
    const slots = this.slots();
    let sinceYield = 0;
    for (;;) {
      const next = slots.next();
      if (next.done) break;
      const due = next.value;
      if (due >= duration) break;
      const at = w.startedAt + due;
      if (at > performance.now()) {
        await waitUntil(at, w.regular);
        sinceYield = 0;
      } else if (++sinceYield >= 64) {
        await yieldToLoop();
        sinceYield = 0;
      }
      if (!w.open()) break;
      const vu = free.pop();
      if (vu) {
        this.host.recordLag(performance.now() - at);
        const p: Promise<void> = vu.runIteration().then(() => {
          running.delete(p);
          if (!vu.poisoned && w.open()) free.push(vu);
        });
        running.add(p);
        continue;
      }
      this.dropped(1);
      if (remainingUnplanned > 0 && !initialising) {
        initialising = true;
        remainingUnplanned--;
        setImmediate(() => {
          initialising = false;
          if (!w.open()) return;
          const extra = this.host.initUnplannedVU();
          if (!extra) return;
          this.adopt([extra], w);
          free.push(extra);
        });
      }
    }
    // k6's loop only returns when the regular duration is over, even after the last slot.
    await w.regular;
    if (running.size > 0) await Promise.race([Promise.all(running), w.hard]);
  }
}

class ConstantArrivalRate extends ArrivalRate {
  declare readonly config: ConstantArrivalRateScenario;

  protected *slots(): Generator<number> {
    const { start, offsets } = this.segmented!.wrapper.stripedOffsets(this.segmented!.index);
    // k6 getTickerPeriod: timeUnit/rate as a float64, truncated to whole nanoseconds.
    const periodNs = Math.trunc(Math.round(this.config.timeUnit * 1e6) / this.config.rate);
    for (let li = 0, gi = start; ; gi += offsets[li % offsets.length]!, li++) {
      yield (periodNs * gi) / 1e6;
    }
  }
}

class RampingArrivalRate extends ArrivalRate {
  declare readonly config: RampingArrivalRateScenario;

  protected *slots(): Generator<number> {
    yield* rampingSlotTimes(this.config, this.segmented!);
  }
}

/**
 * k6's `RampingArrivalRateConfig.cal`: the start time (ms) of each of this
 * instance's slots, slot g starting when the area under the piecewise-linear
 * rate curve reaches g+1, in nanosecond float64 arithmetic as k6 does.
 */
export function* rampingSlotTimes(
  config: Pick<RampingArrivalRateScenario, 'startRate' | 'timeUnit' | 'stages'>,
  tuple: ExecutionTuple,
): Generator<number> {
  const { start, offsets } = tuple.wrapper.stripedOffsets(tuple.index);
  let li = -1;
  const next = () => {
    li++;
    return offsets[li % offsets.length]!;
  };
  const timeUnit = Math.round(config.timeUnit * 1e6);
  let stageStart = 0;
  let doneSoFar = 0;
  let endCount = 0;
  let from = config.startRate / timeUnit;
  let i = start + 1;
  for (const stage of config.stages) {
    const to = stage.target / timeUnit;
    const dur = Math.round(stage.duration * 1e6);
    if (from !== to) {
      endCount += dur * ((to - from) / 2 + from);
      for (; i <= endCount; i += next()) {
        const inner = dur * (from * from * dur + 2 * (i - doneSoFar) * (to - from));
        const x = (from * dur - (inner >= 0 ? Math.sqrt(inner) : 0)) / (from - to);
        yield (Math.trunc(x) + stageStart) / 1e6;
      }
    } else {
      endCount += dur * to;
      for (; i <= endCount; i += next())
        yield (Math.trunc((i - doneSoFar) / to) + stageStart) / 1e6;
    }
    doneSoFar = endCount;
    from = to;
    stageStart += dur;
  }
}

export function createExecutor(host: ExecutorHost, config: ScenarioConfig): Executor {
  switch (config.executor) {
    case 'shared-iterations':
      return new SharedIterations(host, config);
    case 'per-vu-iterations':
      return new PerVUIterations(host, config);
    case 'constant-vus':
      return new ConstantVUs(host, config);
    case 'constant-arrival-rate':
      return new ConstantArrivalRate(host, config);
    case 'ramping-arrival-rate':
      return new RampingArrivalRate(host, config);
  }
}

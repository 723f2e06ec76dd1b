/**
 * Interval requirements: per horizon interval and agent group, the fewest
 * agents on duty (after shrinkage) with which every SLA target of the scenario
 * is met by the contacts created in that interval.
 *
 * Why simulation: an interval's contacts are answered by the agents of that
 * interval AND by whatever backlog the previous intervals left them (and, for
 * long thresholds, by the agents of the intervals that follow), priorities,
 * bots, chat concurrency, blended e-mail and escalations interact, and handle
 * times are not exponential. Per-interval Erlang formulas see none of that;
 * they only give the starting point.
 *
 * Algorithm (a coordinate-wise bracket search on common random numbers):
 * 1. Seed x[g][h] with the analytic oracle (analyticSeed.ts). Warm-up and
 *    cool-down intervals take the staffing of the same position in the
 *    horizon (h mod H), so the week wraps around as a steady cycle.
 * 2. Saturation round: simulate 2·seed + ¼·peak + 3 agents everywhere. An
 *    interval check still missed there is not reachable by staffing (e.g. a
 *    first-response target shorter than the bot conversation before a
 *    hand-off): it is reported, and its goal relaxed to what saturation
 *    reached less 2 points, so the search keeps it as close as staffing gets
 *    instead of chasing the impossible or dropping the group to nobody.
 * 3. Each round simulates R replications of x, always replications 0…R−1 of
 *    the same seed, so every round sees the same contacts and differs only by
 *    the staffing. For each target and interval the pooled attainment is
 *    compared with the goal; every miss is blamed on one (group, interval)
 *    (checks.ts). Each coordinate then keeps a bracket: `lo`, the largest
 *    value seen failing, and `hi`, the smallest seen passing (a coordinate
 *    passes in a round where no miss is blamed on it; a later failure at or
 *    above `hi` reopens the bracket, since neighbours moved). A failing
 *    coordinate goes up (1, 2, 4… agents while it keeps failing, or to the
 *    middle of its bracket); a passing one goes down (1, 2, 4… while it keeps
 *    passing, then bisects). All coordinates move at once, none above its
 *    saturation level.
 * 4. Stopping rule: stop at the first round with no miss in which every
 *    coordinate's bracket is closed (hi = lo + 1, or hi = 0) and sits at hi
 *    (or it fails at its saturation level, where more agents are no cure);
 *    or after `maxRounds` rounds. If that last round still misses, up to
 *    `repairRounds` raise-only rounds follow; the result is the last staffing
 *    that met every goal (relaxed where unreachable), at worst the
 *    saturation staffing, and `converged` says which way it ended.
 * Confidence: for the result, the share of replications in which the
 * interval met every goal on its own (small intervals are noisy:
 * five calls and one late answer is 80%).
 */
import type { Scenario } from '../../scenarios/schema/types.js';
import { analyticRequirements } from './analyticSeed.js';
import { buildChecks, type Check } from './checks.js';
import { attainmentStandardError, evaluateRound, meets, type RoundEvaluation } from './evaluate.js';
import { createRunner, type SearchOutput, type StaffingRunner } from './runner.js';

export interface RequirementOptions {
  seed: number | string;
  /** Replications per simulation round (default 10). */
  replications?: number;
  /** Rounds of the search before it stops unconverged (default 40). */
  maxRounds?: number;
  /** Raise-only rounds after an unconverged search that still misses (default 10). */
  repairRounds?: number;
  /** Worker threads (compiled code only; default 1). */
  workers?: number;
  /** Start from this staffing (per group × horizon interval) instead of the analytic seed. */
  start?: number[][];
  /** Called after every replication and after every round. */
  onProgress?: (progress: { round: number; replications: number; misses: number }) => void;
}

export interface GroupRequirement {
  group: string;
  /** The analytic (Erlang C/A) agents per horizon interval. */
  analytic: number[];
  /** Agents on duty required per horizon interval (simulation-refined). */
  required: number[];
}

export interface TargetAttainment {
  target: string;
  goal: number;
  atMost: boolean;
  /** Pooled attainment per horizon interval with the required staffing (null: nobody eligible). */
  attainment: Array<number | null>;
  /** Its standard error across replications (null with fewer than two replications measured). */
  standardError: Array<number | null>;
}

export interface Requirements {
  groups: GroupRequirement[];
  /**
   * Per horizon interval: share of replications in which the interval met
   * every goal (relaxed where unreachable) with the required staffing.
   */
  confidence: number[];
  /** Per horizon interval: whether the pooled attainment met every goal (relaxed where unreachable). */
  met: boolean[];
  targets: TargetAttainment[];
  /**
   * Interval checks no staffing reached: the attainment at the saturation
   * round, and the relaxed goal the search kept instead (that attainment less
   * 2 points; for abandonment, plus 2 points).
   */
  unreachable: Array<{ target: string; interval: number; attainment: number; goal: number }>;
  rounds: number;
  converged: boolean;
  replications: number;
  /** Replications simulated in all (rounds × R, saturation included). */
  replicationsRun: number;
  /** Contacts simulated in all (created in the horizon, over every replication run). */
  contactsRun: number;
  seconds: { analytic: number; simulation: number; total: number };
}

const MAX_STEP = 8;
/** How far below the best reachable attainment a relaxed goal sits. */
const UNREACHABLE_MARGIN = 0.02;

/** Per-group staffing over the whole grid from per-horizon-interval values (h mod H). */
export function gridStaffing(scenario: Scenario, perInterval: number[][]): number[][] {
  const total = scenario.warmupIntervals + scenario.horizonIntervals + scenario.cooldownIntervals;
  const H = scenario.horizonIntervals;
  const W = scenario.warmupIntervals;
  return perInterval.map((x) =>
    Array.from({ length: total }, (_, k) => x[(((k - W) % H) + H) % H]),
  );
}

/**
 * The interval requirements of a scenario.
 *
 * @example
 * const req = await computeRequirements(scenario, { seed: 1, replications: 10 });
 * req.groups[0].required.length; // scenario.horizonIntervals
 */
export async function computeRequirements(
  scenario: Scenario,
  options: RequirementOptions,
): Promise<Requirements> {
  const started = performance.now();
  const R = options.replications ?? 10;
  const analyticStarted = performance.now();
  const analytic = analyticRequirements(scenario);
  const analyticSeconds = (performance.now() - analyticStarted) / 1000;
  const set = buildChecks(scenario);
  const checks = set.checks;
  const G = scenario.groups.length;
  const H = scenario.horizonIntervals;
  const dims = {
    intervals: H,
    slas: set.scenario.sla.length,
    channels: scenario.channels.length,
    groups: G,
  };
  let round = 0;
  let lastMisses = 0;
  const runner: StaffingRunner = createRunner(set.scenario, {
    seed: options.seed,
    replications: R,
    workers: options.workers,
    onReplication: (n) => options.onProgress?.({ round, replications: n, misses: lastMisses }),
  });
  try {
    const simulate = (x: number[][]) => runner.run(gridStaffing(scenario, x));

    // Saturation: which checks can staffing reach at all?
    const peaks = analytic.map((a) => Math.max(0, ...a));
    const saturated = analytic.map((a, g) => a.map((n) => 2 * n + Math.ceil(0.25 * peaks[g]) + 3));
    const satOutputs = await simulate(saturated);
    const satEval = evaluateRound(satOutputs, checks, dims);
    // Goals no staffing reaches are relaxed to what it does reach, less a margin.
    const goals = new Float64Array(checks.length * H).fill(Number.NaN);
    const unreachable: Requirements['unreachable'] = [];
    for (const [ci, h] of satEval.misses) {
      const check = checks[ci];
      const attainment = satEval.attainment[check.target * H + h];
      const goal = check.atMost
        ? Math.min(1, attainment + UNREACHABLE_MARGIN)
        : Math.max(0, attainment - UNREACHABLE_MARGIN);
      goals[ci * H + h] = goal;
      unreachable.push({ target: check.name, interval: h, attainment, goal });
    }

    const start = options.start ?? analytic;
    const search = new BracketSearch(start, saturated, G, H);
    let best: { x: number[][]; evaluation: RoundEvaluation; outputs: SearchOutput[] } = {
      x: saturated,
      evaluation: evaluateRound(satOutputs, checks, dims, goals),
      outputs: satOutputs,
    };
    const maxRounds = options.maxRounds ?? 40;
    const repairRounds = options.repairRounds ?? 10;
    let converged = false;
    let repairing = false;
    for (round = 1; round <= maxRounds + repairRounds; round++) {
      const x = search.values();
      const outputs = await simulate(x);
      const evaluation = evaluateRound(outputs, checks, dims, goals);
      lastMisses = evaluation.misses.length;
      options.onProgress?.({ round, replications: runner.replicationsRun, misses: lastMisses });
      const blame = blameMisses(evaluation, checks, set.queueServers, search, start, goals, dims);
      const settled = evaluation.misses.length === 0 && search.closed();
      if (evaluation.misses.length === 0) best = { x, evaluation, outputs };
      if (settled) {
        converged = true;
        break;
      }
      if (round >= maxRounds) {
        if (evaluation.misses.length === 0) break;
        repairing = true;
      }
      search.step(blame, repairing);
    }
    const rounds = Math.min(round, maxRounds + repairRounds);

    const { x, evaluation, outputs } = best;
    const targets: TargetAttainment[] = checks.map((check) => ({
      target: check.name,
      goal: check.goal,
      atMost: check.atMost,
      attainment: Array.from({ length: H }, (_, h) => {
        const a = evaluation.attainment[check.target * H + h];
        return Number.isNaN(a) ? null : a;
      }),
      standardError: Array.from({ length: H }, (_, h) => {
        const se = attainmentStandardError(outputs, check.target, h, H);
        return Number.isNaN(se) ? null : se;
      }),
    }));
    const met = Array.from({ length: H }, (_, h) =>
      checks.every((check, ci) => {
        const a = evaluation.attainment[check.target * H + h];
        const goal = Number.isNaN(goals[ci * H + h]) ? check.goal : goals[ci * H + h];
        return Number.isNaN(a) || meets(check, a, goal);
      }),
    );
    return {
      groups: scenario.groups.map((g, gi) => ({
        group: g.name,
        analytic: analytic[gi],
        required: [...x[gi]],
      })),
      confidence: Array.from(evaluation.replicationsMet, (n) => n / outputs.length),
      met,
      targets,
      unreachable,
      rounds,
      converged,
      replications: R,
      replicationsRun: runner.replicationsRun,
      contactsRun: runner.contactsRun,
      seconds: {
        analytic: analyticSeconds,
        simulation: runner.seconds,
        total: (performance.now() - started) / 1000,
      },
    };
  } finally {
    await runner.close();
  }
}

/**
 * Blames each missed check on one (group, interval) among the groups and the
 * window of the parts that miss, ranked: one the last step lowered; one with
 * work of this part waiting; the one furthest below its starting (analytic)
 * level, so long-threshold targets fill the valleys of the profile instead of
 * piling agents where the backlog peaks; the longer queue; the busier group;
 * the earlier interval. Returns misses blamed per coordinate, [g * H + h].
 */
function blameMisses(
  evaluation: RoundEvaluation,
  checks: readonly Check[],
  queueServers: number[][],
  search: BracketSearch,
  seed: number[][],
  goals: Float64Array,
  dims: { intervals: number; channels: number; groups: number },
): Int32Array {
  const H = dims.intervals;
  const Q = dims.channels + 1;
  const blame = new Int32Array(dims.groups * H);
  for (const [ci, h] of evaluation.misses) {
    const check = checks[ci];
    let parts = check.parts;
    if (parts.length > 1) {
      const goal = Number.isNaN(goals[ci * H + h]) ? check.goal : goals[ci * H + h];
      const missing = parts.filter((p) => {
        const a = evaluation.attainment[p.sla * H + h];
        return !Number.isNaN(a) && !meets(check, a, goal);
      });
      if (missing.length > 0) parts = missing;
      else {
        // The total misses though no channel does on its own: blame the worst.
        let worst = parts[0];
        let worstGap = Number.NEGATIVE_INFINITY;
        for (const p of parts) {
          const a = evaluation.attainment[p.sla * H + h];
          if (Number.isNaN(a)) continue;
          const gap = check.atMost ? a - check.goal : check.goal - a;
          if (gap > worstGap) {
            worstGap = gap;
            worst = p;
          }
        }
        parts = [worst];
      }
    }
    for (const part of parts) {
      let bestG = -1;
      let bestJ = -1;
      let bestKey: number[] = [];
      // The interval before may have left this one its backlog: a candidate
      // when the last step lowered it or it sits below its analytic level.
      for (let d = -1; d <= check.window; d++) {
        const j = (h + d + H) % H;
        for (const g of part.groups) {
          const lowered = search.lowered(g, j);
          if (d < 0 && !lowered && search.value(g, j) >= seed[g][j]) continue;
          let waiting = 0;
          for (const q of part.queues) {
            if (queueServers[q].includes(g)) waiting += evaluation.queue[j * Q + q];
          }
          const key = [
            waiting > 0 ? 1 : 0,
            seed[g][j] - search.value(g, j),
            lowered ? 1 : 0,
            waiting,
            evaluation.occupancy[g * H + j],
          ];
          if (bestG < 0 || later(key, bestKey)) {
            bestKey = key;
            bestG = g;
            bestJ = j;
          }
        }
      }
      if (bestG >= 0) blame[bestG * H + bestJ]++;
    }
  }
  return blame;
}

/** Whether key `a` ranks above `b` (lexicographic, larger first). */
function later(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] > b[i];
  }
  return false;
}

/**
 * Per-coordinate brackets: `lo` the largest value seen failing (−1 = none
 * yet), `hi` the smallest seen passing (∞ = none yet), and the current value,
 * never raised above the saturation level (`cap`).
 */
class BracketSearch {
  private readonly x: Int32Array;
  private readonly previous: Int32Array;
  private readonly lo: Int32Array;
  private readonly hi: Float64Array;
  private readonly up: Int32Array;
  private readonly down: Int32Array;
  private readonly direction: Int8Array;
  private readonly cap: Int32Array;

  constructor(
    start: number[][],
    cap: number[][],
    private readonly G: number,
    private readonly H: number,
  ) {
    const n = G * H;
    this.x = new Int32Array(n);
    for (let g = 0; g < G; g++) for (let h = 0; h < H; h++) this.x[g * H + h] = start[g][h];
    this.previous = Int32Array.from(this.x);
    this.lo = new Int32Array(n).fill(-1);
    this.hi = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    this.up = new Int32Array(n).fill(1);
    this.down = new Int32Array(n).fill(1);
    this.direction = new Int8Array(n);
    this.cap = new Int32Array(n);
    for (let g = 0; g < G; g++) for (let h = 0; h < H; h++) this.cap[g * H + h] = cap[g][h];
  }

  value(g: number, h: number): number {
    return this.x[g * this.H + h];
  }

  values(): number[][] {
    return Array.from({ length: this.G }, (_, g) =>
      Array.from(this.x.subarray(g * this.H, (g + 1) * this.H)),
    );
  }

  /** Whether the last step lowered coordinate (g, h). */
  lowered(g: number, h: number): boolean {
    const k = g * this.H + h;
    return this.x[k] < this.previous[k];
  }

  private isClosed(k: number): boolean {
    const hi = this.hi[k];
    // At the saturation level and still failing: more agents are not the cure.
    if (!Number.isFinite(hi)) return this.lo[k] >= this.cap[k];
    return this.x[k] === hi && (hi === 0 || hi - this.lo[k] <= 1);
  }

  closed(): boolean {
    for (let k = 0; k < this.x.length; k++) if (!this.isClosed(k)) return false;
    return true;
  }

  /** Records the round at the current values and moves every coordinate. */
  step(blame: Int32Array, raiseOnly: boolean): void {
    for (let k = 0; k < this.x.length; k++) {
      const x = this.x[k];
      this.previous[k] = x;
      if (blame[k] > 0) {
        this.lo[k] = Math.max(this.lo[k], x);
        if (this.hi[k] <= x) this.hi[k] = Number.POSITIVE_INFINITY;
        this.up[k] = this.direction[k] > 0 ? Math.min(MAX_STEP, this.up[k] * 2) : 1;
      } else {
        if (raiseOnly) continue;
        this.hi[k] = Math.min(this.hi[k], x);
        if (this.lo[k] >= x) this.lo[k] = -1; // stale: the neighbours moved
        this.down[k] = this.direction[k] < 0 ? Math.min(MAX_STEP, this.down[k] * 2) : 1;
      }
      const lo = this.lo[k];
      const hi = this.hi[k];
      let next: number;
      if (!Number.isFinite(hi)) next = lo + this.up[k];
      else if (lo >= 0) next = hi - lo <= 1 ? hi : lo + Math.floor((hi - lo) / 2);
      else next = hi === 0 ? 0 : Math.max(0, hi - this.down[k]);
      next = Math.min(next, Math.max(this.cap[k], x));
      this.direction[k] = Math.sign(next - x);
      this.x[k] = next;
    }
  }
}

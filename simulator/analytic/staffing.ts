import { erlangAMeasures } from './erlangA.js';
import { erlangCUnchecked } from './erlangC.js';
import { garnettDelay, halfinWhittDelay, squareRootStaffing } from './squareRootStaffing.js';
import { checkFraction, checkNonNegativeRate, checkPositiveRate, checkTime } from './validate.js';

/**
 * Inverse Erlang: the fewest agents n that meet a service-level goal
 * ("`fraction` of contacts answered within `target`") or an average-speed-of-
 * answer goal, under Erlang C ('c', nobody abandons, n must exceed A = λ/μ) or
 * Erlang A ('a', exponential patience, n may be below A).
 *
 * Why: staffing plans are built from this inverse, interval by interval
 * (semantics.md §5.1, "the smallest n with SL ≥ target"); shrinkage and
 * occupancy caps are applied by the caller on top of this raw n.
 *
 * Method: seed with square-root staffing n₀ = A + β√A (semantics.md §5.2): β
 * from the Halfin–Whitt approximation for Erlang C (its service level
 * 1 − α(β)e^{−β√A·μt}, or its ASA α(β)/(β√A·μ)), from the Garnett–Mandelbaum–
 * Reiman delay probability for an Erlang A service level, and β = 0 for an
 * Erlang A ASA. Then search exactly: gallop away from the seed in doubling
 * steps until the goal flips, and bisect. The measures are monotone in n, so
 * the result n meets the goal and n − 1 does not (or n − 1 is not a valid
 * staffing: 0 agents, or ≤ A for Erlang C). The seed is within a few agents at
 * large A, so A = 4000 takes a handful of O(n) evaluations (milliseconds).
 *
 * Definitions: for 'a' the service level is answered-within-t over ALL
 * arrivals (abandoners count as failures) and the ASA is E[W] over all
 * arrivals — the `serviceLevel` and `asa` of {@link erlangAMeasures}.
 * All rates and times share one unit.
 */

/** Erlang model for the inverse: 'c' = M/M/n, 'a' = M/M/n+M. */
export type StaffingModel = 'c' | 'a';

/** Input of {@link minAgentsForServiceLevel}. */
export interface ServiceLevelStaffingParams {
  model: StaffingModel;
  /** λ (≥ 0). */
  arrivalRate: number;
  /** μ = 1/AHT (> 0). */
  serviceRate: number;
  /** θ = 1/mean patience (> 0), required for model 'a'. */
  patienceRate?: number;
  /** Threshold t (≥ 0): "answered within t". */
  target: number;
  /** Goal, strictly between 0 and 1: e.g. 0.8 for 80% within t. */
  fraction: number;
}

/** Input of {@link minAgentsForAsa}. */
export interface AsaStaffingParams {
  model: StaffingModel;
  /** λ (≥ 0). */
  arrivalRate: number;
  /** μ = 1/AHT (> 0). */
  serviceRate: number;
  /** θ = 1/mean patience (> 0), required for model 'a'. */
  patienceRate?: number;
  /** Highest acceptable mean wait E[W] (> 0). */
  asa: number;
}

/**
 * The fewest agents whose service level (answered within `target`) is at
 * least `fraction`.
 *
 * @throws {RangeError} for an unknown model, invalid rates, a missing patience rate for 'a',
 *   a negative target or a fraction outside (0, 1).
 * @example
 * // 100 calls/30 min, AHT 180 s, 80% within 20 s (per second)
 * minAgentsForServiceLevel({ model: 'c', arrivalRate: 100 / 1800, serviceRate: 1 / 180, target: 20, fraction: 0.8 }); // 14
 */
export function minAgentsForServiceLevel(p: ServiceLevelStaffingParams): number {
  const fn = 'minAgentsForServiceLevel';
  const { model, lambda, mu, theta } = checkCommon(fn, p);
  const t = checkTime(fn, 'target', p.target);
  const goal = checkFraction(fn, 'fraction', p.fraction);
  if (lambda === 0) return 1;
  const load = lambda / mu;
  if (model === 'c') {
    const lo = Math.floor(load) + 1;
    const meets = (n: number) =>
      1 - erlangCUnchecked(n, load) * Math.exp(-(n * mu - lambda) * t) >= goal;
    const beta = solveDecreasing(
      (b) => halfinWhittDelay(b) * Math.exp(-b * Math.sqrt(load) * mu * t),
      1 - goal,
      0,
      50,
    );
    return searchMin(meets, lo, Math.ceil(squareRootStaffing(load, beta)));
  }
  const meets = (n: number) =>
    (erlangAMeasures({
      arrivalRate: lambda,
      serviceRate: mu,
      patienceRate: theta,
      servers: n,
      target: t,
    }).serviceLevel as number) >= goal;
  const beta = solveDecreasing((b) => garnettDelay(b, mu / theta), 1 - goal, -20, 50);
  return searchMin(meets, 1, Math.ceil(squareRootStaffing(load, beta)));
}

/**
 * The fewest agents whose mean wait E[W] is at most `asa`.
 *
 * @throws {RangeError} for an unknown model, invalid rates, a missing patience rate for 'a',
 *   or `asa` not > 0 (a zero mean wait needs infinitely many agents).
 * @example
 * minAgentsForAsa({ model: 'c', arrivalRate: 100 / 1800, serviceRate: 1 / 180, asa: 20 }); // 13
 */
export function minAgentsForAsa(p: AsaStaffingParams): number {
  const fn = 'minAgentsForAsa';
  const { model, lambda, mu, theta } = checkCommon(fn, p);
  const asa = checkTime(fn, 'asa', p.asa);
  if (asa === 0) {
    throw new RangeError(
      `${fn}: asa must be > 0: a mean wait of exactly 0 needs infinitely many agents; pass e.g. 20 for 20 seconds`,
    );
  }
  if (lambda === 0) return 1;
  const load = lambda / mu;
  if (model === 'c') {
    const lo = Math.floor(load) + 1;
    const meets = (n: number) => erlangCUnchecked(n, load) / (n * mu - lambda) <= asa;
    // Halfin–Whitt: E[W] ≈ α(β)/(β√A·μ).
    const beta = solveDecreasing(
      (b) => halfinWhittDelay(b) / (b * Math.sqrt(load) * mu),
      asa,
      1e-9,
      50,
    );
    return searchMin(meets, lo, Math.ceil(squareRootStaffing(load, beta)));
  }
  const meets = (n: number) =>
    erlangAMeasures({ arrivalRate: lambda, serviceRate: mu, patienceRate: theta, servers: n })
      .asa <= asa;
  return searchMin(meets, 1, Math.ceil(load));
}

function checkCommon(
  fn: string,
  p: { model: unknown; arrivalRate: number; serviceRate: number; patienceRate?: number },
): { model: StaffingModel; lambda: number; mu: number; theta: number } {
  if (p.model !== 'c' && p.model !== 'a') {
    throw new RangeError(
      `${fn}: model must be 'c' (Erlang C, no abandonment) or 'a' (Erlang A, with patience), got ${JSON.stringify(p.model)}`,
    );
  }
  const lambda = checkNonNegativeRate(fn, 'arrivalRate', p.arrivalRate);
  const mu = checkPositiveRate(fn, 'serviceRate', p.serviceRate);
  const theta =
    p.model === 'a'
      ? checkPositiveRate(
          fn,
          'patienceRate',
          p.patienceRate,
          " (1/mean patience, required for model 'a')",
        )
      : 0;
  return { model: p.model, lambda, mu, theta };
}

/** β in [lo, hi] where the decreasing f crosses `level` (bisection; clamps at the ends). */
function solveDecreasing(f: (b: number) => number, level: number, lo: number, hi: number): number {
  if (f(lo) <= level) return lo;
  if (f(hi) > level) return hi;
  let a = lo;
  let b = hi;
  for (let i = 0; i < 60; i++) {
    const mid = 0.5 * (a + b);
    if (f(mid) > level) a = mid;
    else b = mid;
  }
  return b;
}

const MAX_STEP = 2 ** 40;

/**
 * Smallest n ≥ lo with meets(n), for a monotone predicate (false…false true…true),
 * starting from `seed`: gallop in doubling steps, then bisect.
 */
function searchMin(meets: (n: number) => boolean, lo: number, seed: number): number {
  let n = Math.max(lo, Number.isFinite(seed) ? seed : lo);
  let good: number;
  let bad: number; // a value known to fail, or lo − 1 (treated as failing)
  if (meets(n)) {
    good = n;
    bad = lo - 1;
    for (let step = 1; good - step >= lo; step *= 2) {
      const candidate = good - step;
      if (meets(candidate)) good = candidate;
      else {
        bad = candidate;
        break;
      }
    }
  } else {
    bad = n;
    for (let step = 1; ; step *= 2) {
      if (step > MAX_STEP) {
        throw new RangeError('staffing: no staffing level meets the goal; relax the target');
      }
      n = bad + step;
      if (meets(n)) {
        good = n;
        break;
      }
      bad = n;
    }
  }
  while (good - bad > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (meets(mid)) good = mid;
    else bad = mid;
  }
  return good;
}

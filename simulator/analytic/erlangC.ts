import { erlangBUnchecked } from './erlangB.js';
import {
  checkCount,
  checkLoad,
  checkNonNegativeRate,
  checkPositiveRate,
  checkTime,
} from './validate.js';

/**
 * Erlang C: the probability that an arrival has to wait in an M/M/n queue
 * (Poisson arrivals, exponential service, n servers, infinite patience and
 * waiting room, first come first served), offered `load` = λ/μ Erlangs.
 *
 * Why: the classic staffing formula for contact centres; the reference any
 * simulation of a patient queue must reproduce.
 *
 * Reference: A. K. Erlang (1917); Gross, Shortle, Thompson & Harris,
 * "Fundamentals of Queueing Theory", 4th ed., ch. 2 (M/M/c). The form through Erlang B
 * is the one in semantics.md §5.1 (verified there against pyworkforce).
 *
 * Stable form: C(n, A) = n·B / (n − A·(1 − B)) with B = B(n, A) from the
 * Erlang B recurrence. The denominator n − A + A·B is a sum of the positive
 * n − A and A·B, so it does not cancel even when n − A is tiny, and no
 * factorial or power is formed.
 *
 * @param servers number of servers n, a whole number ≥ 1
 * @param load offered load A in Erlangs, with 0 ≤ A < n
 * @returns P(W > 0) in [0, 1)
 * @throws {RangeError} if `servers` is not a whole number ≥ 1, `load` is negative or NaN, or
 *   `load` ≥ `servers` (the queue grows without bound: add servers or model abandonment with Erlang A).
 * @example
 * erlangC(1, 0.5); // 0.5  (M/M/1: P(wait) = ρ)
 * erlangC(14, 10); // 0.17413193359504983
 */
export function erlangC(servers: number, load: number): number {
  checkCount('erlangC', 'servers', servers);
  checkLoad('erlangC', 'load', load);
  checkStable('erlangC', servers, load);
  return erlangCUnchecked(servers, load);
}

/** C(n, A) without input checks; requires n > A. */
export function erlangCUnchecked(servers: number, load: number): number {
  const b = erlangBUnchecked(servers, load);
  return (servers * b) / (servers - load * (1 - b));
}

/** Input of {@link erlangCMeasures}. All rates share one time unit. */
export interface ErlangCParams {
  /** λ, arrivals per unit time (≥ 0). */
  arrivalRate: number;
  /** μ = 1/AHT, completions per unit time per server (> 0). */
  serviceRate: number;
  /** n, a whole number ≥ 1 with n > λ/μ. */
  servers: number;
  /** Service-level threshold t (≥ 0), in the same time unit; omit for no service level. */
  target?: number;
}

/** Output of {@link erlangCMeasures}. Times are in the rates' time unit. */
export interface ErlangCMeasures {
  /** P(W > 0), the Erlang C probability of waiting. */
  pWait: number;
  /** Average speed of answer E[W] = C/(nμ − λ) (everyone is answered). */
  asa: number;
  /** P(W ≤ target) = 1 − C·e^{−(nμ−λ)·target}; undefined without a target. */
  serviceLevel: number | undefined;
  /** Server occupancy A/n. */
  occupancy: number;
  /** Mean number waiting, L_q = λ·E[W] = C·A/(n − A). */
  meanQueueLength: number;
}

/**
 * Every Erlang C measure at once for an M/M/n queue: probability of waiting,
 * average speed of answer, service level within `target`, occupancy and mean
 * queue length.
 *
 * Why: staffing tools and the simulator's validation tests need the same
 * measures under one definition; here the service level is P(W ≤ t) over all
 * arrivals (nobody abandons in Erlang C, so answered = arrived).
 *
 * Reference: semantics.md §5.1; Gross et al., 4th ed., ch. 2 (M/M/c
 * waiting-time distribution P(W > t) = C·e^{−(nμ−λ)t}).
 *
 * Stable form: C via Erlang B as in {@link erlangC}; the exponent uses
 * nμ − λ directly rather than (n − A)·μ to avoid one rounding.
 *
 * @throws {RangeError} for a negative/NaN rate, zero service rate, servers not a whole number ≥ 1,
 *   a negative target, or λ/μ ≥ servers (unstable).
 * @example
 * // 100 calls per 30 min, AHT 180 s, 14 agents, 20 s threshold (rates per second)
 * erlangCMeasures({ arrivalRate: 100 / 1800, serviceRate: 1 / 180, servers: 14, target: 20 });
 * // { pWait: 0.17413193359504964, asa: 7.835937011777232, serviceLevel: 0.888350019179467,
 * //   occupancy: 0.7142857142857142, meanQueueLength: 0.435329833987624 }
 */
export function erlangCMeasures(p: ErlangCParams): ErlangCMeasures {
  const fn = 'erlangCMeasures';
  const lambda = checkNonNegativeRate(fn, 'arrivalRate', p.arrivalRate);
  const mu = checkPositiveRate(fn, 'serviceRate', p.serviceRate);
  const n = checkCount(fn, 'servers', p.servers);
  const target = p.target === undefined ? undefined : checkTime(fn, 'target', p.target);
  const load = lambda / mu;
  checkStable(fn, n, load);
  const c = erlangCUnchecked(n, load);
  const drain = n * mu - lambda; // nμ − λ > 0
  const asa = c / drain;
  return {
    pWait: c,
    asa,
    serviceLevel: target === undefined ? undefined : 1 - c * Math.exp(-drain * target),
    occupancy: load / n,
    meanQueueLength: lambda * asa,
  };
}

function checkStable(fn: string, servers: number, load: number): void {
  if (load >= servers) {
    throw new RangeError(
      `${fn}: unstable queue: offered load ${load} Erlangs ≥ ${servers} servers, so the wait grows ` +
        `without bound; use at least ${Math.floor(load) + 1} servers, or model abandonment with Erlang A`,
    );
  }
}

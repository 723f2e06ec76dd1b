import { erlangBUnchecked } from './erlangB.js';
import { checkCount, checkNonNegativeRate, checkPositiveRate, checkTime } from './validate.js';

/**
 * M/M/c/K: c servers and room for K customers in total (K − c waiting
 * places); an arrival that finds K present is blocked (busy signal, "queue
 * full", chat refused).
 *
 * Why: support channels cap their queues (ACD queue slots, chat queue
 * limits); the cap trades waiting for blocking, and the simulator's capacity
 * option must reproduce these numbers.
 *
 * Reference: Gross, Shortle, Thompson & Harris, "Fundamentals of Queueing
 * Theory", 4th ed., ch. 2 (the M/M/c/K stationary distribution, and the waiting
 * time of an admitted customer who finds k ≥ c present is Erlang(k−c+1, cμ)).
 *
 * Definitions: with A = λ/μ and ρ = A/c, π_k ∝ A^k/k! for k ≤ c and
 * π_{c+i} = π_c·ρ^i for 0 ≤ i ≤ m = K − c.
 * - blocking = π_K (PASTA: the fraction of arrivals turned away)
 * - pWait, asa, serviceLevel are among ADMITTED arrivals:
 *   pWait = P(c ≤ k < K)/(1 − π_K), asa = L_q/(λ(1 − π_K)) (Little),
 *   P(W > t) = Σ_{i<m} π_{c+i}·Q(i+1, cμt)/(1 − π_K) with Q the regularised
 *   upper gamma, which for integer shape is the Poisson CDF P(Poisson(cμt) ≤ i)
 * - occupancy = λ(1 − π_K)/(cμ) (carried load per server)
 * - meanQueueLength L_q = Σ_i i·π_{c+i}
 *
 * Stable form and why: the states below c enter only through Erlang B,
 * Σ_{k<c} π_k / π_c = (1 − B)/B, so no factorial is formed; the waiting states
 * are weighted relative to that mass in log space (ρ^m overflows for ρ > 1 and
 * large K), normalised with log-sum-exp. The Poisson CDF is accumulated from
 * log-pmf terms ln p_l = −z + l·ln z − ln l!, so it neither underflows at
 * z = cμt in the thousands nor loses the terms that matter. Cost O(K − c + c).
 */

/** Input of {@link mmckMeasures}. All rates share one time unit. */
export interface MmckParams {
  /** λ, arrivals per unit time (≥ 0). */
  arrivalRate: number;
  /** μ = 1/AHT (> 0). */
  serviceRate: number;
  /** c, a whole number ≥ 1. */
  servers: number;
  /** K ≥ c: the most customers present (in service plus waiting). */
  capacity: number;
  /** Service-level threshold t (≥ 0) in the same time unit; omit for no service level. */
  target?: number;
}

/** Output of {@link mmckMeasures}. Times are in the rates' time unit. */
export interface MmckMeasures {
  /** P(an arrival is turned away) = π_K. */
  blocking: number;
  /** P(W > 0 | admitted). */
  pWait: number;
  /** E[W | admitted]. */
  asa: number;
  /** P(W ≤ target | admitted); undefined without a target. */
  serviceLevel: number | undefined;
  /** λ(1 − blocking)/(cμ). */
  occupancy: number;
  /** Mean number waiting L_q (time average). */
  meanQueueLength: number;
}

/**
 * Every M/M/c/K measure at once: blocking, and among admitted customers the
 * probability of waiting, mean wait and service level; occupancy and mean
 * queue length. Stable at any load (the system is finite).
 *
 * @throws {RangeError} for a negative/NaN arrival rate, a service rate that is not positive,
 *   servers not a whole number ≥ 1, capacity not a whole number ≥ servers, or a negative target.
 * @example
 * // M/M/1/2 with ρ = 1/2: π = (4, 2, 1)/7
 * mmckMeasures({ arrivalRate: 0.5, serviceRate: 1, servers: 1, capacity: 2, target: 0 });
 * // { blocking: 0.14285714285714285, pWait: 0.3333333333333333, asa: 0.3333333333333333,
 * //   serviceLevel: 0.6666666666666667, occupancy: 0.4285714285714286, meanQueueLength: 0.14285714285714285 }
 */
export function mmckMeasures(p: MmckParams): MmckMeasures {
  const fn = 'mmckMeasures';
  const lambda = checkNonNegativeRate(fn, 'arrivalRate', p.arrivalRate);
  const mu = checkPositiveRate(fn, 'serviceRate', p.serviceRate);
  const c = checkCount(fn, 'servers', p.servers);
  if (!Number.isInteger(p.capacity) || p.capacity < c) {
    throw new RangeError(
      `${fn}: capacity must be a whole number ≥ servers (${c}), got ${p.capacity}; ` +
        `pass the most customers present at once, in service plus waiting (capacity = servers means no queue)`,
    );
  }
  const m = p.capacity - c;
  const target = p.target === undefined ? undefined : checkTime(fn, 'target', p.target);

  const load = lambda / mu;
  const b = erlangBUnchecked(c, load);
  if (b === 0) {
    // No arrivals, or so many servers that P(all busy) underflows: nobody waits or is blocked.
    const sl = target === undefined ? undefined : 1;
    return {
      blocking: 0,
      pWait: 0,
      asa: 0,
      serviceLevel: sl,
      occupancy: load / c,
      meanQueueLength: 0,
    };
  }
  // Log weights relative to the mass of states 0..c−1 (which is (1 − B)/B times π_c).
  const logPiC = Math.log(b) - Math.log1p(-b); // ln(π_c / Σ_{k<c} π_k)
  const logRho = Math.log(load / c);
  const logWait = logPiC + logGeometricSum(logRho, m); // states c .. K−1
  const logFull = logPiC + m * logRho; // state K
  const logTotal = logSumExp([0, logWait, logFull]);
  const logAdmitted = logSumExp([0, logWait]);

  const blocking = Math.exp(logFull - logTotal);
  const admitted = Math.exp(logAdmitted - logTotal); // 1 − π_K without cancellation
  const pWait = Math.exp(logWait - logAdmitted);

  // One pass over the waiting states: L_q and, with a target, P(W > t | admitted).
  const z = c * mu * (target ?? 0);
  const logZ = Math.log(z);
  let queue = 0;
  let waitAbove = 0;
  let logPmf = -z; // ln P(Poisson(z) = 0)
  let poissonCdf = Math.exp(logPmf); // P(Poisson(z) ≤ i)
  for (let i = 0; i <= m; i++) {
    const pi = Math.exp(logPiC + i * logRho - logTotal);
    queue += i * pi;
    if (i < m && target !== undefined) {
      if (i > 0) {
        logPmf += logZ - Math.log(i);
        poissonCdf += Math.exp(logPmf);
      }
      waitAbove += pi * Math.min(1, poissonCdf);
    }
  }
  const serviceLevel =
    target === undefined ? undefined : Math.min(1, Math.max(0, 1 - waitAbove / admitted));
  return {
    blocking,
    pWait,
    asa: lambda === 0 ? 0 : queue / (lambda * admitted),
    serviceLevel,
    occupancy: Math.min(1, (load * admitted) / c),
    meanQueueLength: queue,
  };
}

/** ln Σ_{i=0}^{m−1} e^{i·ℓ}, −∞ for m = 0; no overflow for ℓ > 0, no cancellation near ℓ = 0. */
function logGeometricSum(l: number, m: number): number {
  if (m === 0) return Number.NEGATIVE_INFINITY;
  if (l === 0) return Math.log(m);
  if (l > 0) return (m - 1) * l + logGeometricSum(-l, m); // factor out the largest term
  return Math.log(-Math.expm1(m * l)) - Math.log(-Math.expm1(l));
}

function logSumExp(values: number[]): number {
  const max = Math.max(...values);
  if (max === Number.NEGATIVE_INFINITY) return max;
  let s = 0;
  for (const v of values) s += Math.exp(v - max);
  return max + Math.log(s);
}

import { erlangCUnchecked } from './erlangC.js';
import { checkCount, checkNonNegativeRate, checkPositiveRate } from './validate.js';

/** Input of {@link priorityWaits}. All rates share one time unit. */
export interface PriorityParams {
  /** λ_k per class, class 0 served first; each ≥ 0, at least one class. */
  arrivalRates: number[];
  /** μ = 1/AHT, the same for every class (> 0). */
  serviceRate: number;
  /** c, a whole number ≥ 1 with Σλ_k < cμ. */
  servers: number;
}

/**
 * Mean queue waits per class in a non-preemptive priority M/M/c queue with
 * equal service rates: an agent who frees up takes the oldest contact of the
 * highest non-empty class; service in progress is never interrupted.
 *
 * Formula (Cobham 1954): with A = Σλ_k/μ, σ_k = Σ_{i≤k} λ_i/(cμ) and
 * σ_{−1} = 0,  W_k = [C(c, A)/(cμ)] / ((1 − σ_{k−1})(1 − σ_k)).
 * The numerator is the mean residual time until some server frees up, seen by
 * an arrival; it is the same for every class because the busy-server process
 * does not depend on the order of service. For c = 1 it is the textbook
 * two-class M/M/1 result W_1 = ρ/(μ(1−ρ_1)), W_2 = ρ/(μ(1−ρ_1)(1−ρ)).
 *
 * Why: support queues are split by plan or severity (urgent before normal);
 * this is the oracle for the simulator's strict-priority routing, and it shows
 * how much of the wait the lower classes absorb.
 *
 * Reference: A. Cobham (1954), "Priority assignment in waiting line problems",
 * Operations Research 2(1); Gross, Shortle, Thompson & Harris, 4th ed., ch. 3 (priority disciplines);
 * Kleinrock's conservation law Σ ρ_k·W_k = ρ·W_FCFS holds (tested).
 *
 * Stable form: C(c, A) through the Erlang B recurrence ({@link erlangC}), no
 * factorials; 1 − σ_k is formed as (cμ − Σ_{i≤k}λ_i)/(cμ), one subtraction of
 * the input rates, rather than by subtracting rounded utilisations.
 *
 * @returns mean wait in queue per class (same order as `arrivalRates`), in the rates' time unit.
 * @throws {RangeError} for an empty or invalid rate list, a service rate that is not positive,
 *   servers not a whole number ≥ 1, or total load ≥ servers (unstable: the lowest class waits forever).
 * @example
 * priorityWaits({ arrivalRates: [0.2, 0.4], serviceRate: 1, servers: 1 });
 * // [0.7500000000000001, 1.8750000000000007]
 */
export function priorityWaits(p: PriorityParams): number[] {
  const fn = 'priorityWaits';
  if (!Array.isArray(p.arrivalRates) || p.arrivalRates.length === 0) {
    throw new RangeError(
      `${fn}: arrivalRates must be a non-empty array of rates, class 0 first, got ${JSON.stringify(p.arrivalRates)}`,
    );
  }
  const rates = p.arrivalRates.map((r, k) => checkNonNegativeRate(fn, `arrivalRates[${k}]`, r));
  const mu = checkPositiveRate(fn, 'serviceRate', p.serviceRate);
  const c = checkCount(fn, 'servers', p.servers);
  const capacity = c * mu;
  const total = rates.reduce((s, r) => s + r, 0);
  const load = total / mu;
  if (load >= c) {
    throw new RangeError(
      `${fn}: unstable queue: total offered load ${load} Erlangs ≥ ${c} servers; ` +
        `use at least ${Math.floor(load) + 1} servers or lower the arrival rates`,
    );
  }
  const residual = erlangCUnchecked(c, load) / capacity;
  const waits: number[] = [];
  let above = 0; // Σ_{i<k} λ_i
  for (const r of rates) {
    const freeBefore = (capacity - above) / capacity; // 1 − σ_{k−1}
    above += r;
    const freeAfter = (capacity - above) / capacity; // 1 − σ_k
    waits.push(residual / (freeBefore * freeAfter));
  }
  return waits;
}

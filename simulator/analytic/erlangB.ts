import { checkCount, checkLoad } from './validate.js';

/**
 * Erlang B: the probability that an arrival finds all `servers` busy in a loss
 * system (M/M/c/c) offered `load` Erlangs, and is therefore blocked.
 *
 * Why: it is the building block of Erlang C (probability of waiting), Erlang A
 * and M/M/c/K, and on its own it sizes trunks and concurrent-session limits.
 * By insensitivity it holds for any service-time distribution with the given
 * mean.
 *
 * Reference: A. K. Erlang (1917); the recurrence is standard (e.g. Cooper,
 * "Introduction to Queueing Theory", 2nd ed., ch. 3) and is the form
 * semantics.md §5.1 prescribes.
 *
 * Stable form: B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)). Every step divides
 * a positive number by a larger positive number, so there is no cancellation,
 * no overflow (the textbook A^c/c! overflows at c ≈ 170) and the relative
 * error grows at most linearly in c. It costs c steps, fine for c = 5000+.
 *
 * @param servers number of servers c, a whole number ≥ 1
 * @param load offered load A = λ/μ in Erlangs, finite and ≥ 0
 * @returns the blocking probability B(c, A) in [0, 1)
 * @throws {RangeError} if `servers` is not a whole number ≥ 1 or `load` is negative, NaN or infinite.
 * @example
 * erlangB(1, 1); // 0.5
 * erlangB(5, 2); // 0.03669724770642201
 * erlangB(5000, 4900); // 0.0022157679024972436
 */
export function erlangB(servers: number, load: number): number {
  checkCount('erlangB', 'servers', servers);
  checkLoad('erlangB', 'load', load);
  return erlangBUnchecked(servers, load);
}

/** The recurrence without input checks, for callers that validated already. */
export function erlangBUnchecked(servers: number, load: number): number {
  let b = 1;
  for (let k = 1; k <= servers; k++) {
    const ab = load * b;
    b = ab / (k + ab);
  }
  return b;
}

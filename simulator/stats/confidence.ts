/**
 * Confidence intervals across independent replications.
 *
 * What:
 * - `confidenceInterval(values, level)`: the Student t interval for the mean of
 *   one output measured in n independent replications,
 *   mean ± t_{(1+level)/2, n−1} · s / √n.
 * - `proportionInterval(successes, trials, level)`: the Wilson score interval
 *   for a probability, e.g. "the share of replications in which the target is
 *   met".
 *
 * Why: replications are independent and identically distributed by
 * construction (separate random streams), so the t interval is the textbook
 * tool (Law 2015, §9.4.1); the mean and s come from Welford's update, so a
 * large common offset costs no digits. For proportions the Wald interval
 * p̂ ± z√(p̂(1 − p̂)/n) collapses to a point at 0/n and n/n and under-covers;
 * the Wilson interval keeps near-nominal coverage, stays inside [0, 1] and
 * is what Newcombe (1998) recommends.
 *
 * One replication: with n = 1 there is no estimate of the spread, so the
 * interval is unbounded. It is reported as `lo`, `hi`, `halfWidth` and
 * `stdDev` equal to `null`, never ±Infinity or NaN: the result must survive
 * JSON (where Infinity and NaN silently become null anyway) and a null forces
 * the caller to decide what "not enough replications" means. n = 0 throws.
 *
 * References: A. M. Law (2015), *Simulation Modeling and Analysis*, 5th ed.,
 * §9.4.1; E. B. Wilson (1927), "Probable inference, the law of succession,
 * and statistical inference", JASA 22:209–212; R. G. Newcombe (1998),
 * "Two-sided confidence intervals for the single proportion: comparison of
 * seven methods", Statistics in Medicine 17:857–872.
 *
 * @example
 * confidenceInterval([10, 12, 11, 13, 9]);
 * // { mean: 11, lo: 9.036756838522443, hi: 12.963243161477557,
 * //   halfWidth: 1.9632431614775576, stdDev: 1.5811388300841898, n: 5, level: 0.95 }
 * proportionInterval(81, 263);
 * // { estimate: 0.30798479087452474, lo: 0.2552885198782742, hi: 0.36620957698280004,
 * //   successes: 81, trials: 263, level: 0.95 }   (Newcombe 1998: 0.2553 to 0.3662)
 */
import { Moments } from './moments.js';
import { normalQuantile } from './normalQuantile.js';
import { studentTQuantile } from './studentT.js';

export { studentTQuantile } from './studentT.js';

/** A t interval for a mean; the bounds are null when n = 1 (unbounded). */
export interface ConfidenceInterval {
  mean: number;
  lo: number | null;
  hi: number | null;
  halfWidth: number | null;
  /** Sample standard deviation (n − 1 divisor); null when n = 1. */
  stdDev: number | null;
  n: number;
  level: number;
}

/** A Wilson score interval for a probability. */
export interface ProportionInterval {
  /** successes / trials. */
  estimate: number;
  lo: number;
  hi: number;
  successes: number;
  trials: number;
  level: number;
}

function checkLevel(level: number, where: string): void {
  if (!(level > 0 && level < 1))
    throw new RangeError(`${where}: level must be in (0, 1), got ${level}`);
}

/**
 * Student t confidence interval for the mean of independent replications.
 * @param values one number per replication, or a {@link Moments} already fed with them.
 * @param level confidence level in (0, 1), default 0.95.
 * @throws {RangeError} if there are no values, a value is not finite, or level is outside (0, 1).
 */
export function confidenceInterval(
  values: readonly number[] | Moments,
  level = 0.95,
): ConfidenceInterval {
  checkLevel(level, 'confidenceInterval');
  let moments: Moments;
  if (values instanceof Moments) {
    moments = values;
  } else {
    moments = new Moments();
    for (const v of values) {
      if (!Number.isFinite(v)) {
        const bad = values.flatMap((w, i) => (Number.isFinite(w) ? [] : [`values.${i}=${w}`]));
        throw new RangeError(
          `confidenceInterval: values must be finite numbers; got ${bad.join(', ')}`,
        );
      }
      moments.add(v);
    }
  }
  const n = moments.count;
  if (!(n >= 1)) throw new RangeError('confidenceInterval: need at least one value');
  const mean = moments.mean;
  if (n < 2) return { mean, lo: null, hi: null, halfWidth: null, stdDev: null, n, level };
  const stdDev = moments.stdDev;
  const halfWidth = (criticalT(level, n - 1) * stdDev) / Math.sqrt(n);
  return { mean, lo: mean - halfWidth, hi: mean + halfWidth, halfWidth, stdDev, n, level };
}

// A results file asks for thousands of intervals with the same level and n;
// the t quantile (an incomplete-beta inversion) is computed once for them.
let lastT = { level: Number.NaN, df: Number.NaN, t: Number.NaN };

function criticalT(level: number, df: number): number {
  if (lastT.level !== level || lastT.df !== df) {
    lastT = { level, df, t: studentTQuantile((1 + level) / 2, df) };
  }
  return lastT.t;
}

/**
 * Wilson score interval for a binomial probability (no continuity correction):
 * (p̂ + z²/2n ± z√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n).
 * @param successes integer in [0, trials].
 * @param trials integer ≥ 1.
 * @param level confidence level in (0, 1), default 0.95.
 * @throws {RangeError} on counts that are not integers in range, or level outside (0, 1).
 */
export function proportionInterval(
  successes: number,
  trials: number,
  level = 0.95,
): ProportionInterval {
  checkLevel(level, 'proportionInterval');
  if (!Number.isInteger(trials) || trials < 1) {
    throw new RangeError(`proportionInterval: trials must be an integer >= 1, got ${trials}`);
  }
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new RangeError(
      `proportionInterval: successes must be an integer in [0, ${trials}], got ${successes}`,
    );
  }
  const z = normalQuantile((1 + level) / 2);
  const z2 = z * z;
  const n = trials;
  const estimate = successes / n;
  const denominator = n + z2;
  const centre = (successes + z2 / 2) / denominator;
  const half =
    ((z * Math.sqrt(n)) / denominator) * Math.sqrt(estimate * (1 - estimate) + z2 / (4 * n));
  // At 0/n and n/n the bound is exactly 0 or 1 in theory; pin it against rounding.
  const lo = successes === 0 ? 0 : Math.max(0, centre - half);
  const hi = successes === n ? 1 : Math.min(1, centre + half);
  return { estimate, lo, hi, successes, trials, level };
}

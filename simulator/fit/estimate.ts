/**
 * The shape of every fitted figure: a point estimate with its confidence
 * interval, the sample behind it and the method, so the YAML comment and the
 * report can cite each estimate's basis. Plus the two intervals most
 * estimators share: Wilson's for a proportion and the delta method for a
 * ratio of means.
 *
 * References: E. B. Wilson (1927), JASA 22:209–212 (via
 * `simulator/stats/confidence.ts`); the delta method for a ratio of two means,
 * e.g. Casella & Berger (2002), Statistical Inference, §5.5.4.
 */
import { proportionInterval } from '../stats/confidence.js';
import { normalQuantile } from '../stats/normalQuantile.js';

/** The confidence level of every interval slalab fit reports. */
export const LEVEL = 0.95;
/** z_{0.975}. */
export const Z = normalQuantile(0.5 + LEVEL / 2);

export interface Estimate {
  value: number;
  /** Lower and upper bounds of the 95% confidence interval. */
  lo: number;
  hi: number;
  /** Observations behind it (contacts, days, abandons …), as `basis` counts them. */
  n: number;
  /** How it was estimated, for people: `Wilson interval, 120 of 4 000 contacts`. */
  basis: string;
}

/** Whether `x` lies in the estimate's interval (inclusive). */
export const covers = (e: Pick<Estimate, 'lo' | 'hi'>, x: number): boolean =>
  x >= e.lo && x <= e.hi;

/**
 * A share with its Wilson interval.
 *
 * @param what the population, plural: 'contacts', 'abandons'
 * @throws {RangeError} for counts out of range (`trials` ≥ 1 required)
 * @example
 * proportion(45, 50, 'handled contacts').basis; // 'Wilson interval, 45 of 50 handled contacts'
 */
export function proportion(successes: number, trials: number, what: string): Estimate {
  const p = proportionInterval(successes, trials, LEVEL);
  return {
    value: p.estimate,
    lo: p.lo,
    hi: p.hi,
    n: trials,
    basis: `Wilson interval, ${successes.toLocaleString('en')} of ${trials.toLocaleString('en')} ${what}`,
  };
}

/**
 * The ratio of two independent sample means m₁/m₂ with the delta-method
 * interval on the log scale: var(ln r) ≈ cv₁²/n₁ + cv₂²/n₂ with cvᵢ the
 * sample coefficients of variation.
 */
export function ratioOfMeans(
  a: { mean: number; sd: number; n: number },
  b: { mean: number; sd: number; n: number },
  basis: string,
): Estimate {
  const v = (a.sd / a.mean) ** 2 / a.n + (b.sd / b.mean) ** 2 / b.n;
  return logScaleEstimate(a.mean / b.mean, Math.sqrt(v), a.n + b.n, basis);
}

/**
 * A positive value with a Wald interval symmetric on the log scale,
 * value · exp(±z · se), where `seLog` is the standard error of ln(value).
 */
export function logScaleEstimate(value: number, seLog: number, n: number, basis: string): Estimate {
  return {
    value,
    lo: value * Math.exp(-Z * seLog),
    hi: value * Math.exp(Z * seLog),
    n,
    basis,
  };
}

/** A point value and a symmetric normal interval, clipped below at `floor`. */
export function normalEstimate(
  value: number,
  se: number,
  n: number,
  basis: string,
  floor = Number.NEGATIVE_INFINITY,
): Estimate {
  return {
    value,
    lo: Math.max(floor, value - Z * se),
    hi: value + Z * se,
    n,
    basis,
  };
}

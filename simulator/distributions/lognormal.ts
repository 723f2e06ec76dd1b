import type { RandomSource } from '../engine/random.js';
import { deterministic } from './deterministic.js';
import type { Distribution } from './distribution.js';
import { normalQuantile } from './normalQuantile.js';
import { checkCv, checkPositive, type ParameterIssue, throwIfAny } from './parameters.js';

/**
 * The lognormal distribution by mean and coefficient of variation.
 *
 * Why: measured handle times and customer patience are usually right-skewed
 * with a long tail — a few contacts take ten times the median — which the
 * lognormal fits better than the gamma at the same cv.
 *
 * Method: X = exp(μ + σZ) with the underlying normal's parameters converted
 * from the mean and cv: σ² = ln(1 + cv²) (computed with log1p, exact for small
 * cv) and μ = ln(mean) − σ²/2, so that E[X] = mean and sd(X) = cv·mean.
 * Z = Φ⁻¹(U) by AS 241 inversion (see `normalQuantile`): monotone in U and one
 * uniform per draw. cv = 0 returns `deterministic(mean)`.
 *
 * Uniforms per draw: exactly 1 (none for cv = 0).
 *
 * Reference: J. Aitchison and J. A. C. Brown (1957), The Lognormal
 * Distribution, ch. 2 (moments); Wichura (1988), AS 241.
 *
 * @param mean the mean, a finite number > 0
 * @param cv the coefficient of variation sd/mean, a finite number >= 0
 * @throws {RangeError} (`DistributionParameterError`) naming `mean` and/or `cv`
 * @example
 * const patience = lognormal(300, 0.75); // median 300 / √(1 + 0.5625) = 240
 * patience.variance;   // 50625
 * patience.describe(); // 'lognormal(mean=300, cv=0.75)'
 * patience.sample({ next: () => 0.5 }); // 239.99999999999997
 */
export function lognormal(mean: number, cv: number): Distribution {
  const issues: ParameterIssue[] = [];
  checkPositive(issues, 'mean', mean);
  checkCv(issues, 'cv', cv);
  throwIfAny('lognormal parameters', issues);
  if (cv === 0) return deterministic(mean);
  const sigma2 = Math.log1p(cv * cv);
  const sigma = Math.sqrt(sigma2);
  const mu = Math.log(mean) - sigma2 / 2;
  const text = `lognormal(mean=${mean}, cv=${cv})`;
  return Object.freeze({
    kind: 'lognormal',
    mean,
    variance: cv * cv * mean * mean,
    sample: (source: RandomSource) => Math.exp(mu + sigma * normalQuantile(source.next())),
    describe: () => text,
  });
}

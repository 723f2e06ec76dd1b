import type { RandomSource } from '../engine/random.js';
import type { Distribution } from './distribution.js';
import { checkPositive, type ParameterIssue, throwIfAny } from './parameters.js';

/**
 * The exponential distribution with the given mean (cv = 1).
 *
 * Why: memoryless inter-arrival times of a Poisson stream and the "M" service
 * of M/M/c, the Erlang C baseline every other distribution is compared with.
 *
 * Method: inversion, X = −mean · ln U. The source yields U strictly inside
 * (0, 1), so the logarithm is finite; since U and 1 − U have the same law,
 * ln U saves the subtraction. Inversion is monotone in U, which keeps common
 * random numbers synchronised between variants.
 *
 * Uniforms per draw: exactly 1.
 *
 * Reference: L. Devroye (1986), Non-Uniform Random Variate Generation, ch. II
 * (the inversion method).
 *
 * @param mean the mean, a finite number > 0 (the rate is 1/mean)
 * @throws {RangeError} (`DistributionParameterError`) if `mean` is not finite and > 0
 * @example
 * const gaps = exponential(2);
 * gaps.variance;   // 4
 * gaps.describe(); // 'exponential(mean=2)'
 * gaps.sample({ next: () => 0.5 }); // 1.3862943611198906 (= 2 ln 2, the median)
 */
export function exponential(mean: number): Distribution {
  const issues: ParameterIssue[] = [];
  checkPositive(issues, 'mean', mean);
  throwIfAny('exponential parameters', issues);
  const text = `exponential(mean=${mean})`;
  return Object.freeze({
    kind: 'exponential',
    mean,
    variance: mean * mean,
    sample: (source: RandomSource) => -mean * Math.log(source.next()),
    describe: () => text,
  });
}

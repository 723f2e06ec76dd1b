import type { RandomSource } from '../engine/random.js';
import type { Distribution } from './distribution.js';
import { checkPositive, type ParameterIssue, throwIfAny } from './parameters.js';

/**
 * The exponential distribution with the given mean (cv = 1).
 *
 * Why: memoryless inter-arrival times of a Poisson stream and the "M" service
 * of M/M/c, the Erlang C baseline every other distribution is compared with.
 *
 * Method: X = mean · E, with E the source's standard exponential draw (the
 * ziggurat of Marsaglia & Tsang on a `Stream`, see engine/ziggurat.ts): a
 * table lookup instead of a logarithm for 98% of draws. The draws a stream gives do not depend on the
 * mean, so variants that differ only in the mean keep common random numbers
 * draw for draw.
 *
 * Draws per sample: exactly 1 exponential draw from the source.
 *
 * Reference: G. Marsaglia, W. W. Tsang (2000), The Ziggurat Method for
 * Generating Random Variables, Journal of Statistical Software 5(8).
 *
 * @param mean the mean, a finite number > 0 (the rate is 1/mean)
 * @throws {RangeError} (`DistributionParameterError`) if `mean` is not finite and > 0
 * @example
 * const gaps = exponential(2);
 * gaps.variance;   // 4
 * gaps.describe(); // 'exponential(mean=2)'
 * gaps.sample(new Streams(1).stream('gaps')); // 2 × a standard exponential draw
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
    sample: (source: RandomSource) => mean * source.exponential(),
    describe: () => text,
  });
}

import type { RandomSource } from '../engine/random.js';
import type { Distribution } from './distribution.js';
import { isFiniteNumber, type ParameterIssue, showValue, throwIfAny } from './parameters.js';

/** Options of {@link empirical}. */
export interface EmpiricalOptions {
  /** false (default): resample the observations; true: piecewise-linear inverse CDF. */
  readonly interpolate?: boolean;
}

/** At most this many bad entries are listed one by one in the error. */
const MAX_LISTED = 5;

/**
 * A distribution built from observed values, e.g. handle times exported from a
 * helpdesk.
 *
 * Why: when the data are at hand, resampling them keeps the real shape —
 * multimodal mixes of quick and slow contacts, heavy tails — that a two-moment
 * fit would smooth away.
 *
 * Two laws, both drawn by inversion from one uniform, so both are monotone in
 * U (common random numbers stay synchronised) and both depend only on the
 * multiset of observations, not their order (the values are copied and sorted):
 *
 * - default, resampling: each observation with probability 1/n (a value seen
 *   twice has twice the weight). Draws are x₍⌊nU⌋₎, only observed values.
 *   `mean` and `variance` are the population moments of the samples (divisor
 *   n, not n − 1), because those are the moments of the law being drawn.
 * - `{ interpolate: true }`: the continuous piecewise-linear CDF through the
 *   order statistics, F(x₍ᵢ₎) = i/(n − 1), i = 0…n−1 (Law & Kelton's empirical
 *   continuous distribution). Draws fill the range [min, max] with mass 1/(n − 1)
 *   spread uniformly over each gap between consecutive sorted values (a tie makes
 *   an atom). `mean` and `variance` are that law's exact moments:
 *   mean = Σ (a + b)/2 /(n − 1) over the gaps [a, b] and variance by the law of
 *   total variance, Σ [((a + b)/2 − mean)² + (b − a)²/12] /(n − 1). They differ
 *   from the sample moments (the mean is the trapezoid rule, not the average).
 *   With one observation the law is that constant.
 *
 * Moments use a compensated (Neumaier) sum and the corrected two-pass variance,
 * Σd² − (Σd)²/n over deviations d from the mean, so large offsets (epoch
 * timestamps, durations in ms) do not cancel away the spread.
 *
 * Uniforms per draw: exactly 1, in both modes.
 *
 * Reference: B. Efron and R. Tibshirani (1993), An Introduction to the
 * Bootstrap, ch. 6; A. M. Law (2015), Simulation Modeling and Analysis, 5th
 * ed., §6.2.4 (continuous empirical distribution); T. F. Chan, G. H. Golub,
 * R. J. LeVeque (1983), "Algorithms for computing the sample variance", Am.
 * Stat. 37(3) (corrected two-pass).
 *
 * @param samples a non-empty array (or typed array) of finite numbers; copied
 * @param options `{ interpolate: true }` for the piecewise-linear law
 * @throws {RangeError} (`DistributionParameterError`) for an empty `samples`,
 *   non-finite entries (listed by index) or a non-boolean `interpolate`
 * @example
 * const observed = empirical([3, 1, 2]);
 * observed.mean;       // 2
 * observed.variance;   // 0.6666666666666666
 * observed.describe(); // 'empirical(n=3, mean=2)'
 * observed.sample({ next: () => 0.5 }); // 2 (sorted [1, 2, 3], index ⌊1.5⌋ = 1)
 * const smooth = empirical([3, 1, 2], { interpolate: true });
 * smooth.variance;   // 0.3333333333333333 (uniform on [1, 3])
 * smooth.sample({ next: () => 0.75 }); // 2.5
 */
export function empirical(
  samples: ArrayLike<number>,
  options: EmpiricalOptions = {},
): Distribution {
  const issues: ParameterIssue[] = [];
  const isList = Array.isArray(samples) || ArrayBuffer.isView(samples);
  if (!isList || samples.length === 0) {
    issues.push({
      path: 'samples',
      expected: 'a non-empty array of finite numbers',
      received: showValue(samples),
    });
  } else {
    let bad = 0;
    for (let i = 0; i < samples.length; i++) {
      const x = samples[i];
      if (isFiniteNumber(x)) continue;
      bad++;
      if (bad <= MAX_LISTED) {
        issues.push({ path: `samples[${i}]`, expected: 'a finite number', received: showValue(x) });
      }
    }
    if (bad > MAX_LISTED) {
      issues.push({
        path: 'samples',
        expected: 'finite numbers only',
        received: `${bad - MAX_LISTED} more non-finite entries`,
      });
    }
  }
  const interpolate = options?.interpolate ?? false;
  if (typeof interpolate !== 'boolean') {
    issues.push({
      path: 'interpolate',
      expected: 'true or false',
      received: showValue(interpolate),
    });
  }
  throwIfAny('empirical parameters', issues);

  const x = Float64Array.from(samples).sort();
  const n = x.length;
  const mean = interpolate ? linearMean(x) : compensatedSum(x) / n;
  const variance = interpolate ? linearVariance(x, mean) : populationVariance(x, mean);
  const text = `empirical(n=${n}, mean=${Number(mean.toPrecision(6))}${interpolate ? ', interpolate' : ''})`;

  let sample: (source: RandomSource) => number;
  if (!interpolate) {
    sample = (source) => {
      const i = Math.floor(source.next() * n);
      return x[i < n ? i : n - 1];
    };
  } else if (n === 1) {
    const only = x[0];
    sample = (source) => {
      source.next(); // one uniform per draw in every case
      return only;
    };
  } else {
    const gaps = n - 1;
    sample = (source) => {
      const p = source.next() * gaps;
      let i = Math.floor(p);
      if (i >= gaps) i = gaps - 1;
      const a = x[i];
      return a + (x[i + 1] - a) * (p - i);
    };
  }
  return Object.freeze({ kind: 'empirical', mean, variance, sample, describe: () => text });
}

/** Neumaier's compensated sum of `values`. */
function compensatedSum(values: Float64Array): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + compensation;
}

/** Corrected two-pass population variance (divisor n) around `mean`. */
function populationVariance(x: Float64Array, mean: number): number {
  let sumSquares = 0;
  let sumDeviations = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - mean;
    sumSquares += d * d;
    sumDeviations += d;
  }
  return Math.max(0, (sumSquares - (sumDeviations * sumDeviations) / x.length) / x.length);
}

/** Mean of the piecewise-linear law on sorted `x`: average of the gap midpoints. */
function linearMean(x: Float64Array): number {
  const n = x.length;
  if (n === 1) return x[0];
  const midpoints = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) midpoints[i] = x[i] + (x[i + 1] - x[i]) / 2;
  return compensatedSum(midpoints) / (n - 1);
}

/** Variance of the piecewise-linear law: between-gap plus within-gap (uniform) parts. */
function linearVariance(x: Float64Array, mean: number): number {
  const n = x.length;
  if (n === 1) return 0;
  let total = 0;
  for (let i = 0; i < n - 1; i++) {
    const width = x[i + 1] - x[i];
    const d = x[i] + width / 2 - mean;
    total += d * d + (width * width) / 12;
  }
  return total / (n - 1);
}

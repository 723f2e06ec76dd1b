/**
 * Goodness-of-fit machinery for the distribution tests: drawing, sample
 * moments, z-scores of the mean and the variance, Kolmogorov–Smirnov and
 * chi-square tests, and random sources that count or script uniforms.
 */

import type { Distribution } from '../../../simulator/distributions/distribution.js';
import type { RandomSource } from '../../../simulator/engine/random.js';
import { gammaQ } from './special.js';

/** `n` draws of `dist` from `source`. */
export function draw(dist: Distribution, source: RandomSource, n: number): Float64Array {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = dist.sample(source);
  return xs;
}

/** Sample mean and unbiased sample variance by Welford's one-pass update. */
export function sampleMoments(xs: ArrayLike<number>): { mean: number; variance: number } {
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < xs.length; i++) {
    const delta = xs[i] - mean;
    mean += delta / (i + 1);
    m2 += delta * (xs[i] - mean);
  }
  return { mean, variance: m2 / (xs.length - 1) };
}

/** |x̄ − μ| in standard errors, SE = √(σ²/n) from the theoretical variance. */
export function meanZ(xs: ArrayLike<number>, mean: number, variance: number): number {
  return Math.abs(sampleMoments(xs).mean - mean) / Math.sqrt(variance / xs.length);
}

/**
 * |s² − σ²| in standard errors of s². For iid draws with finite fourth central
 * moment μ₄ = κσ⁴ (κ the kurtosis, 3 for a normal), the unbiased sample
 * variance has Var(s²) = (μ₄ − σ⁴(n − 3)/(n − 1))/n exactly (H. Cramér 1946,
 * Mathematical Methods of Statistics, §27.4). We use the theoretical κ of each
 * law rather than a batch-means estimate: it is exact, costs nothing, and a
 * wrong sampler cannot widen its own tolerance the way an estimated one could.
 */
export function varianceZ(xs: ArrayLike<number>, variance: number, kurtosis: number): number {
  const n = xs.length;
  const se = variance * Math.sqrt((kurtosis - (n - 3) / (n - 1)) / n);
  return Math.abs(sampleMoments(xs).variance - variance) / se;
}

/** Population kurtosis μ₄/σ⁴ of a finite set of values (each with weight 1/n). */
export function populationKurtosis(values: readonly number[]): number {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  let m2 = 0;
  let m4 = 0;
  for (const v of values) {
    const d2 = (v - mean) ** 2;
    m2 += d2 / n;
    m4 += (d2 * d2) / n;
  }
  return m4 / (m2 * m2);
}

/** Kolmogorov–Smirnov statistic D = sup |Fₙ(x) − F(x)| of the draws against a continuous CDF. */
export function ksStatistic(xs: ArrayLike<number>, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(xs).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

/**
 * Critical value of D at level α for large n, from Kolmogorov's limit
 * P(√n·D > c) ≈ 2·e^(−2c²) (the first term of the series, accurate to many
 * digits for α <= 0.05): c = √(−ln(α/2)/2), e.g. 1.9495 for α = 0.001.
 */
export function ksCritical(n: number, alpha: number): number {
  return Math.sqrt(-Math.log(alpha / 2) / 2) / Math.sqrt(n);
}

/** Pearson's chi-square statistic and its p-value with k − 1 degrees of freedom. */
export function chiSquareTest(
  observed: readonly number[],
  expected: readonly number[],
): { statistic: number; pValue: number } {
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) {
    statistic += (observed[i] - expected[i]) ** 2 / expected[i];
  }
  const df = observed.length - 1;
  return { statistic, pValue: gammaQ(df / 2, statistic / 2) };
}

/** Wraps a source and counts the draws taken from it (uniform or exponential). */
export function counting(source: RandomSource): { source: RandomSource; readonly count: number } {
  const counter = {
    count: 0,
    source: {
      next: () => {
        counter.count++;
        return source.next();
      },
      exponential: () => {
        counter.count++;
        return source.exponential();
      },
    },
  };
  return counter;
}

/**
 * A source that replays the uniforms `values` in order and fails the test if
 * asked for more. Its exponential draw is −ln of the next uniform (inversion),
 * so a script fixes exponential draws too.
 */
export function scripted(values: readonly number[]): RandomSource & { readonly used: number } {
  let used = 0;
  const next = () => {
    if (used >= values.length) throw new Error(`scripted source exhausted after ${used} uniforms`);
    return values[used++];
  };
  return {
    next,
    exponential: () => -Math.log(next()),
    get used() {
      return used;
    },
  };
}

/**
 * Runs `build` and returns the parameter paths it rejected, failing if it did
 * not throw a RangeError whose message names each path and what is allowed.
 */
export function rejectedPaths(build: () => unknown): string[] {
  let caught: unknown;
  try {
    build();
  } catch (error) {
    caught = error;
  }
  if (!(caught instanceof RangeError))
    throw new Error(`expected a RangeError, got ${String(caught)}`);
  const issues = (caught as RangeError & { issues?: { path: string }[] }).issues ?? [];
  for (const { path } of issues) {
    if (!caught.message.includes(`${path} must be `)) {
      throw new Error(`message does not say what ${path} must be: ${caught.message}`);
    }
  }
  return issues.map((issue) => issue.path);
}

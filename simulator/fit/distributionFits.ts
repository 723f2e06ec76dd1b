/**
 * Maximum-likelihood fits of duration distributions, compared by an
 * information criterion, each with a goodness-of-fit statistic.
 *
 * Candidates (the families a scenario file can name):
 * - exponential: θ̂ = x̄; the mean's interval is exact, 2n·x̄/θ ~ χ²(2n).
 * - gamma (shape k, scale θ): k̂ solves ln k − ψ(k) = ln x̄ − mean(ln x) by
 *   Newton's method from Minka's closed-form start; θ̂ = x̄/k̂. The mean's
 *   MLE is x̄ with var = mean²/(k n); the cv = 1/√k gets the interval of
 *   ln k̂ from the Fisher information, var(k̂) = k / (n (k ψ′(k) − 1)).
 * - lognormal: μ̂ = mean(ln x), σ̂² = the population variance of ln x. The
 *   mean exp(μ + σ²/2) gets Cox's interval (var of its log: s²/n +
 *   s⁴/(2(n − 1))), the cv = √(e^{σ²} − 1) the chi-square interval of σ².
 * - empirical: a histogram density on k equal-width bins of ln x between the
 *   smallest and largest value, k = clamp(round(2·n^{1/3}), 5, 200) — the
 *   standard nonparametric density whose likelihood is comparable with the
 *   parametric ones (Σ n_b ln(n_b / (n·width_b)), k − 1 free parameters). It
 *   is written to a scenario as 100 equal-probability quantiles, resampled.
 *
 * Every fit reports its log-likelihood, AIC = 2p − 2 ln L, BIC = p ln n −
 * 2 ln L and the KS statistic ({@link ksStatistic}). The chosen candidate
 * minimises the criterion asked for (BIC by default: consistent, so with the
 * large samples support desks have it picks the true family when it is among
 * the candidates, and it does not reward the histogram's 200 parameters for
 * sampling noise).
 *
 * Everything comes from the streamed sufficient statistics and histogram of
 * a {@link DurationSample}: no second pass, bounded memory.
 *
 * References: T. Minka (2002), "Estimating a gamma distribution" (the start
 * and Newton update); D. R. Cox, in Land (1972), "An evaluation of
 * approximate confidence interval estimation methods for lognormal means",
 * Technometrics 14:145–158; H. Akaike (1974); G. Schwarz (1978); A. M. Law
 * (2015), Simulation Modeling and Analysis, 5th ed., ch. 6.
 */
import type { DistributionSpec } from '../../scenarios/schema/types.js';
import { regularizedGammaP } from '../analytic/incompleteGamma.js';
import { logGamma } from '../stats/logGamma.js';
import { studentTQuantile } from '../stats/studentT.js';
import type { DurationSample } from './durationSample.js';
import { type Estimate, logScaleEstimate, proportion, Z } from './estimate.js';
import { type KsResult, ksStatistic } from './goodnessOfFit.js';
import { LogHistogram } from './logHistogram.js';
import { chiSquareQuantile, digamma, normalCdf, trigamma } from './special.js';

export type Family = 'exponential' | 'gamma' | 'lognormal' | 'empirical';
export type Criterion = 'aic' | 'bic';

export interface CandidateFit {
  family: Family;
  /** Free parameters. */
  parameters: number;
  logLikelihood: number;
  aic: number;
  bic: number;
  ks: KsResult;
  mean: Estimate;
  /** Coefficient of variation; null for the exponential (cv = 1 by construction). */
  cv: Estimate | null;
  /** The scenario spec, seconds. */
  spec: DistributionSpec;
  /** The fitted CDF, for charts. */
  cdf: (x: number) => number;
  /** Parameters in words: `lognormal(mean 6m, cv 0.8)`. */
  text: string;
}

export interface DurationFit {
  /** Values fitted (at or above the threshold). */
  n: number;
  threshold: number;
  /** Share below the threshold (short contacts), with its interval. */
  short: Estimate;
  /** The sample mean and its t interval, whatever the family. */
  sampleMean: Estimate;
  candidates: CandidateFit[];
  chosen: CandidateFit;
  criterion: Criterion;
  /** Sample quantiles p50, p90, p99 from the histogram. */
  quantiles: { p50: number; p90: number; p99: number };
}

/** Fewer values than this and no fit is attempted. */
export const MIN_FIT_SAMPLE = 5;

const round = (x: number, digits: number) => Number(x.toPrecision(digits));

/**
 * Fits every candidate to the sample and picks one by `criterion`.
 * Returns undefined when fewer than {@link MIN_FIT_SAMPLE} values were fitted.
 */
export function fitDurations(
  sample: DurationSample,
  criterion: Criterion = 'bic',
): DurationFit | undefined {
  const n = sample.n;
  if (n < MIN_FIT_SAMPLE) return undefined;
  const m = sample.moments;
  const mean = m.mean;
  const sd = m.stdDev;
  const candidates: CandidateFit[] = [];
  const sumLog = sample.logMoments.sum;
  const logMean = sample.logMoments.mean;
  const logVar = (sample.logMoments.variance * (n - 1)) / n; // population (MLE)

  candidates.push(fitExponential(sample));
  if (logVar > 0 && sd > 0) {
    const gamma = fitGamma(sample, mean, logMean, sumLog);
    if (gamma) candidates.push(gamma);
    candidates.push(fitLognormal(sample, logMean, logVar, sumLog));
    const histogram = fitHistogramDensity(sample);
    if (histogram) candidates.push(histogram);
  }
  const key = criterion === 'aic' ? 'aic' : 'bic';
  const chosen = candidates.reduce((best, c) => (c[key] < best[key] ? c : best));
  const t = studentTQuantile(0.975, Math.max(1, n - 1));
  const half = n > 1 ? (t * sd) / Math.sqrt(n) : Number.POSITIVE_INFINITY;
  return {
    n,
    threshold: sample.threshold,
    short: proportion(sample.short, sample.total, 'values'),
    sampleMean: {
      value: mean,
      lo: mean - half,
      hi: mean + half,
      n,
      basis: `sample mean of ${n.toLocaleString('en')} values, Student t interval`,
    },
    candidates,
    chosen,
    criterion,
    quantiles: {
      p50: sample.histogram.quantile(0.5),
      p90: sample.histogram.quantile(0.9),
      p99: sample.histogram.quantile(0.99),
    },
  };
}

function finish(
  family: Family,
  parameters: number,
  logLikelihood: number,
  sample: DurationSample,
  cdf: (x: number) => number,
  rest: Pick<CandidateFit, 'mean' | 'cv' | 'spec' | 'text'>,
): CandidateFit {
  const n = sample.n;
  return {
    family,
    parameters,
    logLikelihood,
    aic: 2 * parameters - 2 * logLikelihood,
    bic: parameters * Math.log(n) - 2 * logLikelihood,
    ks: ksStatistic(sample.histogram, cdf),
    cdf,
    ...rest,
  };
}

function fitExponential(sample: DurationSample): CandidateFit {
  const n = sample.n;
  const theta = sample.moments.mean;
  const logLikelihood = -n * Math.log(theta) - n;
  const lo = (2 * n * theta) / chiSquareQuantile(0.975, 2 * n);
  const hi = (2 * n * theta) / chiSquareQuantile(0.025, 2 * n);
  return finish('exponential', 1, logLikelihood, sample, (x) => -Math.expm1(-x / theta), {
    mean: { value: theta, lo, hi, n, basis: `exponential MLE (sample mean), exact χ² interval` },
    cv: null,
    spec: { dist: 'exponential', mean: round(theta, 6) },
    text: `exponential(mean ${round(theta, 4)} s)`,
  });
}

function fitGamma(
  sample: DurationSample,
  mean: number,
  logMean: number,
  sumLog: number,
): CandidateFit | undefined {
  const n = sample.n;
  const s = Math.log(mean) - logMean;
  if (!(s > 0)) return undefined;
  let k = (3 - s + Math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s);
  for (let i = 0; i < 50; i++) {
    const f = Math.log(k) - digamma(k) - s;
    const df = 1 / k - trigamma(k);
    const next = k - f / df;
    const safe = next > 0 ? next : k / 2;
    const done = Math.abs(safe - k) < 1e-12 * k;
    k = safe;
    if (done) break;
  }
  const theta = mean / k;
  const logLikelihood =
    (k - 1) * sumLog - (n * mean) / theta - n * k * Math.log(theta) - n * logGamma(k);
  const seMean = mean / Math.sqrt(k * n);
  const info = k * trigamma(k) - 1;
  const seLogK = info > 0 ? Math.sqrt(k / (n * info)) / k : Number.POSITIVE_INFINITY;
  const kLo = k * Math.exp(-Z * seLogK);
  const kHi = k * Math.exp(Z * seLogK);
  const cv = 1 / Math.sqrt(k);
  return finish(
    'gamma',
    2,
    logLikelihood,
    sample,
    (x) => (x > 0 ? regularizedGammaP(k, x / theta) : 0),
    {
      mean: {
        value: mean,
        lo: mean - Z * seMean,
        hi: mean + Z * seMean,
        n,
        basis: 'gamma MLE (the sample mean), Fisher-information interval',
      },
      cv: {
        value: cv,
        lo: 1 / Math.sqrt(kHi),
        hi: 1 / Math.sqrt(kLo),
        n,
        basis: 'gamma MLE shape k (Newton on ln k − ψ(k)), cv = 1/√k, Fisher-information interval',
      },
      spec: { dist: 'gamma', mean: round(mean, 6), cv: round(cv, 4) },
      text: `gamma(mean ${round(mean, 4)} s, cv ${round(cv, 3)})`,
    },
  );
}

function fitLognormal(
  sample: DurationSample,
  mu: number,
  sigma2: number,
  sumLog: number,
): CandidateFit {
  const n = sample.n;
  const sigma = Math.sqrt(sigma2);
  const logLikelihood = -sumLog - (n / 2) * Math.log(2 * Math.PI * sigma2) - n / 2;
  const mean = Math.exp(mu + sigma2 / 2);
  const s2 = (sigma2 * n) / (n - 1);
  const seLogMean = Math.sqrt(s2 / n + (s2 * s2) / (2 * (n - 1)));
  const s2Lo = ((n - 1) * s2) / chiSquareQuantile(0.975, n - 1);
  const s2Hi = ((n - 1) * s2) / chiSquareQuantile(0.025, n - 1);
  const cv = Math.sqrt(Math.expm1(sigma2));
  return finish(
    'lognormal',
    2,
    logLikelihood,
    sample,
    (x) => (x > 0 ? normalCdf((Math.log(x) - mu) / sigma) : 0),
    {
      mean: logScaleEstimate(mean, seLogMean, n, 'lognormal MLE exp(μ + σ²/2), Cox interval'),
      cv: {
        value: cv,
        lo: Math.sqrt(Math.expm1(s2Lo)),
        hi: Math.sqrt(Math.expm1(s2Hi)),
        n,
        basis: 'lognormal MLE √(exp σ² − 1), χ² interval of σ²',
      },
      spec: { dist: 'lognormal', mean: round(mean, 6), cv: round(cv, 4) },
      text: `lognormal(mean ${round(mean, 4)} s, cv ${round(cv, 3)})`,
    },
  );
}

/** The histogram density on equal-width bins of ln x (see the module comment). */
function fitHistogramDensity(sample: DurationSample): CandidateFit | undefined {
  const n = sample.n;
  const h = sample.histogram;
  const [first, last] = h.range();
  const width = last - first + 1;
  const k = Math.min(width, Math.max(5, Math.min(200, Math.round(2 * Math.cbrt(n)))));
  if (k < 2) return undefined;
  const edges: number[] = [];
  const counts: number[] = [];
  for (let b = 0; b < k; b++) {
    const from = first + Math.floor((b * width) / k);
    const to = first + Math.floor(((b + 1) * width) / k);
    let c = 0;
    for (let i = from; i < to; i++) c += h.counts[i];
    edges.push(LogHistogram.lower(from));
    counts.push(c);
  }
  edges.push(LogHistogram.upper(last));
  let logLikelihood = 0;
  for (let b = 0; b < k; b++) {
    if (counts[b] > 0)
      logLikelihood += counts[b] * Math.log(counts[b] / (n * (edges[b + 1] - edges[b])));
  }
  const cumulative = [0];
  for (let b = 0; b < k; b++) cumulative.push(cumulative[b] + counts[b] / n);
  const cdf = (x: number) => {
    if (x <= edges[0]) return 0;
    if (x >= edges[k]) return 1;
    let lo = 0;
    let hi = k;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (edges[mid] <= x) lo = mid;
      else hi = mid;
    }
    return (
      cumulative[lo] +
      ((cumulative[lo + 1] - cumulative[lo]) * (x - edges[lo])) / (edges[lo + 1] - edges[lo])
    );
  };
  const m = sample.moments;
  const mean = m.mean;
  const sd = m.stdDev;
  const cv = sd / mean;
  const seMean = sd / Math.sqrt(n);
  const seCv = cv * Math.sqrt(1 / (2 * n) + (cv * cv) / n);
  const samples = equalProbabilityQuantiles(sample, 100);
  return finish('empirical', k - 1, logLikelihood, sample, cdf, {
    mean: {
      value: mean,
      lo: mean - Z * seMean,
      hi: mean + Z * seMean,
      n,
      basis: `histogram density on ${k} log-spaced bins; sample mean, normal interval`,
    },
    cv: {
      value: cv,
      lo: Math.max(0, cv - Z * seCv),
      hi: cv + Z * seCv,
      n,
      basis: 'sample cv, normal-theory interval',
    },
    spec: { dist: 'empirical', samples },
    text: `empirical(${k} bins, mean ${round(mean, 4)} s)`,
  });
}

/** m values at probabilities (i + ½)/m from the histogram, rounded to 0.1 s. */
export function equalProbabilityQuantiles(sample: DurationSample, m: number): number[] {
  return Array.from({ length: m }, (_, i) =>
    Math.max(0.1, Math.round(sample.histogram.quantile((i + 0.5) / m) * 10) / 10),
  );
}

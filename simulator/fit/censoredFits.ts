/**
 * Parametric patience fits that treat answered contacts as right-censored.
 *
 * What:
 * - exponential: the MLE of the mean patience is the total exposure (every
 *   wait, answered or abandoned) over the number of abandonments, T/d. Its
 *   interval is the χ² pivot 2T/θ ~ χ²(2d) (exact under type-II censoring,
 *   close otherwise): θ ∈ [2T/χ²₀.₉₇₅(2d), 2T/χ²₀.₀₂₅(2d)].
 * - Weibull (shape k, scale λ): the likelihood profiled over k, with
 *   λᵏ = Σtᵏ/d in closed form and k by golden-section search; the mean
 *   λΓ(1 + 1/k) and the shape get Wald intervals on the log scale from the
 *   observed information. A likelihood-ratio test of k = 1 tells whether the
 *   exponential is enough. Reported only: a scenario cannot name a Weibull.
 * - lognormal: Σ_events ln f(t) + Σ_censored ln S(t), maximised by
 *   Nelder–Mead over (μ, ln σ); mean and cv with delta-method intervals.
 *
 * The exponential and lognormal (the two a scenario can name) compete by
 * BIC; all three log-likelihoods are computed on the same 0.2%-wide time
 * buckets so they compare like for like (the exponential's own estimate uses
 * the exact exposure).
 *
 * References: J. F. Lawless (2003), Statistical Models and Methods for
 * Lifetime Data, 2nd ed., §2.2 (exponential, censored), §5.2 (Weibull
 * profile likelihood), §5.3 (lognormal); for why the censored estimate is the
 * right one for callers' patience, A. Mandelbaum & S. Zeltyn (2013), "Data
 * stories about (im)patient customers in tele-queues", Queueing Systems 75.
 */
import type { DistributionSpec } from '../../scenarios/schema/types.js';
import { regularizedGammaQ } from '../analytic/incompleteGamma.js';
import { logGamma } from '../stats/logGamma.js';
import { studentTQuantile } from '../stats/studentT.js';
import type { CensoredSample } from './censoredSample.js';
import { type Estimate, logScaleEstimate } from './estimate.js';
import { type KaplanMeierCurve, kaplanMeier } from './kaplanMeier.js';
import { LogHistogram } from './logHistogram.js';
import { deltaMethodSe, goldenSection, nelderMead } from './optimize.js';
import { chiSquareQuantile, logNormalDensity, logNormalSurvival, normalCdf } from './special.js';

export interface ModelScore {
  logLikelihood: number;
  aic: number;
  bic: number;
}

export interface PatienceFit {
  /** Waits recorded (answered or abandoned). */
  n: number;
  abandons: number;
  /** Total seconds waited by everyone. */
  exposure: number;
  exponential: ModelScore & { mean: Estimate };
  weibull?: ModelScore & {
    shape: Estimate;
    scale: number;
    mean: Estimate;
    /** Likelihood-ratio test of shape = 1 (exponential). */
    lrTest: { statistic: number; pValue: number };
  };
  lognormal?: ModelScore & { mean: Estimate; cv: Estimate; mu: number; sigma: number };
  /** Mean of the abandonment times alone: biased low, never used. */
  naive: Estimate | null;
  chosen: 'exponential' | 'lognormal';
  /** The chosen model's mean, and its scenario spec (seconds). */
  mean: Estimate;
  spec: DistributionSpec;
  km: KaplanMeierCurve;
}

/** Fewer abandonments than this and only the exponential is fitted. */
export const MIN_ABANDONS_FOR_SHAPE = 20;

const round = (x: number, digits: number) => Number(x.toPrecision(digits));

/**
 * Fits patience from a censored sample. Undefined when nobody abandoned
 * (the data say nothing about patience beyond "longer than every wait").
 */
export function fitPatience(sample: CensoredSample): PatienceFit | undefined {
  const d = sample.abandons;
  if (d === 0) return undefined;
  const n = sample.n;
  const exposure = sample.exposure.sum;
  const theta = exposure / d;
  const logN = Math.log(n);
  const score = (logLikelihood: number, p: number): ModelScore => ({
    logLikelihood,
    aic: 2 * p - 2 * logLikelihood,
    bic: p * logN - 2 * logLikelihood,
  });

  // Buckets shared by every binned likelihood.
  const times: number[] = [];
  const weights: number[] = [];
  const isEvent: boolean[] = [];
  const collect = (event: boolean) => (i: number, count: number) => {
    times.push(LogHistogram.mid(i));
    weights.push(count);
    isEvent.push(event);
  };
  sample.events.forEach(collect(true));
  sample.censored.forEach(collect(false));
  let binnedExposure = 0;
  let eventLogSum = 0;
  for (let j = 0; j < times.length; j++) {
    binnedExposure += weights[j] * times[j];
    if (isEvent[j]) eventLogSum += weights[j] * Math.log(times[j]);
  }
  const expLogLik = d * Math.log(d / binnedExposure) - d;
  const exponential = {
    ...score(expLogLik, 1),
    mean: {
      value: theta,
      lo: (2 * exposure) / chiSquareQuantile(0.975, 2 * d),
      hi: (2 * exposure) / chiSquareQuantile(0.025, 2 * d),
      n: d,
      basis: `censored exponential MLE: ${round(exposure, 6).toLocaleString('en')} s waited in total ÷ ${d.toLocaleString('en')} abandons (${(n - d).toLocaleString('en')} answered waits censored); χ² interval`,
    },
  };

  const naiveMoments = sample.naive;
  let naive: Estimate | null = null;
  if (naiveMoments.count >= 2) {
    const half =
      (studentTQuantile(0.975, naiveMoments.count - 1) * naiveMoments.stdDev) /
      Math.sqrt(naiveMoments.count);
    naive = {
      value: naiveMoments.mean,
      lo: naiveMoments.mean - half,
      hi: naiveMoments.mean + half,
      n: naiveMoments.count,
      basis: 'mean of abandonment times only (ignores the answered: biased low, not used)',
    };
  }

  let weibull: PatienceFit['weibull'];
  let lognormal: PatienceFit['lognormal'];
  if (d >= MIN_ABANDONS_FOR_SHAPE) {
    weibull = fitWeibull(times, weights, d, eventLogSum, expLogLik, score);
    lognormal = fitLognormal(times, weights, isEvent, d, eventLogSum, theta, score);
  }
  const chosen = lognormal && lognormal.bic < exponential.bic ? 'lognormal' : 'exponential';
  const spec: DistributionSpec =
    chosen === 'lognormal' && lognormal
      ? {
          dist: 'lognormal',
          mean: round(lognormal.mean.value, 6),
          cv: round(lognormal.cv.value, 4),
        }
      : { dist: 'exponential', mean: round(theta, 6) };
  return {
    n,
    abandons: d,
    exposure,
    exponential,
    weibull,
    lognormal,
    naive,
    chosen,
    mean: chosen === 'lognormal' && lognormal ? lognormal.mean : exponential.mean,
    spec,
    km: kaplanMeier(sample),
  };
}

function fitWeibull(
  times: number[],
  weights: number[],
  d: number,
  eventLogSum: number,
  expLogLik: number,
  score: (ll: number, p: number) => ModelScore,
): PatienceFit['weibull'] {
  const sumPow = (k: number) => {
    let s = 0;
    for (let j = 0; j < times.length; j++) s += weights[j] * times[j] ** k;
    return s;
  };
  const profile = (logK: number) => {
    const k = Math.exp(logK);
    return -(d * Math.log(k) - d * Math.log(sumPow(k) / d) + (k - 1) * eventLogSum - d);
  };
  const best = goldenSection(profile, Math.log(0.05), Math.log(20), 1e-7);
  const k = Math.exp(best.x);
  const scale = (sumPow(k) / d) ** (1 / k);
  const logLikelihood = -best.value;
  // Full negative log-likelihood in (ln λ, ln k) for the observed information.
  const nll = ([logLambda, logShape]: number[]) => {
    const kk = Math.exp(logShape);
    const lambda = Math.exp(logLambda);
    let s = 0;
    for (let j = 0; j < times.length; j++) s += weights[j] * (times[j] / lambda) ** kk;
    return -(d * logShape - d * kk * logLambda + (kk - 1) * eventLogSum - s);
  };
  const at = [Math.log(scale), Math.log(k)];
  const logMean = (x: number[]) => x[0] + logGamma(1 + Math.exp(-x[1]));
  const seLogMean = deltaMethodSe(nll, at, logMean);
  const seLogShape = deltaMethodSe(nll, at, (x) => x[1]);
  const mean = Math.exp(logMean(at));
  const statistic = Math.max(0, 2 * (logLikelihood - expLogLik));
  return {
    ...score(logLikelihood, 2),
    scale,
    shape: logScaleEstimate(
      k,
      seLogShape,
      d,
      'censored Weibull MLE (profile likelihood), Wald interval of ln k',
    ),
    mean: logScaleEstimate(
      mean,
      seLogMean,
      d,
      'censored Weibull MLE λΓ(1 + 1/k), delta-method interval',
    ),
    lrTest: { statistic, pValue: regularizedGammaQ(0.5, statistic / 2) },
  };
}

function fitLognormal(
  times: number[],
  weights: number[],
  isEvent: boolean[],
  d: number,
  eventLogSum: number,
  theta: number,
  score: (ll: number, p: number) => ModelScore,
): PatienceFit['lognormal'] {
  const logs = times.map(Math.log);
  const nll = ([mu, logSigma]: number[]) => {
    const sigma = Math.exp(logSigma);
    let ll = -d * logSigma - eventLogSum;
    for (let j = 0; j < logs.length; j++) {
      const z = (logs[j] - mu) / sigma;
      ll += weights[j] * (isEvent[j] ? logNormalDensity(z) : logNormalSurvival(z));
    }
    return -ll;
  };
  const start = [Math.log(theta) - 0.5, 0];
  let best = nelderMead(nll, start, [0.5, 0.3]);
  best = nelderMead(nll, best.x, [0.1, 0.1]);
  const [mu, logSigma] = best.x;
  const sigma = Math.exp(logSigma);
  const logMean = (x: number[]) => x[0] + Math.exp(2 * x[1]) / 2;
  const logCv = (x: number[]) => 0.5 * Math.log(Math.expm1(Math.exp(2 * x[1])));
  const seLogMean = deltaMethodSe(nll, best.x, logMean);
  const seLogCv = deltaMethodSe(nll, best.x, logCv);
  const mean = Math.exp(logMean(best.x));
  const cv = Math.exp(logCv(best.x));
  return {
    ...score(-best.value, 2),
    mu,
    sigma,
    mean: logScaleEstimate(
      mean,
      seLogMean,
      d,
      'censored lognormal MLE (Nelder–Mead), delta-method interval',
    ),
    cv: logScaleEstimate(
      cv,
      seLogCv,
      d,
      'censored lognormal MLE √(exp σ² − 1), delta-method interval',
    ),
  };
}

/** The survival function of the chosen model, for charts against the Kaplan–Meier curve. */
export function patienceSurvival(fit: PatienceFit): (t: number) => number {
  if (fit.chosen === 'lognormal' && fit.lognormal) {
    const { mu, sigma } = fit.lognormal;
    return (t) => (t <= 0 ? 1 : 1 - normalCdf((Math.log(t) - mu) / sigma));
  }
  const theta = fit.exponential.mean.value;
  return (t) => Math.exp(-t / theta);
}

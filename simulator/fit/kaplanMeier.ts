/**
 * The Kaplan–Meier estimate of the patience survival curve S(t) = P(patience
 * > t) from waits with abandonments as events and answers as censorings.
 *
 * What: the product over event times of (1 − dᵢ/nᵢ), dᵢ abandonments at tᵢ
 * and nᵢ customers still waiting just before; Greenwood's variance
 * S² Σ dᵢ/(nᵢ(nᵢ − dᵢ)) and the log–log interval S^{exp(±z·se/|ln S|)}, which
 * stays inside (0, 1). Times are the buckets of a {@link LogHistogram} (0.2%
 * wide), events in a bucket counted before its censorings as usual for ties.
 *
 * References: E. L. Kaplan & P. Meier (1958), JASA 53:457–481; M. Greenwood
 * (1926); J. D. Kalbfleisch & R. L. Prentice (2002), The Statistical
 * Analysis of Failure Time Data, §1.4 (log–log interval).
 */
import type { CensoredSample } from './censoredSample.js';
import { Z } from './estimate.js';
import { LogHistogram } from './logHistogram.js';

export interface SurvivalPoint {
  /** Seconds of waiting. */
  t: number;
  survival: number;
  lo: number;
  hi: number;
  atRisk: number;
}

export interface KaplanMeierCurve {
  points: SurvivalPoint[];
  /** The first time S(t) ≤ ½, or null when the curve stays above (most answered first). */
  median: number | null;
}

/**
 * The curve at every bucket with abandonments, thinned to at most `maxPoints`
 * (always keeping the last) for charts.
 */
export function kaplanMeier(sample: CensoredSample, maxPoints = 400): KaplanMeierCurve {
  const size = LogHistogram.size;
  const events = sample.events.counts;
  const censored = sample.censored.counts;
  let atRisk = sample.events.count + sample.censored.count;
  let survival = 1;
  let greenwood = 0;
  const points: SurvivalPoint[] = [{ t: 0, survival: 1, lo: 1, hi: 1, atRisk }];
  let median: number | null = null;
  for (let i = 0; i < size; i++) {
    const d = events[i];
    const c = censored[i];
    if (d === 0 && c === 0) continue;
    if (d > 0 && atRisk > 0) {
      survival *= 1 - d / atRisk;
      if (atRisk > d) greenwood += d / (atRisk * (atRisk - d));
      const t = LogHistogram.upper(i);
      let lo = survival;
      let hi = survival;
      if (survival > 0 && survival < 1) {
        const se = Math.sqrt(greenwood) / Math.abs(Math.log(survival));
        lo = survival ** Math.exp(Z * se);
        hi = survival ** Math.exp(-Z * se);
      }
      points.push({ t, survival, lo, hi, atRisk });
      if (median === null && survival <= 0.5) median = t;
    }
    atRisk -= d + c;
  }
  if (points.length <= maxPoints) return { points, median };
  const step = points.length / maxPoints;
  const thinned: SurvivalPoint[] = [];
  for (let k = 0; k < maxPoints - 1; k++) thinned.push(points[Math.floor(k * step)]);
  thinned.push(points[points.length - 1]);
  return { points: thinned, median };
}

/**
 * The Kolmogorov–Smirnov statistic of a fitted CDF against a streamed sample.
 *
 * What: D = sup |Fₙ(x) − F(x)|, evaluated at both edges of every non-empty
 * bucket of the sample's {@link LogHistogram}. Between two non-empty buckets
 * Fₙ is flat, so the supremum over an empty stretch is at its ends, which are
 * those edges; inside a non-empty bucket (0.2% wide in time) the exact
 * position of each value is unknown, so D is exact up to the fitted CDF's
 * change across one bucket. The p-value is the asymptotic Kolmogorov tail at
 * (√n + 0.12 + 0.11/√n)·D (Stephens 1970). With parameters estimated from the
 * same data it is conservative (too large: Lilliefors 1967), and with
 * hundreds of thousands of contacts any real distribution is "rejected"; read
 * D as the size of the misfit, in probability.
 *
 * References: M. A. Stephens (1970), "Use of the Kolmogorov–Smirnov,
 * Cramér–von Mises and related statistics without extensive tables", JRSS B
 * 32:115–122; H. W. Lilliefors (1967), JASA 62:399–402.
 */
import { LogHistogram } from './logHistogram.js';
import { kolmogorovTail } from './special.js';

export interface KsResult {
  /** The largest vertical distance between the sample's CDF and the fitted one. */
  d: number;
  /** Asymptotic p-value (conservative when parameters were estimated). */
  pValue: number;
  /** Where D is attained, seconds. */
  at: number;
}

export function ksStatistic(histogram: LogHistogram, cdf: (x: number) => number): KsResult {
  const n = histogram.count;
  let cumulative = 0;
  let d = 0;
  let at = Number.NaN;
  histogram.forEach((i, count) => {
    const lo = LogHistogram.lower(i);
    const below = Math.abs(cumulative / n - cdf(lo));
    if (below > d) {
      d = below;
      at = lo;
    }
    cumulative += count;
    const hi = LogHistogram.upper(i);
    const above = Math.abs(cumulative / n - cdf(hi));
    if (above > d) {
      d = above;
      at = hi;
    }
  });
  const root = Math.sqrt(n);
  return { d, pValue: kolmogorovTail((root + 0.12 + 0.11 / root) * d), at };
}

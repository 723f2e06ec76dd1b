/**
 * One streamed sample of durations (handle times, wrap-ups, bot times,
 * delays): the sufficient statistics of the exponential, gamma and lognormal
 * likelihoods — n, Σx, Σln x and Σ(ln x)² kept as Welford moments, so the
 * MLEs need no second pass — and a {@link LogHistogram} for the empirical
 * candidate, the KS statistic and quantiles. Constant memory per sample.
 *
 * Values below `threshold` are counted apart and left out of the fit (very
 * short contacts — a misdial, a duplicate chat — are a separate share, not
 * noise to hide in a lognormal's left tail); with threshold 0 only zeros are.
 */
import { Moments } from '../stats/moments.js';
import { LogHistogram } from './logHistogram.js';

/** Handle times below this many seconds are reported as a separate share. */
export const SHORT_CONTACT_SECONDS = 10;

export class DurationSample {
  /** Moments of the values at or above the threshold. */
  readonly moments = new Moments();
  /** Moments of their natural logs. */
  readonly logMoments = new Moments();
  readonly histogram = new LogHistogram();
  /** Values below the threshold (or ≤ 0). */
  short = 0;

  constructor(readonly threshold = 0) {}

  add(x: number): void {
    if (!(x > 0) || x < this.threshold) {
      this.short++;
      return;
    }
    this.moments.add(x);
    this.logMoments.add(Math.log(x));
    this.histogram.add(x);
  }

  /** Values fitted (at or above the threshold). */
  get n(): number {
    return this.moments.count;
  }

  /** Every value seen, short ones included. */
  get total(): number {
    return this.moments.count + this.short;
  }
}

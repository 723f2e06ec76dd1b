/**
 * A fixed grid of logarithmic buckets that counts positive durations in
 * constant memory: the streaming stand-in for "keep every observation" that
 * the empirical candidate, the KS statistic, quantiles, the Kaplan–Meier
 * curve and the censored fits need.
 *
 * Why this grid: bucket i covers [MIN·γⁱ, MIN·γⁱ⁺¹) with γ = 1.002, so a value
 * is known to 0.2% (a 6-minute handle time to under a second) from 10 ms to
 * 10⁷ s (16 weeks) in 10 370 buckets (41 KB). Everything computed from it —
 * an empirical CDF at bucket edges, a quantile, a likelihood at bucket
 * midpoints — is exact at the edges or off by at most that 0.2% in time, and
 * memory does not grow with the number of contacts (habit 4). Values below
 * 10 ms land in bucket 0, above 10⁷ s in the last one.
 */

const MIN = 0.01;
const GAMMA = 1.002;
const LOG_GAMMA = Math.log(GAMMA);
const BUCKETS = Math.ceil(Math.log(1e7 / MIN) / LOG_GAMMA);

export class LogHistogram {
  readonly counts = new Float64Array(BUCKETS);
  private total = 0;

  /** Bucket of a positive value. */
  static index(x: number): number {
    if (!(x > MIN)) return 0;
    const i = Math.floor(Math.log(x / MIN) / LOG_GAMMA);
    return i < BUCKETS ? i : BUCKETS - 1;
  }

  /** Lower edge of bucket i (bucket 0 starts at 0). */
  static lower(i: number): number {
    return i === 0 ? 0 : MIN * GAMMA ** i;
  }

  /** Upper edge of bucket i. */
  static upper(i: number): number {
    return MIN * GAMMA ** (i + 1);
  }

  /** A representative value of bucket i: its geometric midpoint. */
  static mid(i: number): number {
    return MIN * GAMMA ** (i + 0.5);
  }

  static get size(): number {
    return BUCKETS;
  }

  add(x: number, weight = 1): void {
    this.counts[LogHistogram.index(x)] += weight;
    this.total += weight;
  }

  get count(): number {
    return this.total;
  }

  /** Calls `f(i, count)` for every non-empty bucket, in increasing order. */
  forEach(f: (i: number, count: number) => void): void {
    const c = this.counts;
    for (let i = 0; i < c.length; i++) if (c[i] > 0) f(i, c[i]);
  }

  /** First and last non-empty bucket (−1 when empty). */
  range(): [number, number] {
    let first = -1;
    let last = -1;
    this.forEach((i) => {
      if (first < 0) first = i;
      last = i;
    });
    return [first, last];
  }

  /**
   * The q-quantile, interpolating geometrically inside the bucket where the
   * cumulative count passes q·n.
   */
  quantile(q: number): number {
    if (this.total === 0) return Number.NaN;
    const target = q * this.total;
    let cumulative = 0;
    const c = this.counts;
    for (let i = 0; i < c.length; i++) {
      if (c[i] === 0) continue;
      if (cumulative + c[i] >= target) {
        const f = (target - cumulative) / c[i];
        const lo = i === 0 ? MIN / GAMMA : LogHistogram.lower(i);
        return lo * (LogHistogram.upper(i) / lo) ** f;
      }
      cumulative += c[i];
    }
    return LogHistogram.upper(c.length - 1);
  }
}

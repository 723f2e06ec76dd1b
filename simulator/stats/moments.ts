/**
 * Streaming count, mean, variance, extremes and sum in O(1) memory.
 *
 * What: one pass over a stream of numbers keeps the count, the running mean,
 * the sum of squared deviations from the mean (M2), the minimum, the maximum
 * and a compensated sum. `merge` combines two accumulators exactly as if one
 * had seen both streams, so shards, workers and replications can be folded.
 *
 * Why this form: the textbook `Σx² − (Σx)²/n` subtracts two huge, nearly equal
 * numbers; its relative error grows like κ²·u, with κ = |mean| / s the
 * condition number and u = 2⁻⁵³, so data far from zero (clock times, 1e9 +
 * noise) lose every digit. Welford's update works with deviations from the
 * running mean and its error grows only like κ·u; on top of that the data are
 * shifted by the first observation (the "shifted data" advice of Chan, Golub &
 * LeVeque), which is exact for nearby values and brings κ down to about 1.
 * Chan et al.'s pairwise formula merges two (n, mean, M2) triples with the same
 * stability. The sum, and the mean taken from it, use Neumaier's compensated
 * summation.
 *
 * Hot path: `add` performs a handful of float operations, no allocation and
 * one finiteness check (a NaN or ±Infinity would silently poison every later
 * answer, so it throws instead).
 *
 * References:
 * - B. P. Welford (1962), "Note on a method for calculating corrected sums of
 *   squares and products", Technometrics 4(3):419–420.
 * - D. H. D. West (1979), "Updating mean and variance estimates: an improved
 *   method", CACM 22(9):532–535 (the weighted update).
 * - T. F. Chan, G. H. Golub, R. J. LeVeque (1979), "Updating formulae and a
 *   pairwise algorithm for computing sample variances", Stanford CS-79-773;
 *   and (1983) "Algorithms for computing the sample variance: analysis and
 *   recommendations", The American Statistician 37(3):242–247.
 * - A. Neumaier (1974), "Rundungsfehleranalyse einiger Verfahren zur Summation
 *   endlicher Summen", ZAMM 54:39–51.
 *
 * @example
 * const m = new Moments();
 * for (const x of [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]) m.add(x);
 * m.mean;     // 1000000010
 * m.variance; // 30 (the naive formula gives a wrong answer here)
 */

/** The JSON form of a {@link Moments}; `min`/`max` are null while empty. */
export interface MomentsJSON {
  count: number;
  mean: number;
  m2: number;
  sum: number;
  min: number | null;
  max: number | null;
}

export class Moments {
  private n = 0;
  private k = 0; // shift: the first observation; `mu` is the mean of x − k
  private mu = 0;
  private m2 = 0;
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;
  private s = 0;
  private c = 0; // Neumaier compensation for `s`

  /**
   * Add one observation.
   * @throws {RangeError} if `x` is NaN or infinite.
   */
  add(x: number): void {
    if (!Number.isFinite(x)) throw new RangeError(`Moments.add: x must be finite, got ${x}`);
    if (this.n === 0) this.k = x;
    const y = x - this.k;
    const n = this.n + 1;
    const d = y - this.mu;
    this.n = n;
    this.mu += d / n;
    this.m2 += d * (y - this.mu);
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    this.addToSum(x);
  }

  /**
   * Add an observation with a frequency weight: `addWeighted(x, k)` is the same
   * as calling `add(x)` k times (up to rounding), and non-integer weights extend
   * that meaning continuously (West 1979). `count` becomes the total weight and
   * `variance` is M2 / (W − 1), the frequency-weighted sample variance. A zero
   * weight is a no-op; it does not touch `min`/`max`.
   * @throws {RangeError} if `x` is not finite or `weight` is negative or not finite.
   */
  addWeighted(x: number, weight: number): void {
    if (!Number.isFinite(x))
      throw new RangeError(`Moments.addWeighted: x must be finite, got ${x}`);
    if (!(weight >= 0) || weight === Number.POSITIVE_INFINITY) {
      throw new RangeError(`Moments.addWeighted: weight must be finite and >= 0, got ${weight}`);
    }
    if (weight === 0) return;
    if (this.n === 0) this.k = x;
    const y = x - this.k;
    const w = this.n + weight;
    const d = y - this.mu;
    this.n = w;
    this.mu += (d * weight) / w;
    this.m2 += weight * d * (y - this.mu);
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    this.addToSum(x * weight);
  }

  /** Number of observations (total weight when `addWeighted` was used). */
  get count(): number {
    return this.n;
  }

  /**
   * Arithmetic mean; NaN while empty. Taken from the compensated sum (error
   * about one ulp) rather than the running mean, whose rounding drifts by
   * about √n ulps of the data's offset; the running mean is the fallback if
   * the sum overflows.
   */
  get mean(): number {
    if (this.n === 0) return Number.NaN;
    const m = (this.s + this.c) / this.n;
    return Number.isFinite(m) ? m : this.k + this.mu;
  }

  /** Sample variance M2 / (n − 1); NaN while n ≤ 1 (no spread can be estimated). */
  get variance(): number {
    return this.n > 1 ? this.m2 / (this.n - 1) : Number.NaN;
  }

  /** Population variance M2 / n; NaN while empty. */
  get populationVariance(): number {
    return this.n > 0 ? this.m2 / this.n : Number.NaN;
  }

  /** Sample standard deviation √variance; NaN while n ≤ 1. */
  get stdDev(): number {
    return Math.sqrt(this.variance);
  }

  /** Smallest observation; NaN while empty. */
  get min(): number {
    return this.n > 0 ? this.lo : Number.NaN;
  }

  /** Largest observation; NaN while empty. */
  get max(): number {
    return this.n > 0 ? this.hi : Number.NaN;
  }

  /** Compensated sum of the observations (weighted by their weights); 0 while empty. */
  get sum(): number {
    return this.s + this.c;
  }

  /**
   * Fold `other` into this accumulator (Chan et al. 1979): the result has the
   * count, mean and M2 of the concatenated streams. `other` is unchanged.
   */
  merge(other: Moments): void {
    if (other.n === 0) return;
    const os = other.s; // read first: `other` may be `this`
    const oc = other.c;
    if (this.n === 0) {
      this.n = other.n;
      this.k = other.k;
      this.mu = other.mu;
      this.m2 = other.m2;
      this.lo = other.lo;
      this.hi = other.hi;
      this.s = other.s;
      this.c = other.c;
      return;
    }
    const n = this.n + other.n;
    const d = other.k - this.k + other.mu - this.mu; // other's mean in this shift, minus ours
    this.mu += (d * other.n) / n;
    this.m2 += other.m2 + ((d * d * this.n) / n) * other.n;
    this.n = n;
    if (other.lo < this.lo) this.lo = other.lo;
    if (other.hi > this.hi) this.hi = other.hi;
    this.addToSum(os);
    this.addToSum(oc);
  }

  /** Forget every observation. */
  reset(): void {
    this.n = 0;
    this.k = 0;
    this.mu = 0;
    this.m2 = 0;
    this.lo = Number.POSITIVE_INFINITY;
    this.hi = Number.NEGATIVE_INFINITY;
    this.s = 0;
    this.c = 0;
  }

  /** A JSON-safe snapshot (no NaN or Infinity) that {@link Moments.fromJSON} restores. */
  toJSON(): MomentsJSON {
    const empty = this.n === 0;
    return {
      count: this.n,
      mean: empty ? 0 : this.mean,
      m2: this.m2,
      sum: this.s + this.c,
      min: empty ? null : this.lo,
      max: empty ? null : this.hi,
    };
  }

  /**
   * Rebuild an accumulator from {@link Moments.toJSON} output.
   * @throws {TypeError} naming every invalid field at once.
   */
  static fromJSON(json: MomentsJSON): Moments {
    const issues: string[] = [];
    const finite = (key: keyof MomentsJSON, atLeast = Number.NEGATIVE_INFINITY): void => {
      const v = json?.[key];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < atLeast) {
        issues.push(`${key}: expected a finite number${atLeast === 0 ? ' >= 0' : ''}, got ${v}`);
      }
    };
    finite('count', 0);
    finite('mean');
    finite('m2', 0);
    finite('sum');
    const empty = json?.count === 0;
    for (const key of ['min', 'max'] as const) {
      const v = json?.[key];
      if (empty ? v !== null && v !== undefined : typeof v !== 'number' || !Number.isFinite(v)) {
        issues.push(
          `${key}: expected ${empty ? 'null for an empty accumulator' : 'a finite number'}, got ${v}`,
        );
      }
    }
    if (issues.length > 0) throw new TypeError(`Moments.fromJSON: ${issues.join('; ')}`);
    const m = new Moments();
    if (empty) return m;
    m.n = json.count;
    m.k = json.mean; // shift by the mean: the running mean of x − k starts at 0
    m.mu = 0;
    m.m2 = json.m2;
    m.s = json.sum;
    m.lo = json.min as number;
    m.hi = json.max as number;
    return m;
  }

  /** Neumaier's compensated addition of `x` to (s, c). */
  private addToSum(x: number): void {
    const s = this.s;
    const t = s + x;
    if (Math.abs(s) >= Math.abs(x)) this.c += s - t + x;
    else this.c += x - t + s;
    this.s = t;
  }
}

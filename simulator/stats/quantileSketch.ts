/**
 * Quantiles of a stream of non-negative numbers in bounded memory (DDSketch).
 *
 * What: positive values are counted in logarithmic buckets. With
 * γ = (1 + α) / (1 − α), bucket k holds the values in (γ^(k−1), γ^k] and is
 * represented by 2γ^k / (γ + 1), which is within a relative distance α of
 * every value in the bucket. Values below a tiny `zeroThreshold` (waits are
 * often exactly 0) are counted exactly in a separate zero bucket. Counts live
 * in a Float64Array indexed by `key − offset`: `add` is one `Math.log`, one
 * `Math.ceil` and one increment, with no Map and no allocation unless the key
 * range widens beyond the array (the array doubles, at most ⌈log₂(maxBuckets
 * / 128)⌉ times over a sketch's life, and is shifted in place afterwards).
 *
 * Error bound (the guarantee this module states and tests). Let n be the
 * count and x the element of 0-based rank ⌊q(n − 1)⌋ of the sorted data (the
 * "lower" empirical q-quantile). Then `quantile(q)` returns v with
 *   |v − x| ≤ α · x            when x ≥ max(zeroThreshold, accuracyFloor),
 *   |v − x| < zeroThreshold    when x < zeroThreshold (v is 0 or the exact min),
 * up to one rounding of `Math.log` at bucket edges (relative 1e−15). The
 * exact min and max are kept: ranks 0 and n − 1 (q = 0, q = 1) are returned
 * exactly and every result is clamped to [min, max].
 * `cdf(x)` is the share of values whose bucket representative is ≤ x, so for
 * x ≥ max(zeroThreshold, accuracyFloor) it is bracketed by the exact empirical
 * CDF F: F(x / (1 + α)) ≤ cdf(x) ≤ F(x / (1 − α)).
 *
 * Bucket cap: when the retained key range would exceed `maxBuckets`, the
 * lowest buckets are collapsed into the lowest retained one (Masson et al.
 * §2.2, "collapsing the lowest buckets"). Memory stays at most `maxBuckets`
 * doubles (16 KiB by default). The guarantee is lost only for values at or
 * below `accuracyFloor` = γ^(minKey − 1) (0 until a collapse happens): such
 * values are reported as the lowest retained bucket's value, i.e. they are
 * overestimated and `cdf` undercounts below that floor. With the defaults
 * (α = 0.005, 2048 buckets) the retained range spans γ^2048 ≈ 8.2 × 10⁸, about
 * 8.9 decades below the largest value, so a sketch of waits up to a day keeps
 * full accuracy down to about 0.1 ms. The high quantiles, which service-level
 * targets care about, are never affected.
 *
 * Merge is exact: the final state depends only on the multiset of bucket keys
 * (bucket L = max(k_min, k_max − maxBuckets + 1) holds every count with key ≤ L,
 * every higher key its own count), so merging shards gives bit-for-bit the
 * sketch of the concatenated data, collapsed or not.
 *
 * Negative values throw RangeError: everything this simulator sketches (waits,
 * handle times, response times) is ≥ 0, and the mirrored negative store of the
 * paper would double the hot-path branches for no use. Sketch `−x` in a second
 * sketch if a signed quantity ever needs it.
 *
 * Reference: C. Masson, J. E. Rim, H. K. Lee (2019), "DDSketch: a fast and
 * fully-mergeable quantile sketch with relative-error guarantees", PVLDB
 * 12(12):2195–2205.
 *
 * @example
 * const s = new QuantileSketch(); // α = 0.005, 2048 buckets
 * for (let i = 1; i <= 1000; i++) s.add(i);
 * s.quantile(0.5);  // 500.2156434212744 (exact lower median: 500)
 * s.quantile(1);    // 1000 (clamped to the exact max)
 * s.cdf(100);       // 0.1
 */

import type { BucketArena } from './bucketArena.js';

/** Construction options; every field is optional. */
export interface QuantileSketchOptions {
  /** α in (0, 1): the relative error bound of every quantile. Default 0.005. */
  relativeAccuracy?: number;
  /** Integer ≥ 1: at most this many buckets are kept. Default 2048. */
  maxBuckets?: number;
  /** Values in [0, zeroThreshold) are counted as zero. Finite, > 0. Default 1e−9. */
  zeroThreshold?: number;
  /**
   * Where the count arrays come from: the many small sketches of one run can
   * share an arena's buffers instead of each allocating its own (see
   * BucketArena). The results are the same either way.
   */
  arena?: BucketArena;
}

/** JSON form of a {@link QuantileSketch}: dense counts from `minKey` up. */
export interface QuantileSketchJSON {
  relativeAccuracy: number;
  maxBuckets: number;
  zeroThreshold: number;
  count: number;
  zeroCount: number;
  min: number | null;
  max: number | null;
  collapsed: boolean;
  minKey: number;
  counts: number[];
}

const INITIAL_CAPACITY = 128;

export class QuantileSketch {
  /** α: the relative error bound. */
  readonly relativeAccuracy: number;
  /** The bucket cap. */
  readonly maxBuckets: number;
  /** Values below this are counted as zero. */
  readonly zeroThreshold: number;

  private readonly gamma: number;
  private readonly logGamma: number;
  private readonly invLogGamma: number;
  private readonly midFactor: number; // 2 / (1 + γ)

  private readonly arena: BucketArena | undefined;
  private bins: Float64Array;
  private offset = 0; // key stored at bins[0]
  private minKey = 0; // retained key range [minKey, maxKey]; empty while maxKey < minKey
  private maxKey = -1;
  private n = 0;
  private zeros = 0;
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;
  private wasCollapsed = false;

  /** @throws {RangeError} listing every invalid option. */
  constructor(options: QuantileSketchOptions = {}) {
    const alpha = options.relativeAccuracy ?? 0.005;
    const maxBuckets = options.maxBuckets ?? 2048;
    const zeroThreshold = options.zeroThreshold ?? 1e-9;
    const issues: string[] = [];
    if (!(alpha > 0 && alpha < 1)) {
      issues.push(`relativeAccuracy: expected a number in (0, 1), got ${alpha}`);
    }
    if (!Number.isInteger(maxBuckets) || maxBuckets < 1) {
      issues.push(`maxBuckets: expected an integer >= 1, got ${maxBuckets}`);
    }
    if (!(zeroThreshold > 0) || !Number.isFinite(zeroThreshold)) {
      issues.push(`zeroThreshold: expected a finite number > 0, got ${zeroThreshold}`);
    }
    if (issues.length > 0) throw new RangeError(`QuantileSketch: ${issues.join('; ')}`);
    this.relativeAccuracy = alpha;
    this.maxBuckets = maxBuckets;
    this.zeroThreshold = zeroThreshold;
    this.gamma = (1 + alpha) / (1 - alpha);
    this.logGamma = Math.log1p((2 * alpha) / (1 - alpha));
    this.invLogGamma = 1 / this.logGamma;
    this.midFactor = 2 / (1 + this.gamma);
    this.arena = options.arena;
    this.bins = this.allocate(Math.min(INITIAL_CAPACITY, maxBuckets));
  }

  /**
   * Count one value.
   * @throws {RangeError} if `x` is negative, NaN or infinite.
   */
  add(x: number): void {
    if (!(x >= 0) || x === Number.POSITIVE_INFINITY) {
      throw new RangeError(`QuantileSketch.add: x must be finite and >= 0, got ${x}`);
    }
    this.n++;
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    if (x < this.zeroThreshold) {
      this.zeros++;
      return;
    }
    const key = Math.ceil(Math.log(x) * this.invLogGamma);
    if (key >= this.minKey && key <= this.maxKey) this.bins[key - this.offset]++;
    else this.insert(key, 1);
  }

  /** Number of values added. */
  get count(): number {
    return this.n;
  }

  /** Number of values counted in the zero bucket (below `zeroThreshold`). */
  get zeroCount(): number {
    return this.zeros;
  }

  /** Exact smallest value; NaN while empty. */
  get min(): number {
    return this.n > 0 ? this.lo : Number.NaN;
  }

  /** Exact largest value; NaN while empty. */
  get max(): number {
    return this.n > 0 ? this.hi : Number.NaN;
  }

  /** Width of the retained key range (≤ maxBuckets): the memory actually in use. */
  get bucketCount(): number {
    return this.maxKey >= this.minKey ? this.maxKey - this.minKey + 1 : 0;
  }

  /** Length of the allocated count array (≤ maxBuckets). */
  get capacity(): number {
    return this.bins.length;
  }

  /** True once the bucket cap has forced the lowest buckets to collapse. */
  get collapsed(): boolean {
    return this.wasCollapsed;
  }

  /**
   * Values above this keep the relative-accuracy guarantee: γ^(minKey − 1)
   * after a collapse, 0 before.
   */
  get accuracyFloor(): number {
    return this.wasCollapsed ? Math.exp((this.minKey - 1) * this.logGamma) : 0;
  }

  /**
   * The q-quantile (lower empirical definition, rank ⌊q(n − 1)⌋), within the
   * bound stated in the module comment. NaN while empty.
   * @throws {RangeError} if q is not in [0, 1].
   */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1))
      throw new RangeError(`QuantileSketch.quantile: q must be in [0, 1], got ${q}`);
    if (this.n === 0) return Number.NaN;
    const rank = q * (this.n - 1);
    if (rank < 1) return this.lo; // rank 0 is the exact minimum
    if (rank >= this.n - 1) return this.hi; // rank n − 1 is the exact maximum
    let v = 0;
    if (rank >= this.zeros) {
      let cumulative = this.zeros;
      let key = this.minKey;
      for (; key < this.maxKey; key++) {
        cumulative += this.bins[key - this.offset];
        if (cumulative > rank) break;
      }
      v = this.keyValue(key);
    }
    return Math.min(Math.max(v, this.lo), this.hi);
  }

  /**
   * Share of values ≤ x, within the bound stated in the module comment.
   * NaN while empty.
   * @throws {RangeError} if x is NaN.
   */
  cdf(x: number): number {
    if (Number.isNaN(x)) throw new RangeError('QuantileSketch.cdf: x must be a number, got NaN');
    if (this.n === 0) return Number.NaN;
    if (x < this.lo) return 0;
    if (x >= this.hi) return 1;
    let cumulative = this.zeros;
    for (let key = this.minKey; key <= this.maxKey; key++) {
      if (this.keyValue(key) > x) break;
      cumulative += this.bins[key - this.offset];
    }
    return cumulative / this.n;
  }

  /**
   * Fold `other` into this sketch. Exact: the result equals the sketch of the
   * concatenated data. `other` is unchanged.
   * @throws {RangeError} if the two sketches have different options.
   */
  merge(other: QuantileSketch): void {
    if (
      other.relativeAccuracy !== this.relativeAccuracy ||
      other.maxBuckets !== this.maxBuckets ||
      other.zeroThreshold !== this.zeroThreshold
    ) {
      throw new RangeError(
        'QuantileSketch.merge: sketches must share relativeAccuracy, maxBuckets and zeroThreshold',
      );
    }
    if (other.n === 0) return;
    const src = other === this ? this.clone() : other;
    this.n += src.n;
    this.zeros += src.zeros;
    if (src.lo < this.lo) this.lo = src.lo;
    if (src.hi > this.hi) this.hi = src.hi;
    if (src.wasCollapsed) this.wasCollapsed = true;
    // Highest key first: the top of the range is set once, then only filled or folded.
    let key = src.maxKey;
    while (key >= src.minKey && !(src.bins[key - src.offset] > 0)) key--;
    if (key < src.minKey) return; // only zeros
    this.insert(key, src.bins[key - src.offset]);
    // Allocate the range the lower keys will need in one step, rather than
    // re-centring the array as each lower key arrives.
    const lowest = Math.max(this.maxKey - this.maxBuckets + 1, src.minKey);
    if (lowest < this.minKey) this.ensureRange(lowest, this.maxKey);
    for (key--; key >= src.minKey; key--) {
      const c = src.bins[key - src.offset];
      if (c > 0) this.insert(key, c);
    }
  }

  /** An independent copy. */
  clone(): QuantileSketch {
    return QuantileSketch.fromJSON(this.toJSON());
  }

  /** Forget every value (keeps the allocated array). */
  reset(): void {
    this.bins.fill(0);
    this.minKey = 0;
    this.maxKey = -1;
    this.n = 0;
    this.zeros = 0;
    this.lo = Number.POSITIVE_INFINITY;
    this.hi = Number.NEGATIVE_INFINITY;
    this.wasCollapsed = false;
  }

  /** Canonical JSON: two equal sketches give equal JSON whatever their history. */
  toJSON(): QuantileSketchJSON {
    const empty = this.maxKey < this.minKey;
    const counts = empty
      ? []
      : Array.from(this.bins.subarray(this.minKey - this.offset, this.maxKey - this.offset + 1));
    return {
      relativeAccuracy: this.relativeAccuracy,
      maxBuckets: this.maxBuckets,
      zeroThreshold: this.zeroThreshold,
      count: this.n,
      zeroCount: this.zeros,
      min: this.n > 0 ? this.lo : null,
      max: this.n > 0 ? this.hi : null,
      collapsed: this.wasCollapsed,
      minKey: empty ? 0 : this.minKey,
      counts,
    };
  }

  /**
   * Rebuild a sketch from {@link QuantileSketch.toJSON} output.
   * @throws {RangeError} naming every invalid field at once.
   */
  static fromJSON(json: QuantileSketchJSON): QuantileSketch {
    const issues: string[] = [];
    let sketch = new QuantileSketch();
    try {
      sketch = new QuantileSketch({
        relativeAccuracy: json.relativeAccuracy,
        maxBuckets: json.maxBuckets,
        zeroThreshold: json.zeroThreshold,
      });
    } catch (error) {
      issues.push((error as Error).message.replace('QuantileSketch: ', ''));
    }
    const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
    if (!isCount(json.count)) issues.push(`count: expected an integer >= 0, got ${json.count}`);
    if (!isCount(json.zeroCount))
      issues.push(`zeroCount: expected an integer >= 0, got ${json.zeroCount}`);
    if (!Number.isInteger(json.minKey))
      issues.push(`minKey: expected an integer, got ${json.minKey}`);
    if (typeof json.collapsed !== 'boolean') {
      issues.push(`collapsed: expected a boolean, got ${json.collapsed}`);
    }
    const counts = Array.isArray(json.counts) ? json.counts : [];
    if (!Array.isArray(json.counts)) issues.push('counts: expected an array of integers >= 0');
    if (counts.length > sketch.maxBuckets) {
      issues.push(`counts: ${counts.length} buckets exceed maxBuckets=${sketch.maxBuckets}`);
    }
    let total = 0;
    counts.forEach((c, i) => {
      if (isCount(c)) total += c;
      else issues.push(`counts.${i}: expected an integer >= 0, got ${c}`);
    });
    if (isCount(json.count) && isCount(json.zeroCount) && total + json.zeroCount !== json.count) {
      issues.push(
        `count: ${json.count} differs from zeroCount + Σcounts = ${total + json.zeroCount}`,
      );
    }
    const nonEmpty = isCount(json.count) && json.count > 0;
    for (const key of ['min', 'max'] as const) {
      const v = json[key];
      const ok = nonEmpty ? typeof v === 'number' && v >= 0 && Number.isFinite(v) : v === null;
      if (!ok)
        issues.push(`${key}: expected ${nonEmpty ? 'a finite number >= 0' : 'null'}, got ${v}`);
    }
    if (issues.length > 0) throw new RangeError(`QuantileSketch.fromJSON: ${issues.join('; ')}`);
    if (!nonEmpty) return sketch;
    sketch.n = json.count;
    sketch.zeros = json.zeroCount;
    sketch.lo = json.min as number;
    sketch.hi = json.max as number;
    sketch.wasCollapsed = json.collapsed;
    for (let i = counts.length - 1; i >= 0; i--) {
      if (counts[i] > 0) sketch.insert(json.minKey + i, counts[i]);
    }
    return sketch;
  }

  /** The representative of bucket `key`: 2γ^key / (γ + 1). */
  private keyValue(key: number): number {
    return Math.exp(key * this.logGamma) * this.midFactor;
  }

  /** Add `c` to bucket `key`, widening, shifting or collapsing the range as needed. */
  private insert(key: number, c: number): void {
    if (this.maxKey < this.minKey) {
      this.ensureRange(key, key);
      this.minKey = key;
      this.maxKey = key;
    } else if (key > this.maxKey) {
      let newMin = this.minKey;
      let folded = 0;
      if (key - this.minKey + 1 > this.maxBuckets) {
        newMin = key - this.maxBuckets + 1;
        const top = Math.min(this.maxKey, newMin - 1);
        for (let k = this.minKey; k <= top; k++) {
          folded += this.bins[k - this.offset];
          this.bins[k - this.offset] = 0;
        }
        this.wasCollapsed = true;
      }
      this.ensureRange(newMin, key);
      this.minKey = newMin;
      this.maxKey = key;
      this.bins[newMin - this.offset] += folded;
    } else if (key < this.minKey) {
      const lowest = this.maxKey - this.maxBuckets + 1;
      let target = key;
      if (key < lowest) {
        target = lowest;
        this.wasCollapsed = true;
      }
      if (target < this.minKey) {
        this.ensureRange(target, this.maxKey);
        this.minKey = target;
      }
      key = target;
    }
    this.bins[key - this.offset] += c;
  }

  /**
   * Make the array cover keys [lo, hi] (hi − lo < maxBuckets), keeping every
   * non-zero count, which the caller guarantees lies inside [lo, hi].
   */
  private ensureRange(lo: number, hi: number): void {
    const old = this.bins;
    if (lo >= this.offset && hi < this.offset + old.length) return;
    const width = hi - lo + 1;
    let capacity = old.length;
    while (capacity < width) capacity *= 2;
    capacity = Math.min(capacity, this.maxBuckets);
    const newOffset = lo - Math.floor((capacity - width) / 2);
    const from = Math.max(lo, this.offset); // keys present in both layouts
    const to = Math.min(hi, this.offset + old.length - 1);
    if (capacity === old.length) {
      if (from <= to) {
        old.copyWithin(from - newOffset, from - this.offset, to - this.offset + 1);
        old.fill(0, 0, from - newOffset);
        old.fill(0, to - newOffset + 1);
      } else {
        old.fill(0);
      }
    } else {
      const bins = this.allocate(capacity);
      if (from <= to)
        bins.set(old.subarray(from - this.offset, to - this.offset + 1), from - newOffset);
      this.bins = bins;
    }
    this.offset = newOffset;
  }

  private allocate(length: number): Float64Array {
    return this.arena ? this.arena.take(length) : new Float64Array(length);
  }
}

import { describe, expect, it } from 'vitest';
import { QuantileSketch } from '../../simulator/stats/index.js';
import { exponential, uniform } from './seededRandom.js';

const ALPHA = 0.005;
/** One rounding of Math.log at a bucket edge may move a value to the neighbouring bucket. */
const SLACK = 1e-12;

/** The exact lower empirical quantile: the element of 0-based rank ⌊q(n − 1)⌋. */
function exactQuantile(sorted: Float64Array, q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))];
}

/** Exact share of values ≤ x, by binary search. */
function exactCdf(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo / sorted.length;
}

const GRID = [...Array.from({ length: 1001 }, (_, i) => i / 1000), 1e-4, 0.9995, 0.9999, 0.99999];

function draw(n: number, next: () => number): { sketch: QuantileSketch; sorted: Float64Array } {
  const sketch = new QuantileSketch({ relativeAccuracy: ALPHA });
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    data[i] = next();
    sketch.add(data[i]);
  }
  return { sketch, sorted: data.sort() };
}

function expectWithinRelative(sketch: QuantileSketch, sorted: Float64Array): void {
  for (const q of GRID) {
    const exact = exactQuantile(sorted, q);
    const got = sketch.quantile(q);
    if (exact === 0) expect(got, `q=${q}`).toBe(0);
    else expect(Math.abs(got - exact) / exact, `q=${q}`).toBeLessThanOrEqual(ALPHA * (1 + SLACK));
  }
}

describe('QuantileSketch', () => {
  it('reports every quantile of 10^6 exponential draws within α of the exact sorted-array quantile', () => {
    const { sketch, sorted } = draw(1_000_000, exponential(1, 180)); // waits with mean 180 s
    expect(sketch.count).toBe(1_000_000);
    expectWithinRelative(sketch, sorted);
    expect(sketch.quantile(0)).toBe(sorted[0]);
    expect(sketch.quantile(1)).toBe(sorted[sorted.length - 1]);
  });

  it('keeps the bound on a heavy-tailed Pareto sample spanning many decades', () => {
    // Pareto with x_m = 1 s and shape 1.1 by inverse CDF: x = (1 − U)^(−1/1.1).
    const u = uniform(2);
    const { sketch, sorted } = draw(1_000_000, () => (1 - u()) ** (-1 / 1.1));
    expectWithinRelative(sketch, sorted);
  });

  it('counts exact zeros separately and reports them exactly', () => {
    // 40 % of contacts answered at once (wait 0), the rest exponential.
    const u = uniform(3);
    const wait = exponential(4, 60);
    const { sketch, sorted } = draw(1_000_000, () => (u() < 0.4 ? 0 : wait()));
    expect(sketch.zeroCount).toBe(sorted.findIndex((x) => x > 0));
    expect(sketch.quantile(0.3)).toBe(0);
    expectWithinRelative(sketch, sorted);
  });

  it('brackets the CDF by the exact CDF at x/(1 + α) and x/(1 − α)', () => {
    const u = uniform(5);
    const wait = exponential(6, 120);
    const { sketch, sorted } = draw(1_000_000, () => (u() < 0.2 ? 0 : wait()));
    for (const x of [0, 1e-3, 0.5, 1, 10, 60, 119.9, 120, 300, 600, 1200, 2000, 1e4]) {
      const got = sketch.cdf(x);
      expect(got, `x=${x}`).toBeGreaterThanOrEqual(
        exactCdf(sorted, (x / (1 + ALPHA)) * (1 - SLACK)),
      );
      expect(got, `x=${x}`).toBeLessThanOrEqual(exactCdf(sorted, (x / (1 - ALPHA)) * (1 + SLACK)));
    }
    expect(sketch.cdf(-1)).toBe(0);
    expect(sketch.cdf(sorted[sorted.length - 1])).toBe(1);
  });

  it('keeps memory flat over 10^7 adds spanning 12 decades, losing accuracy only below the stated floor', () => {
    // Log-uniform on [1e-6, 1e6]: 12 decades, more than the ~8.9 that 2048 buckets hold.
    const u = uniform(7);
    const n = 10_000_000;
    const sketch = new QuantileSketch();
    const data = new Float64Array(n);
    let capacityAfterFirstMillion = 0;
    for (let i = 0; i < n; i++) {
      const x = 10 ** (12 * u() - 6);
      data[i] = x;
      sketch.add(x);
      if (i % 1_000_000 === 999_999) {
        expect(sketch.bucketCount).toBeLessThanOrEqual(2048);
        expect(sketch.capacity).toBeLessThanOrEqual(2048);
        if (capacityAfterFirstMillion === 0) capacityAfterFirstMillion = sketch.capacity;
      }
    }
    expect(sketch.capacity).toBe(capacityAfterFirstMillion); // no growth after warm-up
    expect(sketch.collapsed).toBe(true);
    const floor = sketch.accuracyFloor;
    // γ^2047 ≈ 8.1e8 below the top bucket (max ≈ 1e6): the floor sits near 1.2e-3.
    expect(floor).toBeGreaterThan(1e-3);
    expect(floor).toBeLessThan(2e-3);
    const sorted = data.sort();
    for (const q of GRID) {
      const exact = exactQuantile(sorted, q);
      const got = sketch.quantile(q);
      if (exact > floor) {
        expect(Math.abs(got - exact) / exact, `q=${q}`).toBeLessThanOrEqual(ALPHA * (1 + SLACK));
      } else {
        // Collapsed values are reported as the lowest retained bucket: overestimated, but bounded.
        expect(got, `q=${q}`).toBeGreaterThanOrEqual(exact);
        expect(got, `q=${q}`).toBeLessThanOrEqual(floor * (1 + ALPHA) * (1 + SLACK));
      }
    }
  });

  it('merges shards into exactly the sketch of the concatenated data, collapsed or not', () => {
    for (const maxBuckets of [2048, 64]) {
      const u = uniform(8);
      const wait = exponential(9, 90);
      const values = Array.from({ length: 200_000 }, () => (u() < 0.3 ? 0 : wait()));
      const options = { relativeAccuracy: ALPHA, maxBuckets };
      const sequential = new QuantileSketch(options);
      for (const x of values) sequential.add(x);

      // Uneven shards, one of them empty, merged in a scrambled order.
      const cuts = [0, 10, 10, 5_000, 120_000, 200_000];
      const shards = cuts.slice(1).map((end, i) => {
        const s = new QuantileSketch(options);
        for (const x of values.slice(cuts[i], end)) s.add(x);
        return s;
      });
      const merged = new QuantileSketch(options);
      for (const i of [3, 0, 4, 1, 2]) merged.merge(shards[i]);

      expect(merged.toJSON()).toEqual(sequential.toJSON());
      expect(merged.collapsed).toBe(maxBuckets === 64);
      for (const q of GRID) expect(merged.quantile(q)).toBe(sequential.quantile(q));
    }
  });

  it('round-trips through JSON and keeps accumulating identically', () => {
    const wait = exponential(10, 30);
    const a = new QuantileSketch({ maxBuckets: 100 });
    for (let i = 0; i < 10_000; i++) a.add(wait());
    a.add(0);
    const b = QuantileSketch.fromJSON(JSON.parse(JSON.stringify(a)));
    expect(b.toJSON()).toEqual(a.toJSON());
    for (let i = 0; i < 1_000; i++) {
      const x = wait();
      a.add(x);
      b.add(x);
    }
    expect(b.toJSON()).toEqual(a.toJSON());
    const empty = JSON.parse(JSON.stringify(new QuantileSketch()));
    expect(QuantileSketch.fromJSON(empty).count).toBe(0);
  });

  it('merging a sketch with itself doubles every count', () => {
    const s = new QuantileSketch();
    for (const x of [0, 1, 2, 3, 50]) s.add(x);
    s.merge(s);
    const twice = new QuantileSketch();
    for (const x of [0, 1, 2, 3, 50, 0, 1, 2, 3, 50]) twice.add(x);
    expect(s.toJSON()).toEqual(twice.toJSON());
  });

  it('treats values below zeroThreshold as zero and returns exact extremes', () => {
    const s = new QuantileSketch({ zeroThreshold: 1e-3 });
    for (const x of [0, 5e-4, 1, 2, 3]) s.add(x);
    expect(s.zeroCount).toBe(2);
    expect(s.min).toBe(0);
    expect(s.max).toBe(3);
    expect(s.quantile(0.25)).toBe(0); // rank 1: the 5e-4, reported within zeroThreshold
    expect(s.quantile(1)).toBe(3);
    expect(Math.abs(s.quantile(0.5) - 1)).toBeLessThanOrEqual(ALPHA * (1 + SLACK));
  });

  it('returns NaN while empty and rejects negative, NaN and infinite values', () => {
    const s = new QuantileSketch();
    expect(s.quantile(0.5)).toBeNaN();
    expect(s.cdf(1)).toBeNaN();
    expect(() => s.add(-1)).toThrow(RangeError);
    expect(() => s.add(Number.NaN)).toThrow(RangeError);
    expect(() => s.add(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(s.count).toBe(0);
    s.add(1);
    expect(() => s.quantile(1.5)).toThrow(RangeError);
    expect(() => s.quantile(Number.NaN)).toThrow(RangeError);
  });

  it('validates options all at once and refuses to merge sketches with different options', () => {
    expect(
      () => new QuantileSketch({ relativeAccuracy: 2, maxBuckets: 0.5, zeroThreshold: 0 }),
    ).toThrow(/relativeAccuracy.*maxBuckets.*zeroThreshold/s);
    expect(() =>
      new QuantileSketch().merge(new QuantileSketch({ relativeAccuracy: 0.01 })),
    ).toThrow(RangeError);
    const bad = {
      ...new QuantileSketch().toJSON(),
      relativeAccuracy: 0,
      count: 3,
      counts: [1, -1],
    };
    expect(() => QuantileSketch.fromJSON(bad)).toThrow(/relativeAccuracy.*counts\.1.*count/s);
  });
});

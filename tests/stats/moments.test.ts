import { describe, expect, it } from 'vitest';
import { Moments } from '../../simulator/stats/index.js';
import { mulberry32, uniform } from './seededRandom.js';

function naiveVariance(xs: readonly number[]): number {
  let s = 0;
  let s2 = 0;
  for (const x of xs) {
    s += x;
    s2 += x * x;
  }
  return (s2 - (s * s) / xs.length) / (xs.length - 1);
}

function fill(xs: readonly number[]): Moments {
  const m = new Moments();
  for (const x of xs) m.add(x);
  return m;
}

describe('Moments', () => {
  it('gives the exact variance 30 of 1e9 + {4, 7, 13, 16}, where the naive sum of squares fails', () => {
    // Textbook example (Wikipedia, "Algorithms for calculating variance"): the
    // shifted data {4, 7, 13, 16} have mean 10 and sample variance 30.
    const xs = [4, 7, 13, 16].map((d) => 1e9 + d);
    const m = fill(xs);
    expect(m.mean).toBe(1e9 + 10);
    expect(m.variance).toBeCloseTo(30, 9);
    expect(Math.abs(naiveVariance(xs) - 30)).toBeGreaterThan(1);
  });

  it('matches the exact mean and variance of 10^5 values 1e9 + k/8 computed in integer arithmetic', () => {
    const next = mulberry32(7);
    const ks: number[] = [];
    for (let i = 0; i < 100_000; i++) ks.push(next() % 8001); // k/8 in [0, 1000]
    const xs = ks.map((k) => 1e9 + k / 8); // every x is exact in binary
    // Exact: var(x) = var(k)/64 and var(k) = (nΣk² − (Σk)²) / (n(n − 1)), all in BigInt.
    const n = BigInt(ks.length);
    let sk = 0n;
    let sk2 = 0n;
    for (const k of ks) {
      sk += BigInt(k);
      sk2 += BigInt(k) * BigInt(k);
    }
    const exactVariance = Number(n * sk2 - sk * sk) / Number(n * (n - 1n) * 64n);
    const exactMean = 1e9 + Number(sk) / Number(n * 8n);

    const m = fill(xs);
    expect(m.count).toBe(100_000);
    expect(Math.abs(m.mean - exactMean)).toBeLessThanOrEqual(2.5e-7); // two ulps of 1e9
    // Shifted Welford has condition number ~1 here: error ~ n·u at worst, far less in practice.
    expect(Math.abs(m.variance / exactVariance - 1)).toBeLessThan(1e-13);
    expect(Math.abs(m.stdDev / Math.sqrt(exactVariance) - 1)).toBeLessThan(1e-13);
    expect(m.min).toBe(Math.min(...xs));
    expect(m.max).toBe(Math.max(...xs));
    expect(m.sum).toBe(Number(BigInt(1e9) * n + sk / 8n) + Number(sk % 8n) / 8);
    // The naive formula is nowhere near on the same data.
    expect(Math.abs(naiveVariance(xs) / exactVariance - 1)).toBeGreaterThan(0.01);
  });

  it('agrees with the two-pass formula on data with a large offset', () => {
    const u = uniform(11);
    const xs = Array.from({ length: 50_000 }, () => 1e9 + u());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    let ss = 0;
    for (const x of xs) ss += (x - mean) * (x - mean);
    const twoPass = ss / (xs.length - 1);
    expect(Math.abs(fill(xs).variance / twoPass - 1)).toBeLessThan(1e-6);
  });

  it('merges shards (Chan et al.) into the same moments as one sequential pass', () => {
    const u = uniform(3);
    const xs = Array.from({ length: 60_001 }, () => 500 + 100 * u() ** 3);
    const sequential = fill(xs);
    const cuts = [0, 1, 1, 18, 5_000, 33_333, 60_001]; // includes an empty shard and a single value
    const merged = new Moments();
    for (let i = 1; i < cuts.length; i++) merged.merge(fill(xs.slice(cuts[i - 1], cuts[i])));
    expect(merged.count).toBe(sequential.count);
    expect(merged.min).toBe(sequential.min);
    expect(merged.max).toBe(sequential.max);
    expect(Math.abs(merged.mean / sequential.mean - 1)).toBeLessThan(1e-15);
    expect(Math.abs(merged.variance / sequential.variance - 1)).toBeLessThan(1e-12);
    expect(Math.abs(merged.sum / sequential.sum - 1)).toBeLessThan(1e-15);
  });

  it('merging an accumulator with itself equals seeing the data twice', () => {
    const xs = [1, 2, 3, 4, 10];
    const m = fill(xs);
    m.merge(m);
    const twice = fill([...xs, ...xs]);
    expect(m.count).toBe(10);
    expect(m.mean).toBeCloseTo(twice.mean, 14);
    expect(m.variance).toBeCloseTo(twice.variance, 13);
    expect(m.sum).toBe(40);
  });

  it('treats addWeighted(x, k) as k copies of x', () => {
    const weighted = new Moments();
    weighted.addWeighted(2, 3);
    weighted.addWeighted(5, 1);
    weighted.addWeighted(9, 0); // no-op
    weighted.addWeighted(7, 2);
    const copies = fill([2, 2, 2, 5, 7, 7]);
    expect(weighted.count).toBe(6);
    expect(weighted.mean).toBeCloseTo(copies.mean, 14);
    expect(weighted.variance).toBeCloseTo(copies.variance, 13);
    expect(weighted.sum).toBe(copies.sum);
    expect(weighted.max).toBe(7); // the zero-weight 9 is not an observation
    expect(() => weighted.addWeighted(1, -1)).toThrow(RangeError);
  });

  it('reports NaN for quantities that need more data, and a zero sum while empty', () => {
    const m = new Moments();
    expect(m.count).toBe(0);
    expect(m.mean).toBeNaN();
    expect(m.min).toBeNaN();
    expect(m.sum).toBe(0);
    m.add(4);
    expect(m.mean).toBe(4);
    expect(m.variance).toBeNaN(); // one value: no spread estimate
    expect(m.populationVariance).toBe(0);
    m.reset();
    expect(m.count).toBe(0);
  });

  it('rejects NaN and infinite observations', () => {
    const m = new Moments();
    expect(() => m.add(Number.NaN)).toThrow(RangeError);
    expect(() => m.add(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(m.count).toBe(0);
  });

  it('round-trips through JSON, also when empty, and keeps accumulating identically', () => {
    const m = fill([3, 1, 4, 1, 5, 9, 2, 6]);
    const restored = Moments.fromJSON(JSON.parse(JSON.stringify(m)));
    expect(restored.toJSON()).toEqual(m.toJSON());
    m.add(5);
    restored.add(5);
    expect(restored.variance).toBe(m.variance);
    const empty = JSON.parse(JSON.stringify(new Moments()));
    expect(empty).toEqual({ count: 0, mean: 0, m2: 0, sum: 0, min: null, max: null });
    expect(Moments.fromJSON(empty).count).toBe(0);
  });

  it('names every invalid field when restoring from JSON', () => {
    const bad = { count: -1, mean: 'x', m2: 0, sum: 0, min: null, max: 3 } as never;
    expect(() => Moments.fromJSON(bad)).toThrow(/count.*mean.*min/s);
  });
});

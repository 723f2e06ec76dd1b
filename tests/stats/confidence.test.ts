import { describe, expect, it } from 'vitest';
import {
  confidenceInterval,
  Moments,
  proportionInterval,
  studentTQuantile,
} from '../../simulator/stats/index.js';
import { standardNormal } from './seededRandom.js';

describe('confidenceInterval', () => {
  it('computes mean ± t·s/√n by hand on five replications', () => {
    // mean 11, s² = (1 + 1 + 0 + 4 + 4)/4 = 2.5, t(0.975, 4) = 2.77645 (t tables).
    const ci = confidenceInterval([10, 12, 11, 13, 9]);
    expect(ci.n).toBe(5);
    expect(ci.level).toBe(0.95);
    expect(ci.mean).toBe(11);
    expect(ci.stdDev).toBeCloseTo(Math.sqrt(2.5), 14);
    const expectedHalfWidth = (2.77645 * Math.sqrt(2.5)) / Math.sqrt(5);
    expect(Math.abs((ci.halfWidth as number) - expectedHalfWidth)).toBeLessThan(5e-6);
    expect(ci.lo).toBeCloseTo(11 - (ci.halfWidth as number), 14);
    expect(ci.hi).toBeCloseTo(11 + (ci.halfWidth as number), 14);
  });

  it('uses the requested level and accepts a Moments accumulator', () => {
    const values = [3.1, 2.9, 3.4, 3.0, 3.3, 2.8, 3.2];
    const m = new Moments();
    for (const v of values) m.add(v);
    const fromArray = confidenceInterval(values, 0.99);
    const fromMoments = confidenceInterval(m, 0.99);
    expect(fromMoments).toEqual(fromArray);
    const s = fromArray.stdDev as number;
    expect(fromArray.halfWidth).toBeCloseTo((studentTQuantile(0.995, 6) * s) / Math.sqrt(7), 14);
    expect(fromArray.halfWidth as number).toBeGreaterThan(
      confidenceInterval(values, 0.9).halfWidth as number,
    );
  });

  it('reports an unbounded interval as nulls for one replication, and survives JSON', () => {
    const ci = confidenceInterval([42]);
    expect(ci).toEqual({
      mean: 42,
      lo: null,
      hi: null,
      halfWidth: null,
      stdDev: null,
      n: 1,
      level: 0.95,
    });
    expect(JSON.parse(JSON.stringify(ci))).toEqual(ci);
  });

  it('gives a zero-width interval when every replication agrees, even far from zero', () => {
    const ci = confidenceInterval([1e9 + 0.25, 1e9 + 0.25, 1e9 + 0.25]);
    expect(ci.mean).toBe(1e9 + 0.25);
    expect(ci.halfWidth).toBe(0);
    expect(ci.lo).toBe(ci.hi);
  });

  it('covers the true mean of normal samples of size 5 at the nominal 95 % rate', () => {
    // 2000 independent samples of N(3, 2²), n = 5. The count of covering
    // intervals is Binomial(2000, 0.95): sd = √(2000·0.95·0.05) ≈ 9.75, so a
    // correct method lands within ±4 sd (±39 intervals, ±0.0195) with
    // probability 0.99994.
    const z = standardNormal(95);
    const trials = 2000;
    let covered = 0;
    for (let i = 0; i < trials; i++) {
      const sample = Array.from({ length: 5 }, () => 3 + 2 * z());
      const ci = confidenceInterval(sample);
      if ((ci.lo as number) <= 3 && 3 <= (ci.hi as number)) covered++;
    }
    const tolerance = 4 * Math.sqrt(trials * 0.95 * 0.05);
    expect(Math.abs(covered - 0.95 * trials)).toBeLessThanOrEqual(tolerance);
    // With the normal z instead of t the same intervals would cover only ~88 %:
    // P(|T₄| ≤ 1.96) = 0.8784 — outside the tolerance, so the test can tell them apart.
    expect((0.95 - 0.8784) * trials).toBeGreaterThan(tolerance);
  });

  it('rejects empty input, non-finite values (naming them) and levels outside (0, 1)', () => {
    expect(() => confidenceInterval([])).toThrow(RangeError);
    expect(() => confidenceInterval([1, Number.NaN, 3, Number.POSITIVE_INFINITY])).toThrow(
      /values\.1=NaN, values\.3=Infinity/,
    );
    expect(() => confidenceInterval([1, 2], 1)).toThrow(RangeError);
    expect(() => confidenceInterval([1, 2], 0)).toThrow(RangeError);
  });
});

describe('proportionInterval (Wilson score)', () => {
  it("matches Newcombe's (1998) worked examples for the score method without continuity correction", () => {
    // Newcombe, Statistics in Medicine 17:857–872, Table II, method 3.
    const examples: Array<[number, number, number, number]> = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [successes, trials, lo, hi] of examples) {
      const ci = proportionInterval(successes, trials);
      expect(Math.abs(ci.lo - lo), `${successes}/${trials} lo`).toBeLessThanOrEqual(5e-5);
      expect(Math.abs(ci.hi - hi), `${successes}/${trials} hi`).toBeLessThanOrEqual(5e-5);
      expect(ci.estimate).toBe(successes / trials);
    }
  });

  it('is exactly 0 or 1 at the edges and mirrors under successes ↔ failures', () => {
    expect(proportionInterval(0, 20).lo).toBe(0);
    expect(proportionInterval(20, 20).hi).toBe(1);
    for (const [s, n] of [
      [3, 10],
      [0, 7],
      [81, 263],
    ]) {
      const a = proportionInterval(s, n, 0.9);
      const b = proportionInterval(n - s, n, 0.9);
      expect(a.lo).toBeCloseTo(1 - b.hi, 14);
      expect(a.hi).toBeCloseTo(1 - b.lo, 14);
      expect(a.lo).toBeLessThanOrEqual(a.estimate);
      expect(a.hi).toBeGreaterThanOrEqual(a.estimate);
    }
  });

  it('rejects counts that are not integers in range and levels outside (0, 1)', () => {
    expect(() => proportionInterval(1, 0)).toThrow(RangeError);
    expect(() => proportionInterval(5, 4)).toThrow(RangeError);
    expect(() => proportionInterval(1.5, 4)).toThrow(RangeError);
    expect(() => proportionInterval(1, 4, 1.2)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../simulator/distributions/normalQuantile.js';
import { normalCdf } from './support/special.js';

describe('normalQuantile (AS 241)', () => {
  it('returns 0 at the median and the textbook quantiles elsewhere', () => {
    // Reference values: R qnorm(), which implements the same AS 241 algorithm.
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 14);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306167813, 13);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 13);
  });

  it('inverts the normal CDF to 1e-12 relative in all three regions, tails included', () => {
    // |q| <= 0.425, then r = √(−ln p) <= 5, then r > 5 (p < 1.4e-11).
    for (const p of [
      1e-300, 1e-100, 1e-15, 1e-12, 1e-8, 1e-4, 0.01, 0.05, 0.074, 0.076, 0.2, 0.5,
    ]) {
      expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 12);
    }
  });

  it('is antisymmetric about the median, Φ⁻¹(1 − p) = −Φ⁻¹(p)', () => {
    // p is chosen so that 1 − p is exact in binary; otherwise its rounding would be the error.
    for (const p of [2 ** -40, 2 ** -20, 2 ** -10, 0.0625, 0.25, 0.375, 0.4375]) {
      expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 13);
    }
  });

  it('is strictly increasing across the region boundaries', () => {
    let previous = Number.NEGATIVE_INFINITY;
    let decreases = 0;
    for (let i = 1; i < 20_000; i++) {
      const z = normalQuantile(i / 20_000);
      if (!(z > previous)) decreases++;
      previous = z;
    }
    expect(decreases).toBe(0);
    // Either side of the switches at p = 0.075 (|q| = 0.425) and p ≈ 1.39e-11 (r = 5).
    expect(normalQuantile(0.075 + 1e-15)).toBeGreaterThan(normalQuantile(0.075 - 1e-15));
    const pr5 = Math.exp(-25);
    expect(normalQuantile(pr5 * (1 + 1e-12))).toBeGreaterThan(normalQuantile(pr5 * (1 - 1e-12)));
  });

  it('maps 0 and 1 to the infinities and NaN to NaN', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });
});

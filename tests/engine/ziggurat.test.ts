import { describe, expect, it } from 'vitest';
import { Stream, Streams } from '../../simulator/engine/random.js';
import {
  standardExponential,
  ZIGGURAT_LAYER_AREA,
  ZIGGURAT_TAIL_START,
  zigguratEdges,
} from '../../simulator/engine/ziggurat.js';
import { chiSquareTest, ksCritical, ksStatistic } from '../distributions/support/statistics.js';

const f = (x: number) => Math.exp(-x);

describe('exponential ziggurat', () => {
  it('has 256 layers of equal area that close at the top', () => {
    const r = ZIGGURAT_TAIL_START;
    const v = ZIGGURAT_LAYER_AREA;
    // The base strip: the rectangle under f(R) out to R, and the tail beyond.
    expect(r * f(r) + f(r)).toBeCloseTo(v, 15);
    for (let i = 1; i < 256; i++) {
      const area = zigguratEdges[i] * (f(zigguratEdges[i + 1]) - f(zigguratEdges[i]));
      expect(Math.abs(area - v) / v, `layer ${i}`).toBeLessThan(1e-9);
    }
    expect(zigguratEdges[255]).toBeGreaterThan(0);
    expect(zigguratEdges[256]).toBe(0);
  });

  // 2^22 draws into 512 bins of equal probability under e^−x: a wrong wedge,
  // layer or table shows as a lump in a few bins; α = 0.001 on one fixed seed.
  it('fits the exponential law bin by bin (χ², 512 equiprobable bins)', () => {
    const bins = 512;
    const n = 2 ** 22;
    const observed: number[] = new Array(bins).fill(0);
    const source = new Streams(2026).stream('ziggurat');
    for (let i = 0; i < n; i++) {
      const x = source.exponential();
      // F(x) = 1 − e^−x, so the bin of x is ⌊bins · F(x)⌋.
      observed[Math.min(bins - 1, Math.floor(-bins * Math.expm1(-x)))]++;
    }
    const expected: number[] = new Array(bins).fill(n / bins);
    expect(chiSquareTest(observed, expected).pValue).toBeGreaterThan(0.001);
  });

  it('passes Kolmogorov–Smirnov at α = 0.001 on 200,000 draws', () => {
    const source = new Streams(7).stream('ks');
    const xs = Float64Array.from({ length: 200_000 }, () => source.exponential());
    expect(ksStatistic(xs, (x) => -Math.expm1(-x))).toBeLessThan(ksCritical(xs.length, 0.001));
  });

  it('is memoryless beyond the tail start: the excess over R has mean 1', () => {
    const source = new Streams(11).stream('tail');
    const n = 2 ** 23;
    let count = 0;
    let excess = 0;
    for (let i = 0; i < n; i++) {
      const x = source.exponential();
      if (x > ZIGGURAT_TAIL_START) {
        count++;
        excess += x - ZIGGURAT_TAIL_START;
      }
    }
    // P(X > R) = e^−R; the count is binomial, the excess Exp(1) with sd 1.
    const p = f(ZIGGURAT_TAIL_START);
    expect(Math.abs(count - n * p)).toBeLessThan(4 * Math.sqrt(n * p * (1 - p)));
    expect(Math.abs(excess / count - 1)).toBeLessThan(4 / Math.sqrt(count));
  });

  it('draws only positive values, the same ones for the same stream', () => {
    const a = new Stream([9, 8, 7, 6]);
    const b = new Stream([9, 8, 7, 6]);
    let mismatches = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = standardExponential(a);
      if (!(x > 0 && x === b.exponential())) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});

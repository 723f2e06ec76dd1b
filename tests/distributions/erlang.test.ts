import { describe, expect, it } from 'vitest';
import { ERLANG_PRODUCT_MAX_K, erlang } from '../../simulator/distributions/index.js';
import { Streams } from '../../simulator/engine/random.js';
import { counting, rejectedPaths, scripted } from './support/statistics.js';

describe('erlang', () => {
  it('has mean m and variance m²/k and describes itself by mean and phases', () => {
    const steps = erlang(6, 3);
    expect([steps.kind, steps.mean, steps.variance]).toEqual(['erlang', 6, 12]);
    expect(steps.describe()).toBe('erlang(mean=6, k=3)');
  });

  it('is −(m/k)·ln of the product of k uniforms for small k', () => {
    // m/k = 2, product 0.5 · 0.25 · 0.5 = 1/16, so −2 ln(1/16) = 8 ln 2.
    const source = scripted([0.5, 0.25, 0.5]);
    expect(erlang(6, 3).sample(source)).toBeCloseTo(8 * Math.LN2, 14);
    expect(source.used).toBe(3);
  });

  it('with one phase draws exactly what the exponential draws', () => {
    expect(erlang(300, 1).sample(scripted([0.3]))).toBe(-300 * Math.log(0.3));
  });

  it(`consumes exactly k uniforms per draw up to k = ${ERLANG_PRODUCT_MAX_K}`, () => {
    for (const k of [1, 2, 5, ERLANG_PRODUCT_MAX_K]) {
      const counter = counting(new Streams(4).stream(`k${k}`));
      for (let i = 0; i < 500; i++) erlang(300, k).sample(counter.source);
      expect(counter.count).toBe(500 * k);
    }
  });

  it('switches to Marsaglia–Tsang above that, at about two uniforms per draw whatever k is', () => {
    for (const k of [ERLANG_PRODUCT_MAX_K + 1, 1000]) {
      const counter = counting(new Streams(4).stream(`k${k}`));
      for (let i = 0; i < 10_000; i++) erlang(300, k).sample(counter.source);
      expect(counter.count).toBeGreaterThanOrEqual(20_000);
      expect(counter.count).toBeLessThan(20_500);
    }
  });

  it('rejects a non-positive mean and a k that is not a positive integer, all at once', () => {
    expect(rejectedPaths(() => erlang(300, 2.5))).toEqual(['k']);
    expect(rejectedPaths(() => erlang(300, 0))).toEqual(['k']);
    expect(rejectedPaths(() => erlang(300, Number.NaN))).toEqual(['k']);
    expect(rejectedPaths(() => erlang(-1, -3))).toEqual(['mean', 'k']);
  });
});

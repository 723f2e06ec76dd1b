import { describe, expect, it } from 'vitest';
import { empirical } from '../../simulator/distributions/index.js';
import { Streams } from '../../simulator/engine/random.js';
import { counting, rejectedPaths, scripted } from './support/statistics.js';

describe('empirical, resampling', () => {
  it('has the population mean and variance (divisor n) of the observations', () => {
    const observed = empirical([3, 1, 2, 6]);
    expect(observed.mean).toBe(3);
    expect(observed.variance).toBe((0 + 4 + 1 + 9) / 4);
    expect(observed.kind).toBe('empirical');
    expect(observed.describe()).toBe('empirical(n=4, mean=3)');
  });

  it('keeps the variance exact when the values sit on a large offset', () => {
    const offset = 1e12;
    const observed = empirical([offset + 1, offset + 2, offset + 3]);
    expect(observed.variance).toBeCloseTo(2 / 3, 6);
  });

  it('inverts the sorted observations, so the draws do not depend on their order', () => {
    for (const u of [0.01, 0.3, 0.5, 0.74, 0.76, 0.999]) {
      expect(empirical([3, 1, 2, 6]).sample(scripted([u]))).toBe(
        empirical([6, 2, 1, 3]).sample(scripted([u])),
      );
    }
    expect(empirical([3, 1, 2, 6]).sample(scripted([0.3]))).toBe(2); // ⌊0.3 · 4⌋ = 1
    expect(empirical([3, 1, 2, 6]).sample(scripted([0.999]))).toBe(6);
  });

  it('copies the observations, so later changes to the caller’s array do not leak in', () => {
    const data = [1, 2, 3];
    const observed = empirical(data);
    data[0] = 100;
    expect(observed.sample(scripted([0.1]))).toBe(1);
  });

  it('accepts a typed array', () => {
    expect(empirical(Float64Array.of(4, 8)).mean).toBe(6);
  });
});

describe('empirical, interpolated', () => {
  it('with three equally spaced values is the uniform law on their range', () => {
    const smooth = empirical([3, 1, 2], { interpolate: true });
    expect(smooth.mean).toBe(2);
    expect(smooth.variance).toBeCloseTo(4 / 12, 15);
    expect(smooth.describe()).toBe('empirical(n=3, mean=2, interpolate)');
    expect(smooth.sample(scripted([0.75]))).toBe(2.5);
    expect(smooth.sample(scripted([0.25]))).toBe(1.5);
  });

  it('has the piecewise-uniform moments, not the sample moments', () => {
    // Gaps [0, 1] and [1, 10], mass 1/2 each: mean (0.5 + 5.5)/2 = 3;
    // variance = ((0.5 − 3)² + 1/12 + (5.5 − 3)² + 81/12)/2 = 6.25 + 82/24.
    const smooth = empirical([0, 1, 10], { interpolate: true });
    expect(smooth.mean).toBe(3);
    expect(smooth.variance).toBeCloseTo(6.25 + 82 / 24, 12);
    expect(empirical([0, 1, 10]).mean).toBeCloseTo(11 / 3, 15);
  });

  it('with one observation is that constant', () => {
    const single = empirical([42], { interpolate: true });
    expect([single.mean, single.variance, single.sample(scripted([0.7]))]).toEqual([42, 0, 42]);
  });

  it('consumes exactly one uniform per draw in both modes', () => {
    for (const interpolate of [false, true]) {
      const counter = counting(new Streams(9).stream(`emp${interpolate}`));
      const dist = empirical([5, 1, 9, 3], { interpolate });
      for (let i = 0; i < 1000; i++) dist.sample(counter.source);
      expect(counter.count).toBe(1000);
    }
  });
});

describe('empirical, parameters', () => {
  it('rejects empty samples', () => {
    expect(rejectedPaths(() => empirical([]))).toEqual(['samples']);
    expect(() => empirical([])).toThrow(/samples must be a non-empty array of finite numbers/);
  });

  it('names each non-finite observation by index, up to five, then counts the rest', () => {
    expect(rejectedPaths(() => empirical([1, Number.NaN, 3, Number.POSITIVE_INFINITY]))).toEqual([
      'samples[1]',
      'samples[3]',
    ]);
    const many = Array.from({ length: 8 }, () => Number.NaN);
    expect(rejectedPaths(() => empirical(many))).toEqual([
      'samples[0]',
      'samples[1]',
      'samples[2]',
      'samples[3]',
      'samples[4]',
      'samples',
    ]);
  });

  it('rejects an interpolate option that is not a boolean', () => {
    expect(
      rejectedPaths(() => empirical([1, 2], { interpolate: 'yes' as unknown as boolean })),
    ).toEqual(['interpolate']);
  });
});

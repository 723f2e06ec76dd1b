import { describe, expect, it } from 'vitest';
import { gamma } from '../../simulator/distributions/index.js';
import { Streams } from '../../simulator/engine/random.js';
import { counting, rejectedPaths, scripted } from './support/statistics.js';

/** Φ(2), so that the normal drawn by inversion is x = 2. */
const PHI_2 = 0.9772498680518208;

describe('gamma', () => {
  it('has mean m and variance (cv·m)² and describes itself by mean and cv', () => {
    const talk = gamma(300, 0.5);
    expect([talk.kind, talk.mean, talk.variance]).toEqual(['gamma', 300, 22500]);
    expect(talk.describe()).toBe('gamma(mean=300, cv=0.5)');
  });

  it('accepts x = 0 by the squeeze: two uniforms, draw scale · (shape − 1/3)', () => {
    // cv 0.5: shape 4, scale 75; x = Φ⁻¹(1/2) = 0 gives v = 1, and u = 1/2 < 1 passes the squeeze.
    const source = scripted([0.5, 0.5]);
    expect(gamma(300, 0.5).sample(source)).toBeCloseTo(75 * (4 - 1 / 3), 10);
    expect(source.used).toBe(2);
  });

  it('redraws the normal when 1 + c·x <= 0, at the cost of one uniform', () => {
    // x = Φ⁻¹(1e-10) ≈ −6.36 and c = 1/√33 ≈ 0.174, so 1 + c·x < 0.
    const source = scripted([1e-10, 0.5, 0.5]);
    expect(gamma(300, 0.5).sample(source)).toBeCloseTo(275, 10);
    expect(source.used).toBe(3);
  });

  it('rejects an attempt that fails both the squeeze and the log test, then tries again', () => {
    // x = 2: v = (1 + 2/√33)³ ≈ 2.45; ln u ≈ −1e-6 is not below 2 + d(1 − v + ln v) ≈ −0.03.
    const source = scripted([PHI_2, 0.999999, 0.5, 0.5]);
    expect(gamma(300, 0.5).sample(source)).toBeCloseTo(275, 10);
    expect(source.used).toBe(4);
  });

  it('boosts shape < 1 by one more uniform: G(a) = G(a + 1)·U^(1/a)', () => {
    // cv 2: shape 1/4, scale 1200; G(5/4) with x = 0 is 5/4 − 1/3; U^(1/a) = 0.5⁴.
    const source = scripted([0.5, 0.5, 0.5]);
    expect(gamma(300, 2).sample(source)).toBeCloseTo(1200 * (1.25 - 1 / 3) * 0.5 ** 4, 10);
    expect(source.used).toBe(3);
  });

  it('consumes at least two uniforms per draw (three when cv > 1), about 2.1 on average at cv = 1', () => {
    for (const [cv, least, meanBelow] of [
      [0.5, 2, 2.05],
      [1, 2, 2.15],
      [2, 3, 3.15],
    ]) {
      const dist = gamma(300, cv);
      const counter = counting(new Streams(5).stream(`cv${cv}`));
      let fewest = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 20_000; i++) {
        const before = counter.count;
        dist.sample(counter.source);
        fewest = Math.min(fewest, counter.count - before);
      }
      expect(fewest).toBe(least);
      expect(counter.count / 20_000).toBeLessThan(meanBelow);
    }
  });

  it('reduces to the deterministic constant when cv = 0', () => {
    const fixed = gamma(300, 0);
    const counter = counting(new Streams(6).stream('fixed'));
    expect([fixed.kind, fixed.mean, fixed.variance]).toEqual(['deterministic', 300, 0]);
    expect(fixed.sample(counter.source)).toBe(300);
    expect(counter.count).toBe(0);
  });

  it('stays finite and positive for a very small and a very large cv', () => {
    const stream = new Streams(8).stream('extremes');
    for (const cv of [1e-4, 10]) {
      const dist = gamma(300, cv);
      for (let i = 0; i < 10_000; i++) {
        const x = dist.sample(stream);
        expect(Number.isFinite(x) && x >= 0).toBe(true);
      }
    }
    const tight = gamma(300, 1e-4);
    expect(Math.abs(tight.sample(stream) - 300)).toBeLessThan(300 * 1e-4 * 6);
  });

  it('rejects mean <= 0, cv < 0 and NaN, naming every bad parameter', () => {
    expect(rejectedPaths(() => gamma(0, 0.5))).toEqual(['mean']);
    expect(rejectedPaths(() => gamma(300, -0.1))).toEqual(['cv']);
    expect(rejectedPaths(() => gamma(Number.NaN, Number.NaN))).toEqual(['mean', 'cv']);
    expect(() => gamma(300, -1)).toThrow(/cv must be a finite number >= 0/);
  });
});

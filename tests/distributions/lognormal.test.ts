import { describe, expect, it } from 'vitest';
import { lognormal } from '../../simulator/distributions/index.js';
import { Streams } from '../../simulator/engine/random.js';
import { counting, rejectedPaths, scripted } from './support/statistics.js';

describe('lognormal', () => {
  it('has mean m and variance (cv·m)² and describes itself by mean and cv', () => {
    const patience = lognormal(300, 0.75);
    expect([patience.kind, patience.mean, patience.variance]).toEqual(['lognormal', 300, 50625]);
    expect(patience.describe()).toBe('lognormal(mean=300, cv=0.75)');
  });

  it('draws the median m/√(1 + cv²) at u = 1/2, since μ = ln m − σ²/2 with σ² = ln(1 + cv²)', () => {
    // cv 0.75: √(1 + 0.5625) = 1.25, so the median is 240.
    expect(lognormal(300, 0.75).sample(scripted([0.5]))).toBeCloseTo(240, 10);
  });

  it('puts u = Φ(1) at e^(μ + σ)', () => {
    const sigma2 = Math.log(1 + 0.75 ** 2);
    const expected = Math.exp(Math.log(300) - sigma2 / 2 + Math.sqrt(sigma2));
    expect(lognormal(300, 0.75).sample(scripted([0.8413447460685429]))).toBeCloseTo(expected, 9);
  });

  it('consumes exactly one uniform per draw', () => {
    const counter = counting(new Streams(3).stream('patience'));
    for (let i = 0; i < 1000; i++) lognormal(300, 0.8).sample(counter.source);
    expect(counter.count).toBe(1000);
  });

  it('reduces to the deterministic constant when cv = 0', () => {
    const fixed = lognormal(300, 0);
    expect([fixed.kind, fixed.mean, fixed.variance]).toEqual(['deterministic', 300, 0]);
    expect(fixed.sample(scripted([]))).toBe(300);
  });

  it('rejects mean <= 0, cv < 0 and non-finite values, naming every bad parameter', () => {
    expect(rejectedPaths(() => lognormal(0, 0.5))).toEqual(['mean']);
    expect(rejectedPaths(() => lognormal(300, Number.POSITIVE_INFINITY))).toEqual(['cv']);
    expect(rejectedPaths(() => lognormal(-5, -0.5))).toEqual(['mean', 'cv']);
  });
});

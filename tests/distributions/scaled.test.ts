import { describe, expect, it } from 'vitest';
import { deterministic, gamma, lognormal, scaled } from '../../simulator/distributions/index.js';
import { Streams } from '../../simulator/engine/random.js';
import { draw, rejectedPaths, scripted } from './support/statistics.js';

describe('scaled', () => {
  it('multiplies the mean by the factor and the variance by its square, keeping the kind', () => {
    const newHire = scaled(gamma(300, 0.5), 1.5);
    expect([newHire.kind, newHire.mean, newHire.variance]).toEqual(['gamma', 450, 50625]);
    expect(newHire.describe()).toBe('scaled(gamma(mean=300, cv=0.5), factor=1.5)');
  });

  it('multiplies every draw of the base, uniform for uniform', () => {
    const base = lognormal(300, 0.8);
    const plain = draw(base, new Streams(11).stream('talk'), 1000);
    const slow = draw(scaled(base, 1.4), new Streams(11).stream('talk'), 1000);
    expect(Array.from(slow)).toEqual(Array.from(plain, (x) => 1.4 * x));
  });

  it('folds a scaled distribution into one factor', () => {
    const twice = scaled(scaled(deterministic(10), 2), 3);
    expect(twice.factor).toBe(6);
    expect(twice.base.describe()).toBe('deterministic(value=10)');
    expect(twice.describe()).toBe('scaled(deterministic(value=10), factor=6)');
    expect(twice.sample(scripted([]))).toBe(60);
  });

  it('rejects a factor that is not a finite number > 0', () => {
    for (const factor of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(rejectedPaths(() => scaled(deterministic(1), factor))).toEqual(['factor']);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { uniform } from '../../simulator/distributions/index.js';
import { Streams } from '../../simulator/engine/random.js';
import { counting, rejectedPaths, scripted } from './support/statistics.js';

describe('uniform', () => {
  it('has mean (min + max)/2 and variance (max − min)²/12', () => {
    const greet = uniform(10, 20);
    expect([greet.kind, greet.mean]).toEqual(['uniform', 15]);
    expect(greet.variance).toBeCloseTo(100 / 12, 14);
    expect(greet.describe()).toBe('uniform(min=10, max=20)');
  });

  it('maps u linearly onto [min, max] with one uniform per draw', () => {
    expect(uniform(10, 20).sample(scripted([0.25]))).toBe(12.5);
    const counter = counting(new Streams(2).stream('greet'));
    for (let i = 0; i < 1000; i++) uniform(10, 20).sample(counter.source);
    expect(counter.count).toBe(1000);
  });

  it('with min = max is a constant that still consumes its uniform', () => {
    const point = uniform(7, 7);
    const source = scripted([0.9]);
    expect([point.sample(source), point.variance, source.used]).toEqual([7, 0, 1]);
  });

  it('rejects min > max and non-finite bounds', () => {
    expect(rejectedPaths(() => uniform(5, 1))).toEqual(['min']);
    expect(() => uniform(5, 1)).toThrow(/min must be <= max \(1\), got 5/);
    expect(rejectedPaths(() => uniform(Number.NaN, Number.POSITIVE_INFINITY))).toEqual([
      'min',
      'max',
    ]);
    expect(rejectedPaths(() => uniform(-Number.MAX_VALUE, Number.MAX_VALUE))).toEqual(['max']);
  });
});

import { describe, expect, it } from 'vitest';
import { deterministic } from '../../simulator/distributions/index.js';
import { Streams } from '../../simulator/engine/random.js';
import { counting, rejectedPaths, scripted } from './support/statistics.js';

describe('deterministic', () => {
  it('returns its value on every draw with zero variance and consumes no uniforms', () => {
    const wrapUp = deterministic(30);
    const counter = counting(new Streams(1).stream('wrap'));
    for (let i = 0; i < 100; i++) expect(wrapUp.sample(counter.source)).toBe(30);
    expect(counter.count).toBe(0);
    expect([wrapUp.kind, wrapUp.mean, wrapUp.variance]).toEqual(['deterministic', 30, 0]);
    expect(wrapUp.describe()).toBe('deterministic(value=30)');
  });

  it('accepts zero and negative constants, which are valid laws', () => {
    expect(deterministic(0).mean).toBe(0);
    expect(deterministic(-2.5).sample(scripted([]))).toBe(-2.5);
  });

  it('rejects a value that is not a finite number', () => {
    expect(rejectedPaths(() => deterministic(Number.NaN))).toEqual(['value']);
    expect(rejectedPaths(() => deterministic(Number.POSITIVE_INFINITY))).toEqual(['value']);
  });

  it('is frozen, so shared distributions cannot be changed by one user', () => {
    const d = deterministic(1) as { mean: number };
    expect(() => {
      d.mean = 2;
    }).toThrow(TypeError);
  });
});

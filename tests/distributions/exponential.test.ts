import { describe, expect, it } from 'vitest';
import { exponential } from '../../simulator/distributions/index.js';
import { Streams } from '../../simulator/engine/random.js';
import { counting, rejectedPaths, scripted } from './support/statistics.js';

describe('exponential', () => {
  it('has mean m, variance m² and describes itself by its mean', () => {
    const gaps = exponential(2);
    expect([gaps.kind, gaps.mean, gaps.variance]).toEqual(['exponential', 2, 4]);
    expect(gaps.describe()).toBe('exponential(mean=2)');
  });

  it("scales the source's standard exponential draw by the mean", () => {
    const gaps = exponential(2);
    expect(gaps.sample(scripted([0.5]))).toBe(2 * Math.LN2);
    const a = new Streams(8).stream('gaps');
    const b = new Streams(8).stream('gaps');
    for (let i = 0; i < 100; i++) expect(gaps.sample(a)).toBe(2 * b.exponential());
  });

  it('takes exactly one draw from the source per sample', () => {
    const counter = counting(new Streams(3).stream('gaps'));
    for (let i = 0; i < 1000; i++) exponential(300).sample(counter.source);
    expect(counter.count).toBe(1000);
  });

  it('rejects a mean that is not a finite number > 0', () => {
    for (const mean of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(rejectedPaths(() => exponential(mean))).toEqual(['mean']);
    }
  });
});

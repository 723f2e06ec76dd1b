import { describe, expect, it } from 'vitest';
import { TimeAverage } from '../../simulator/stats/index.js';
import { mulberry32 } from './seededRandom.js';

describe('TimeAverage', () => {
  it('matches a hand-computed queue-length trace, including a zero-length step', () => {
    // t:     0    1    3   3    4    7         10
    // value: 0 -> 1 -> 2 -> 4 -> 1 -> 0  (observed until t = 10)
    // area = 0·1 + 1·2 + 2·0 + 4·1 + 1·3 + 0·3 = 9, so the mean is 9 / 10.
    const q = new TimeAverage();
    q.update(1, 1);
    q.update(3, 2);
    q.update(3, 4); // the 2 is replaced at the same instant: held for zero time
    q.update(4, 1);
    q.update(7, 0);
    expect(q.integral(10)).toBe(9);
    expect(q.mean(10)).toBe(0.9);
    expect(q.max).toBe(4);
    expect(q.current).toBe(0);
    expect(q.lastUpdate).toBe(7);
    // Asking for the mean does not record anything: a later update still sees the old step.
    q.update(10, 5);
    expect(q.mean(12)).toBe((9 + 5 * 2) / 12);
  });

  it('starts its window at startTime with the initial value', () => {
    // 2 busy servers on [100, 110), 5 on [110, 120): (2·10 + 5·10) / 20 = 3.5.
    const busy = new TimeAverage(100, 2);
    busy.update(110, 5);
    expect(busy.mean(120)).toBe(3.5);
    expect(busy.startTime).toBe(100);
    expect(busy.max).toBe(5);
  });

  it('drops a warm-up period on reset, keeping the current value', () => {
    // 10 on [0, 5) is warm-up; after reset at 5: 10 on [5, 8), 4 on [8, 15) → (30 + 28) / 10.
    const q = new TimeAverage(0, 10);
    q.update(2, 20);
    q.update(4, 10);
    q.reset(5);
    q.update(8, 4);
    expect(q.mean(15)).toBe(5.8);
    expect(q.max).toBe(10); // the 20 belongs to the warm-up
    expect(q.startTime).toBe(5);
  });

  it('keeps the integral of 10^7 full-precision steps within a few ulps of the exact sum', () => {
    // Values with all 53 bits set at random, held for one time unit each. The
    // exact sum is formed from the integer mantissas (two 27/26-bit halves,
    // each summed exactly in a double), then rounded once.
    const next = mulberry32(2024);
    const n = 10_000_000;
    const q = new TimeAverage(0, 0);
    let hiSum = 0;
    let loSum = 0;
    let naive = 0;
    for (let i = 0; i < n; i++) {
      const hi = next() >>> 5; // 27 bits
      const lo = next() >>> 6; // 26 bits
      hiSum += hi;
      loSum += lo;
      const v = (hi * 67108864 + lo) / 9007199254740992; // exact: m / 2^53
      q.update(i, v);
      naive += v;
    }
    const end = n; // the last value is held on [n − 1, n)
    const exactSum = Number(BigInt(hiSum) * 67108864n + BigInt(loSum)) / 9007199254740992;
    const ulp = 2 ** (Math.floor(Math.log2(exactSum)) - 52);
    // The update at t = 0 replaces the initial 0 and holds it on [0, 1), so area = Σ vᵢ.
    expect(Math.abs(q.integral(end) - exactSum)).toBeLessThanOrEqual(2 * ulp);
    expect(Math.abs(q.mean(end) - exactSum / n)).toBeLessThanOrEqual((4 * ulp) / n);
    // Plain summation of the same terms drifts much further.
    expect(Math.abs(naive - exactSum)).toBeGreaterThan(16 * ulp);
  });

  it('returns NaN for a zero-length window and rejects time going backwards or bad values', () => {
    const q = new TimeAverage(5, 1);
    expect(q.mean(5)).toBeNaN();
    q.update(6, 2);
    expect(() => q.update(5.5, 1)).toThrow(RangeError);
    expect(() => q.update(Number.NaN, 1)).toThrow(RangeError);
    expect(() => q.update(7, Number.NaN)).toThrow(RangeError);
    expect(() => q.mean(5)).toThrow(RangeError);
    expect(() => q.reset(1)).toThrow(RangeError);
    expect(() => new TimeAverage(Number.NaN)).toThrow(RangeError);
  });
});

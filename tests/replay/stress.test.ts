/**
 * The stress test's ramp and breaking point (scenarios/k6/lib/stress.ts).
 */
import { describe, expect, it } from 'vitest';
import { breakingPoint, stepAt, stressRamp } from '../../scenarios/k6/lib/stress.js';

describe('the stress ramp', () => {
  it('climbs and holds each step, measuring only the holds', () => {
    const r = stressRamp(1, 3, 3, 1000, 4000);
    expect(r.stages).toEqual([
      { duration: '1000ms', target: 1 },
      { duration: '4000ms', target: 1 },
      { duration: '1000ms', target: 2 },
      { duration: '4000ms', target: 2 },
      { duration: '1000ms', target: 3 },
      { duration: '4000ms', target: 3 },
    ]);
    expect(r.durationMs).toBe(15_000);
    expect([0, 999, 1000, 4999, 5000, 6000, 14_999, 15_000].map((t) => stepAt(r, t))).toEqual([
      -1, -1, 0, 0, -1, 1, 2, -1,
    ]);
    expect(() => stressRamp(0, 3, 3, 0, 1000)).toThrow(RangeError);
    expect(() => stressRamp(1, 3, 0, 0, 1000)).toThrow(RangeError);
  });

  it('breaks at the first step whose p95 or error rate crosses its limit', () => {
    const step = (rate: number, p95: number | null, errors = 0, calls = 100) => ({
      step: rate,
      rate,
      calls,
      errors,
      p95,
    });
    const limits = { p95Ms: 1000, errorRate: 0.01 };
    expect(
      breakingPoint([step(2, 300), step(4, 900), step(6, 1500), step(8, 5000)], limits),
    ).toEqual({
      sustained: 4,
      broke: 6,
      reason: 'p95 latency 1500 ms ≥ 1000 ms',
    });
    expect(breakingPoint([step(2, 300, 5)], limits).reason).toBe('errors 5.0% ≥ 1.0%');
    expect(breakingPoint([step(2, 300), step(4, null, 0, 0)], limits)).toEqual({
      sustained: 2,
      broke: null,
      reason: null,
    });
    expect(breakingPoint([step(2, 3000)], limits).sustained).toBeNull();
  });
});

/**
 * Time scaling and the run's bound (scenarios/k6/lib/timing.ts): hand-computable cases.
 */
import { describe, expect, it } from 'vitest';
import {
  dueAt,
  jittered,
  k6Seconds,
  lagMs,
  maxDurationSeconds,
  scenarioAt,
  scenarioSeconds,
  untilDue,
  wallMs,
} from '../../scenarios/k6/lib/timing.js';

const clock = { startAt: 1_000_000, origin: 3600, speedup: 60 };

describe('replay time scaling', () => {
  it('replays scenario time t at startAt + (t − origin)/speed-up, and back', () => {
    expect(dueAt(clock, 3600)).toBe(1_000_000);
    expect(dueAt(clock, 3660)).toBe(1_001_000);
    expect(dueAt(clock, 7200)).toBe(1_060_000);
    expect(scenarioAt(clock, 1_001_000)).toBe(3660);
    for (const t of [3600, 3601.5, 5000, 7199.9])
      expect(scenarioAt(clock, dueAt(clock, t))).toBeCloseTo(t, 9);
  });

  it('converts spans both ways at the speed-up', () => {
    expect(wallMs(120, 120)).toBe(1000);
    expect(scenarioSeconds(1000, 120)).toBe(120);
  });

  it('never waits a negative time and measures lag from the due time, never below 0', () => {
    expect(untilDue(1000, 400)).toBe(600);
    expect(untilDue(1000, 1000)).toBe(0);
    expect(untilDue(1000, 1500)).toBe(0);
    expect(lagMs(1000, 1003)).toBe(3);
    expect(lagMs(1000, 990)).toBe(0);
  });

  it('bounds a run by the window over the speed-up plus the grace, in whole seconds', () => {
    expect(maxDurationSeconds(3600, 60, 30)).toBe(90);
    expect(maxDurationSeconds(1200, 15, 30)).toBe(110);
    expect(maxDurationSeconds(100, 7, 0)).toBe(15); // 14.3 s rounds up
    expect(k6Seconds(90)).toBe('90s');
    expect(() => maxDurationSeconds(3600, 0, 30)).toThrow(RangeError);
    expect(() => maxDurationSeconds(3600, 60, -1)).toThrow(RangeError);
  });

  it('jitters within ±fraction', () => {
    expect(jittered(1000, 0.25, () => 0)).toBe(750);
    expect(jittered(1000, 0.25, () => 0.5)).toBe(1000);
    expect(jittered(1000, 0.25, () => 0.999999)).toBeCloseTo(1250, 2);
  });
});

/**
 * Censoring: on a history with heavy abandonment (a phone queue with too few
 * agents), patience must be estimated with the answered contacts as censored
 * observations. The censored estimate matches the truth, while the naive
 * mean of the abandonment times — only the impatient are seen abandoning —
 * is off by more than its own interval.
 *
 * Bound for 10 seeds: X ~ Binomial(10, 0.95), P(X ≤ 7) = 0.012, so at least
 * 8 of 10 intervals must cover.
 */
import { describe, expect, it } from 'vitest';
import { fitPatience } from '../../simulator/fit/censoredFits.js';
import { CensoredSample } from '../../simulator/fit/censoredSample.js';
import { covers } from '../../simulator/fit/estimate.js';
import { type FitResult, fitHistoryText } from '../../simulator/fit/fitHistory.js';
import { kaplanMeier } from '../../simulator/fit/kaplanMeier.js';
import { historyFrom, scenarioFrom } from './support.js';

const heavy = (patience: string) => `
version: 1
name: understaffed phone
timezone: UTC
horizon: 1w
warmup: 1d
arrivals: { weeklyVolume: 3000, timeOfDay: business }
channels:
  phone:
    kind: realtime
    handleTime: { dist: lognormal, mean: 4m, cv: 0.8 }
    patience: ${patience}
groups:
  L1: { channels: [phone], staffing: { constant: 3 } }
`;

const SEEDS = Array.from({ length: 10 }, (_, i) => i + 1);

function fits(patience: string): FitResult[] {
  const scenario = scenarioFrom(heavy(patience));
  return SEEDS.map((seed) => fitHistoryText(historyFrom(scenario, { seed, agents: { phone: 2 } })));
}

describe('patience from a heavily abandoned queue', () => {
  const exponential = fits('{ dist: exponential, mean: 2m }');

  it('abandons heavily: a third of the callers or more', () => {
    for (const f of exponential) expect(f.channels[0].abandonment!.value).toBeGreaterThan(0.3);
  });

  it('recovers the exponential mean from censored waits in at least 8 of 10 seeds', () => {
    const inside = exponential.filter((f) => covers(f.channels[0].patience!.mean, 120)).length;
    expect(inside).toBeGreaterThanOrEqual(8);
  });

  it('shows the naive mean of abandonment times off by more than its interval, every seed', () => {
    for (const f of exponential) {
      const p = f.channels[0].patience!;
      const naive = p.naive!;
      // The truth lies outside the naive interval, far beyond its half-width …
      expect(naive.hi).toBeLessThan(120);
      expect(120 - naive.value).toBeGreaterThan(naive.hi - naive.value);
      // … and the naive value lies outside the censored estimate's interval.
      expect(covers(p.mean, naive.value)).toBe(false);
    }
  });

  it('picks the lognormal and recovers its mean when patience is lognormal', () => {
    const lognormal = fits('{ dist: lognormal, mean: 3m, cv: 1.2 }');
    const chosen = lognormal.filter((f) => f.channels[0].patience!.chosen === 'lognormal').length;
    expect(chosen).toBeGreaterThanOrEqual(8);
    const inside = lognormal.filter((f) =>
      covers(f.channels[0].patience!.lognormal!.mean, 180),
    ).length;
    expect(inside).toBeGreaterThanOrEqual(8);
    const cv = lognormal.filter((f) => covers(f.channels[0].patience!.lognormal!.cv, 1.2)).length;
    expect(cv).toBeGreaterThanOrEqual(8);
  });
});

describe('the censored estimators on hand-computed samples', () => {
  // Waits: abandoned at 2, 4 and 10 s; answered at 3, 5, 8 s (censored) and one at once.
  const sample = new CensoredSample();
  for (const t of [2, 4, 10]) sample.addEvent(t);
  for (const t of [3, 5, 8, 0]) sample.addCensored(t);

  it('estimates the exponential mean as total waiting time over abandons: 32 s / 3 = 10.67 s', () => {
    const fit = fitPatience(sample)!;
    expect(fit.exposure).toBe(32);
    expect(fit.exponential.mean.value).toBeCloseTo(32 / 3, 12);
    // χ² interval: 2T/χ²₀.₉₇₅(6) = 64/14.449 = 4.43, 2T/χ²₀.₀₂₅(6) = 64/1.2373 = 51.7 (tables).
    expect(fit.exponential.mean.lo).toBeCloseTo(64 / 14.4494, 2);
    expect(fit.exponential.mean.hi).toBeCloseTo(64 / 1.23734, 1);
    expect(fit.naive!.value).toBeCloseTo(16 / 3, 12);
  });

  it('gives the Kaplan–Meier curve by hand: 5/6 at 2 s, then × 3/4 at 4 s, then 0 at 10 s', () => {
    // At risk just before 2 s: 6 (the immediate answer leaves at 0): S = 5/6.
    // Before 4 s: 4 (3 s censored left): S = 5/6 × 3/4 = 0.625. Before 10 s: 1: S = 0.
    const km = kaplanMeier(sample);
    const values = km.points.map((p) => p.survival);
    expect(values[0]).toBe(1);
    expect(values[1]).toBeCloseTo(5 / 6, 12);
    expect(values[2]).toBeCloseTo(0.625, 12);
    expect(values[3]).toBe(0);
    expect(km.points[2].atRisk).toBe(4);
    expect(km.median).toBeCloseTo(10, 1);
  });

  it('returns nothing when nobody abandoned', () => {
    const none = new CensoredSample();
    none.addCensored(5);
    expect(fitPatience(none)).toBeUndefined();
  });
});

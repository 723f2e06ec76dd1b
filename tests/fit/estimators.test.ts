/**
 * The estimators one by one, against hand-computed values and published
 * tables, and the special functions they rest on.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gamma, lognormal } from '../../simulator/distributions/index.js';
import { type RandomSource, Streams } from '../../simulator/engine/random.js';
import { estimateOverdispersion } from '../../simulator/fit/arrivals.js';
import { COLUMNS } from '../../simulator/fit/columns.js';
import { sniffDelimiter, splitCsvRecord } from '../../simulator/fit/csvFields.js';
import { fitDurations } from '../../simulator/fit/distributionFits.js';
import { DurationSample } from '../../simulator/fit/durationSample.js';
import { proportion, ratioOfMeans } from '../../simulator/fit/estimate.js';
import {
  parseBooleanCell,
  parseDurationCell,
  parseOutcomeCell,
  parsePriorityCell,
  parseTierCell,
  scenarioName,
} from '../../simulator/fit/fieldValues.js';
import { LogHistogram } from '../../simulator/fit/logHistogram.js';
import { flagOutlierDays } from '../../simulator/fit/outlierDays.js';
import {
  chiSquareQuantile,
  digamma,
  kolmogorovTail,
  logNormalSurvival,
  normalCdf,
  trigamma,
} from '../../simulator/fit/special.js';
import { StaffingProxy, sizeForLoad } from '../../simulator/fit/staffingProxy.js';

describe('special functions', () => {
  it('match their reference values', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 13); // −γ
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 12); // −γ − 2 ln 2
    expect(trigamma(1)).toBeCloseTo(Math.PI ** 2 / 6, 12);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 14);
    expect(Math.exp(logNormalSurvival(10))).toBeCloseTo(7.619853024160527e-24, 30);
    // χ² table values (Abramowitz & Stegun 26.8).
    expect(chiSquareQuantile(0.975, 1)).toBeCloseTo(5.023886, 5);
    expect(chiSquareQuantile(0.025, 10)).toBeCloseTo(3.246973, 5);
    expect(chiSquareQuantile(0.95, 100)).toBeCloseTo(124.3421, 3);
    // Kolmogorov: the 5% critical value of √n·D is 1.358.
    expect(kolmogorovTail(1.358)).toBeCloseTo(0.05, 3);
  });
});

describe('distribution fits', () => {
  const sample = (draw: (source: RandomSource) => number, n: number, threshold = 0) => {
    const s = new DurationSample(threshold);
    const source = new Streams(42).stream('draws');
    for (let i = 0; i < n; i++) s.add(draw(source));
    return s;
  };

  it('gives the exponential MLE as the sample mean, with the exact χ² interval', () => {
    const s = new DurationSample();
    for (const x of [10, 20, 30, 40, 50]) s.add(x);
    const fit = fitDurations(s)!;
    const exp = fit.candidates.find((c) => c.family === 'exponential')!;
    expect(exp.mean.value).toBe(30);
    // 2·5·30/χ²₀.₉₇₅(10) = 300/20.4832 and 300/χ²₀.₀₂₅(10) = 300/3.24697.
    expect(exp.mean.lo).toBeCloseTo(300 / 20.4832, 3);
    expect(exp.mean.hi).toBeCloseTo(300 / 3.24697, 2);
    expect(exp.logLikelihood).toBeCloseTo(-5 * Math.log(30) - 5, 10);
  });

  it('solves the gamma likelihood equation ln k − ψ(k) = ln x̄ − mean ln x', () => {
    const s = sample((source) => gamma(300, 0.5).sample(source), 2000);
    const g = fitDurations(s)!.candidates.find((c) => c.family === 'gamma')!;
    const k = 1 / g.cv!.value ** 2;
    expect(Math.log(k) - digamma(k)).toBeCloseTo(Math.log(s.moments.mean) - s.logMoments.mean, 4);
    expect(g.cv!.lo).toBeLessThan(0.5);
    expect(g.cv!.hi).toBeGreaterThan(0.5);
  });

  it('computes the lognormal log-likelihood as the sum of log densities', () => {
    const xs = [100, 150, 220, 400, 90, 310, 130];
    const s = new DurationSample();
    for (const x of xs) s.add(x);
    const ln = fitDurations(s)!.candidates.find((c) => c.family === 'lognormal')!;
    const mu = xs.reduce((a, x) => a + Math.log(x), 0) / xs.length;
    const s2 = xs.reduce((a, x) => a + (Math.log(x) - mu) ** 2, 0) / xs.length;
    const direct = xs.reduce(
      (a, x) =>
        a - Math.log(x) - 0.5 * Math.log(2 * Math.PI * s2) - (Math.log(x) - mu) ** 2 / (2 * s2),
      0,
    );
    expect(ln.logLikelihood).toBeCloseTo(direct, 10);
    expect(ln.spec).toEqual({
      dist: 'lognormal',
      mean: expect.any(Number),
      cv: expect.any(Number),
    });
  });

  it('prefers the lognormal for lognormal data and reports the KS distance of each candidate', () => {
    const s = sample((source) => lognormal(360, 0.9).sample(source), 20_000, 10);
    const fit = fitDurations(s, 'bic')!;
    expect(fit.chosen.family).toBe('lognormal');
    expect(fit.chosen.ks.d).toBeLessThan(0.02);
    expect(fit.candidates.find((c) => c.family === 'exponential')!.ks.d).toBeGreaterThan(0.05);
    expect(fit.candidates.map((c) => c.family)).toEqual([
      'exponential',
      'gamma',
      'lognormal',
      'empirical',
    ]);
  });

  it('counts values under the threshold as a share apart, not in the fit', () => {
    const s = new DurationSample(10);
    for (const x of [1, 3, 0, 40, 50, 60, 70, 80]) s.add(x);
    const fit = fitDurations(s)!;
    expect(fit.n).toBe(5);
    expect(fit.short.value).toBeCloseTo(3 / 8, 12);
  });

  it('does not fit fewer than five values', () => {
    const s = new DurationSample();
    for (const x of [1, 2, 3, 4]) s.add(x);
    expect(fitDurations(s)).toBeUndefined();
  });
});

describe('histogram, proportions, ratios', () => {
  it('keeps quantiles to 0.2%', () => {
    const h = new LogHistogram();
    for (let i = 1; i <= 1000; i++) h.add(i);
    expect(h.quantile(0.5) / 500).toBeCloseTo(1, 2);
    expect(h.count).toBe(1000);
  });

  it('gives Wilson intervals with their basis', () => {
    const p = proportion(81, 263, 'contacts');
    expect(p.lo).toBeCloseTo(0.2553, 4); // Newcombe (1998)
    expect(p.hi).toBeCloseTo(0.3662, 4);
    expect(p.basis).toBe('Wilson interval, 81 of 263 contacts');
  });

  it('gives a ratio of means with a log-scale delta interval', () => {
    const r = ratioOfMeans({ mean: 110, sd: 50, n: 400 }, { mean: 100, sd: 50, n: 400 }, 'x');
    expect(r.value).toBeCloseTo(1.1, 12);
    expect(r.lo).toBeLessThan(1.1);
    expect(r.hi).toBeGreaterThan(1.1);
  });
});

describe('arrivals', () => {
  it('flags a holiday and an incident day, and nothing else', () => {
    const days = Array.from({ length: 35 }, (_, d) => ({
      day: d,
      dow: d % 7,
      total: [500, 480, 470, 460, 450, 200, 150][d % 7] + ((d * 37) % 21) - 10,
    }));
    days[9].total = 20; // a Wednesday holiday
    days[22].total = 900; // a Tuesday incident
    const result = flagOutlierDays(days);
    expect(result.outliers.map((o) => [o.day, o.direction])).toEqual([
      [9, 'low'],
      [22, 'high'],
    ]);
    expect(result.outliers[0].expected).toBeGreaterThan(450);
  });

  it('does not judge days without three of their weekday', () => {
    const days = Array.from({ length: 14 }, (_, d) => ({ day: d, dow: d % 7, total: 100 }));
    const result = flagOutlierDays(days);
    expect(result.outliers).toEqual([]);
    expect(result.note).toMatch(/3 weeks/);
  });

  it('recovers a known overdispersion from gamma-mixed Poisson day counts', () => {
    const streams = new Streams(3);
    const mix = gamma(1, 0.2);
    const u = streams.stream('poisson');
    const g = streams.stream('gamma');
    const poisson = (mean: number) => {
      // Normal approximation is enough for means of hundreds.
      const z = Math.sqrt(-2 * Math.log(u.next())) * Math.cos(2 * Math.PI * u.next());
      return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
    };
    const groups = Array.from({ length: 40 }, (_, k) => {
      const m = 300 + 10 * k;
      const counts = Array.from({ length: 8 }, () => poisson(m * mix.sample(g)));
      const mean = counts.reduce((s, v) => s + v, 0) / counts.length;
      return {
        df: counts.length - 1,
        ss: counts.reduce((s, v) => s + (v - mean) ** 2, 0),
        m: mean,
      };
    });
    const est = estimateOverdispersion(groups);
    expect(est.lo).toBeLessThan(0.2);
    expect(est.hi).toBeGreaterThan(0.2);
    expect(est.value).toBeGreaterThan(0.15);
    expect(est.value).toBeLessThan(0.25);
    // Pure Poisson: the estimate is 0 or close, and the interval reaches 0.
    const flat = estimateOverdispersion(groups.map((g) => ({ ...g, ss: g.df * g.m })));
    expect(flat.value).toBe(0);
    expect(flat.lo).toBe(0);
  });
});

describe('staffing proxy', () => {
  const monday = 4 * 86_400; // 1970-01-05 was a Monday

  it('counts distinct agents per interval across interval boundaries', () => {
    const p = new StaffingProxy(900);
    p.add({ tier: 1, agent: 'ann', channel: 'phone' }, monday + 800, 200); // intervals 0 and 1
    p.add({ tier: 1, agent: 'bob', channel: 'phone' }, monday + 100, 300);
    p.add({ tier: 1, agent: 'ann', channel: 'phone' }, monday + 1000, 100);
    const [g] = p.estimate(4, 4, new Set());
    expect(g).toMatchObject({ name: 'L1', tier: 1, channels: ['phone'], method: 'agents seen' });
    expect(g.proxy[0].value).toBe(2);
    expect(g.proxy[1].value).toBe(1);
    expect(g.agents.slice(0, 3)).toEqual([2, 1, 0]);
  });

  it('keeps specialised agents apart: one group per set of channels handled', () => {
    const p = new StaffingProxy(900);
    p.add({ tier: 1, agent: 'ann', channel: 'phone' }, monday, 300);
    p.add({ tier: 1, agent: 'bob', channel: 'email' }, monday, 300);
    p.add({ tier: 1, agent: 'cy', channel: 'phone' }, monday, 300);
    p.add({ tier: 1, agent: 'cy', channel: 'email' }, monday + 900, 300);
    p.add({ tier: 2, agent: 'dee', channel: 'phone' }, monday, 300);
    const groups = p.estimate(4, 4, new Set());
    expect(groups.map((g) => [g.name, g.channels, g.proxy[0].value])).toEqual([
      ['L1-email', ['email'], 1],
      ['L1-email-phone', ['email', 'phone'], 1],
      ['L1-phone', ['phone'], 1],
      ['L2', ['phone'], 1],
    ]);
  });

  it('uses the group column when there is one, and busy time without agents', () => {
    const p = new StaffingProxy(900);
    p.add({ tier: 1, group: 'billing', channel: 'phone' }, monday, 450);
    p.add({ tier: 1, group: 'billing', channel: 'phone' }, monday, 450);
    const [g] = p.estimate(4, 4, new Set());
    expect(g).toMatchObject({
      name: 'billing',
      method: 'busy agents',
      basis: "the group column ('billing')",
    });
    expect(g.proxy[0].value).toBe(1);
  });

  it('sizes staffing for a load at 85% occupancy, at least one agent where work is offered', () => {
    expect(sizeForLoad([0, 0.1, 1.7, 8.5])).toEqual([0, 1, 2, 10]);
  });
});

describe('cells and CSV records', () => {
  it('splits quoted fields with delimiters and doubled quotes', () => {
    expect(splitCsvRecord('a,"b,c","say ""hi""",,e', ',')).toEqual([
      'a',
      'b,c',
      'say "hi"',
      '',
      'e',
    ]);
    expect(sniffDelimiter('a;b;c')).toBe(';');
    expect(sniffDelimiter('a\tb')).toBe('\t');
  });

  it('reads durations, yes/no, priorities, tiers, outcomes and names as people export them', () => {
    expect(parseDurationCell('372.5')).toBe(372.5);
    expect(parseDurationCell('6:12')).toBe(372);
    expect(parseDurationCell('01:02:03')).toBe(3723);
    expect(parseDurationCell('6m12s')).toBe(372);
    expect(parseDurationCell('soon')).toBeNaN();
    expect([parseBooleanCell('Yes'), parseBooleanCell('0'), parseBooleanCell('maybe')]).toEqual([
      true,
      false,
      null,
    ]);
    expect(['P1', '4', 'High', 'urgent', 'P5'].map(parsePriorityCell)).toEqual([0, 3, 1, 0, null]);
    expect(['2', 'L2', 'tier 3', 'second', 'x'].map(parseTierCell)).toEqual([2, 2, 3, 2, null]);
    expect(['contained', 'handoff', 'what'].map(parseOutcomeCell)).toEqual([true, false, null]);
    expect(['phone', 'Live Chat', 'E-mail', '123'].map(scenarioName)).toEqual([
      'phone',
      'live-chat',
      'E-mail',
      null,
    ]);
  });

  it('documents exactly these columns in scenarios/README.md', () => {
    const readme = readFileSync(new URL('../../scenarios/README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## History files'));
    const documented = [...section.matchAll(/^\| `([a-z0-9_]+)` \| [a-z/]+ \| (.+) \|$/gm)].map(
      (m) => [m[1], m[2]],
    );
    expect(documented).toEqual(COLUMNS.map((c) => [c.name, c.meaning]));
  });
});

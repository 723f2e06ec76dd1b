/**
 * The reference functions and goodness-of-fit checks used by the other tests:
 * first that the special functions match published values and closed forms,
 * then that each check rejects a law that is wrong, so a passing law test
 * means something.
 */
import { describe, expect, it } from 'vitest';
import {
  empirical,
  exponential,
  gamma,
  lognormal,
  scaled,
} from '../../simulator/distributions/index.js';
import { Streams } from '../../simulator/engine/random.js';
import {
  erf,
  exponentialCdf,
  gammaCdf,
  gammaP,
  gammaQ,
  lnGamma,
  normalCdf,
} from './support/special.js';
import {
  chiSquareTest,
  draw,
  ksCritical,
  ksStatistic,
  meanZ,
  varianceZ,
} from './support/statistics.js';

describe('reference special functions', () => {
  it('lnGamma matches ln √π at 1/2 and sums of logarithms at integers', () => {
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    let lnFactorial = 0; // ln((n − 1)!) for Γ(n)
    for (let n = 2; n <= 100; n++) {
      expect(lnGamma(n)).toBeCloseTo(lnFactorial, 10);
      lnFactorial += Math.log(n);
    }
  });

  it('erf matches Abramowitz & Stegun Table 7.1 and is odd', () => {
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 14);
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 14);
    expect(erf(2)).toBeCloseTo(0.9953222650189527, 14);
    expect(erf(-1)).toBe(-erf(1));
    expect(erf(0)).toBe(0);
  });

  it('gammaP at integer shape matches the Poisson sum 1 − Σ_{j<a} e^(−x) x^j/j! in both branches', () => {
    const poisson = (a: number, x: number) => {
      let term = Math.exp(-x);
      let sum = term;
      for (let j = 1; j < a; j++) {
        term *= x / j;
        sum += term;
      }
      return 1 - sum;
    };
    for (const [a, x] of [
      [1, 0.3],
      [1, 7],
      [3, 2],
      [3, 10],
      [40, 30],
      [40, 41],
      [40, 55],
    ]) {
      expect(gammaP(a, x)).toBeCloseTo(poisson(a, x), 12);
      expect(gammaP(a, x) + gammaQ(a, x)).toBeCloseTo(1, 14);
    }
  });

  it('gammaP at half-integer shape matches the recurrence P(3/2, x) = erf(√x) − 2√(x/π)e^(−x)', () => {
    // A&S 6.5.21: P(a + 1, x) = P(a, x) − x^a e^(−x)/Γ(a + 1), with P(1/2, x) = erf(√x).
    expect(gammaP(1.5, 1)).toBeCloseTo(
      0.8427007929497149 - (2 * Math.exp(-1)) / Math.sqrt(Math.PI),
      13,
    );
    expect(gammaP(1.5, 4)).toBeCloseTo(
      0.9953222650189527 - (4 * Math.exp(-4)) / Math.sqrt(Math.PI),
      13,
    );
  });

  it('normalCdf is accurate in the far left tail', () => {
    // Φ(−8) = 6.220960574271785e-16 (R: pnorm(-8)); relative accuracy, not absolute.
    expect(normalCdf(-8) / 6.220960574271785e-16).toBeCloseTo(1, 10);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
  });
});

describe('the goodness-of-fit checks can fail', () => {
  const n = 200_000;
  const source = () => new Streams('power').stream('draws');

  it('the mean check rejects draws whose mean is 2% too high', () => {
    const xs = draw(scaled(exponential(1), 1.02), source(), n);
    expect(meanZ(xs, 1, 1)).toBeGreaterThan(4);
  });

  it('the variance check rejects a gamma with cv 0.9 taken for an exponential of the same mean', () => {
    const xs = draw(gamma(1, 0.9), source(), n);
    expect(meanZ(xs, 1, 1)).toBeLessThan(4);
    expect(varianceZ(xs, 1, 9)).toBeGreaterThan(4);
  });

  it('the Kolmogorov–Smirnov check rejects a lognormal against the gamma CDF of the same mean and cv', () => {
    const xs = draw(lognormal(300, 0.8), source(), n);
    expect(ksStatistic(xs, gammaCdf(300, 0.8))).toBeGreaterThan(ksCritical(n, 0.001));
  });

  it('the Kolmogorov–Smirnov check rejects a gamma with cv 0.95 against the exponential CDF', () => {
    const xs = draw(gamma(300, 0.95), source(), n);
    expect(ksStatistic(xs, exponentialCdf(300))).toBeGreaterThan(ksCritical(n, 0.001));
  });

  it('the chi-square check rejects resampling that gives a repeated observation single weight', () => {
    const values = [1, 2, 3, 4];
    const xs = draw(empirical(values), source(), n);
    const observed = values.map((v) => xs.filter((x) => x === v).length);
    const tiedWeights = [1, 2, 1, 1].map((w) => (w / 5) * n); // the law of [1, 2, 2, 3, 4]
    expect(chiSquareTest(observed, tiedWeights).pValue).toBeLessThan(0.001);
    expect(
      chiSquareTest(
        observed,
        [0.25, 0.25, 0.25, 0.25].map((w) => w * n),
      ).pValue,
    ).toBeGreaterThan(0.001);
  });
});

import { describe, expect, it } from 'vitest';
import {
  gammaSeries,
  logGamma,
  regularizedGammaP,
  regularizedGammaQ,
} from '../../simulator/analytic/index.js';
import { expectNear, logSumExp, poissonCdf } from './oracles.js';

/** ln Σ_j z^j/((a+1)…(a+j)) and the mean index, by brute force over enough terms. */
function bruteSeries(a: number, z: number): { logSum: number; mean: number } {
  const logs: number[] = [0];
  let l = 0;
  const terms = Math.ceil(z + 40 * Math.sqrt(z + 1) + 200);
  for (let j = 1; j <= terms; j++) {
    l += Math.log(z) - Math.log(a + j);
    logs.push(l);
  }
  const logSum = logSumExp(logs);
  let mean = 0;
  for (let j = 0; j < logs.length; j++) mean += j * Math.exp(logs[j] - logSum);
  return { logSum, mean };
}

describe('logGamma', () => {
  it('equals ln (n−1)! summed directly for whole numbers up to 2000', () => {
    let lf = 0; // ln (n−1)!
    for (let n = 1; n <= 2000; n++) {
      if (n > 1) lf += Math.log(n - 1);
      expectNear(logGamma(n), lf, 1e-13, 1e-14, `lnΓ(${n})`);
    }
  });

  it('gives ln √π at ½ and satisfies lnΓ(x+1) − lnΓ(x) = ln x across its branches', () => {
    expectNear(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14);
    for (const x of [1e-6, 0.1, 0.49, 0.5, 0.7, 3.3, 14.2, 14.9, 15, 15.5, 1e3 + 0.25, 1e6 + 0.5]) {
      // The subtraction in this check loses ~|lnΓ(x)|·1e-16 by itself; allow for it.
      const slack = 1e-15 * Math.abs(logGamma(x + 1)) + 1e-15;
      expectNear(logGamma(x + 1) - logGamma(x), Math.log(x), 1e-13, slack, `x=${x}`);
    }
  });
});

describe('regularized incomplete gamma', () => {
  it('is 1 − e^{−z} for shape 1', () => {
    for (const z of [0, 1e-8, 0.5, 1, 2, 10, 50]) {
      expectNear(regularizedGammaP(1, z), -Math.expm1(-z), 1e-14, 1e-16, `z=${z}`);
      expectNear(regularizedGammaQ(1, z), Math.exp(-z), 1e-13, 1e-300, `z=${z}`);
    }
  });

  it('equals a Poisson tail for whole-number shapes, up to a = 5000 near z = a', () => {
    // For integer a: Q(a, z) = P(Poisson(z) ≤ a − 1), summed directly here.
    const cases: Array<[number, number]> = [
      [1, 0.3],
      [3, 10],
      [10, 3],
      [50, 50],
      [50, 51],
      [50, 70],
      [500, 480],
      [500, 520],
      [5000, 4900],
      [5000, 5000],
      [5000, 5001],
      [5000, 5100],
    ];
    for (const [a, z] of cases) {
      const q = poissonCdf(z, a - 1);
      expectNear(regularizedGammaQ(a, z), q, 1e-11, 1e-300, `Q(${a}, ${z})`);
      expectNear(regularizedGammaP(a, z), 1 - q, 1e-11, 1e-15, `P(${a}, ${z})`);
    }
  });

  it('matches 80-digit reference values at a = 5000', () => {
    // Computed independently with Python's decimal module at 80 digits:
    //   getcontext().prec = 80; z = Decimal(4900); s = sum of z^k/k! for k < 5000;
    //   P = 1 − s·exp(−z) = 0.0779449562265139139… and, for z = 5100, 0.9206711189223810232…
    expectNear(regularizedGammaP(5000, 4900), 0.07794495622651391, 1e-14);
    expectNear(regularizedGammaP(5000, 5100), 0.920671118922381, 1e-14);
  });

  it('matches the known value P(a, a) ≈ ½ + 1/(3√(2πa)) for large a', () => {
    // Temme's uniform expansion: P(a, a) = ½ + 1/(3√(2πa)) + O(a^{−3/2}).
    for (const a of [1e4, 1e6]) {
      expectNear(regularizedGammaP(a, a), 0.5 + 1 / (3 * Math.sqrt(2 * Math.PI * a)), 0, 1 / a);
    }
  });

  it('keeps P + Q = 1 and both in [0, 1] on both sides of z = a + 1', () => {
    for (const a of [1e-3, 0.5, 2, 30, 1e3, 1e5]) {
      for (const f of [0, 0.2, 0.9, 1, 1.1, 3]) {
        const z = a * f + (f === 1 ? 1 : 0);
        const p = regularizedGammaP(a, z);
        const q = regularizedGammaQ(a, z);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(q).toBeLessThanOrEqual(1);
        expectNear(p + q, 1, 1e-14, 0, `a=${a} z=${z}`);
      }
    }
  });

  it('rejects a shape that is not positive and a negative argument', () => {
    expect(() => regularizedGammaP(0, 1)).toThrow(/shape a must be a finite number > 0/);
    expect(() => regularizedGammaQ(1, -1)).toThrow(/argument z/);
    expect(() => gammaSeries(Number.NaN, 1)).toThrow(RangeError);
  });
});

describe('gammaSeries (Erlang A’s A(x, y))', () => {
  it('equals the brute-force sum of its terms in both branches', () => {
    for (const [a, z] of [
      [0.05, 0.01],
      [0.05, 30],
      [1, 0.5],
      [3, 3.5],
      [3, 4.5],
      [40, 20],
      [40, 41],
      [40, 42],
      [40, 90],
      [2000, 1900],
      [2000, 2100],
      [2000, 3000],
      [1e4, 1.5e4],
    ]) {
      const got = gammaSeries(a, z);
      const want = bruteSeries(a, z);
      expectNear(got.logSum, want.logSum, 1e-12, 1e-13, `ln S(${a}, ${z})`);
      expectNear(got.mean, want.mean, 1e-10, 1e-12, `mean(${a}, ${z})`);
    }
  });

  it('stays finite when the sum itself is far beyond double range', () => {
    // x = 10⁴, y = 1.5·10⁴ (n = 5000, load 1.5, patience = 2·AHT): ln A ≈ 950 > 709 = ln(max double);
    // x = 10⁵, y = 3·10⁵: ln A ≈ 9·10⁴.
    for (const [a, z] of [
      [1e4, 1.5e4],
      [1e5, 3e5],
    ]) {
      const g = gammaSeries(a, z);
      expect(Number.isFinite(g.logSum)).toBe(true);
      expect(g.logSum).toBeGreaterThan(Math.log(Number.MAX_VALUE));
      expectNear(g.mean, z - a, 1e-9); // past the peak the mean queue is y − x + x/A
    }
  });
});

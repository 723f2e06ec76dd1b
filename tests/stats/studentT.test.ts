import { describe, expect, it } from 'vitest';
import {
  logBeta,
  logGamma,
  normalQuantile,
  regularizedIncompleteBeta,
  studentTCdf,
  studentTQuantile,
} from '../../simulator/stats/index.js';

/** |got − want| ≤ half a unit in the last printed digit of a table value. */
function expectTableValue(got: number, printed: string): void {
  const decimals = printed.split('.')[1]?.length ?? 0;
  expect(Math.abs(got - Number(printed)), `${got} vs table ${printed}`).toBeLessThanOrEqual(
    0.5 * 10 ** -decimals + 1e-15,
  );
}

function relativeError(got: number, want: number): number {
  return Math.abs(got - want) / Math.abs(want);
}

describe('studentTQuantile', () => {
  it('matches the published two-sided 95 % and 99 % table values', () => {
    // Standard t tables (e.g. NIST/SEMATECH e-Handbook §1.3.6.7.2; Abramowitz & Stegun Table 26.10).
    const table: Array<[number, number, string]> = [
      [0.975, 1, '12.7062'],
      [0.975, 2, '4.30265'],
      [0.975, 5, '2.57058'],
      [0.975, 10, '2.22814'],
      [0.975, 30, '2.04227'],
      [0.975, 120, '1.97993'],
      [0.995, 4, '4.60409'],
      [0.975, Number.POSITIVE_INFINITY, '1.95996'],
    ];
    for (const [p, df, printed] of table) expectTableValue(studentTQuantile(p, df), printed);
  });

  it('equals the Cauchy quantile tan(π(p − ½)) for df = 1, far into the tails', () => {
    // In the lower tail the same value is −cot(πp), which keeps its digits as p → 0.
    for (const p of [1e-12, 1e-6, 0.01, 0.2]) {
      expect(relativeError(studentTQuantile(p, 1), -1 / Math.tan(Math.PI * p))).toBeLessThan(1e-14);
    }
    for (const p of [0.3, 0.4999, 0.6, 0.9]) {
      expect(relativeError(studentTQuantile(p, 1), Math.tan(Math.PI * (p - 0.5)))).toBeLessThan(
        1e-12,
      );
    }
  });

  it('equals the closed forms for df = 2 (Hill 1970) and df = 4 (Shaw 2006)', () => {
    for (const p of [1e-12, 1e-5, 0.01, 0.025, 0.3, 0.7, 0.975, 0.995, 1 - 1e-9]) {
      const t2 = (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
      expect(relativeError(studentTQuantile(p, 2), t2), `df=2 p=${p}`).toBeLessThan(1e-10);
      // Shaw, "Sampling Student's T distribution", J. Comp. Finance 9(4), 2006, eq. (12).
      const a = 4 * p * (1 - p);
      const q = Math.cos(Math.acos(Math.sqrt(a)) / 3) / Math.sqrt(a);
      const t4 = Math.sign(p - 0.5) * 2 * Math.sqrt(q - 1);
      expect(relativeError(studentTQuantile(p, 4), t4), `df=4 p=${p}`).toBeLessThan(1e-9);
    }
  });

  it('inverts the closed-form CDF for df = 3 (A&S 26.7.3)', () => {
    // F(t) = ½ + (1/π)[ t/(√3 (1 + t²/3)) + atan(t/√3) ].
    const cdf3 = (t: number) =>
      0.5 + (t / (Math.sqrt(3) * (1 + (t * t) / 3)) + Math.atan(t / Math.sqrt(3))) / Math.PI;
    for (const p of [0.001, 0.05, 0.3, 0.5, 0.8, 0.975, 0.999]) {
      expect(Math.abs(cdf3(studentTQuantile(p, 3)) - p), `p=${p}`).toBeLessThan(1e-13);
    }
  });

  it('approaches the normal quantile as z + (z³ + z)/(4ν) for large df (A&S 26.7.5)', () => {
    const z = normalQuantile(0.975);
    for (const df of [1e4, 1e6, 1e9]) {
      const firstOrder = z + (z ** 3 + z) / (4 * df);
      expect(Math.abs(studentTQuantile(0.975, df) - firstOrder)).toBeLessThan(20 / df ** 2);
    }
    // Decreasing in df, always above z.
    const ladder = [1, 2, 3, 5, 10, 30, 120, 1e3, 99_999, 1e5, 1e7].map((df) =>
      studentTQuantile(0.975, df),
    );
    for (let i = 1; i < ladder.length; i++) expect(ladder[i]).toBeLessThan(ladder[i - 1]);
    expect(ladder[ladder.length - 1]).toBeGreaterThan(z);
  });

  it('is continuous where the method switches from root finding to the expansion (df = 10^5)', () => {
    for (const p of [1e-9, 0.01, 0.3, 0.975]) {
      expect(relativeError(studentTQuantile(p, 99_999.999), studentTQuantile(p, 1e5))).toBeLessThan(
        1e-10,
      );
    }
  });

  it('is antisymmetric, handles p = 0, ½, 1 and accepts non-integer df', () => {
    for (const df of [0.5, 1.5, 3, 7.25, 50]) {
      // p and 1 − p both exact in binary, so the two calls see the same tail probability.
      for (const p of [2 ** -27, 0.125, 0.375]) {
        expect(relativeError(studentTQuantile(1 - p, df), -studentTQuantile(p, df))).toBeLessThan(
          1e-12,
        );
      }
      expect(studentTQuantile(0.5, df)).toBe(0);
      expect(studentTCdf(studentTQuantile(0.9, df), df)).toBeCloseTo(0.9, 12);
    }
    expect(studentTQuantile(0, 3)).toBe(Number.NEGATIVE_INFINITY);
    expect(studentTQuantile(1, 3)).toBe(Number.POSITIVE_INFINITY);
  });

  it('rejects probabilities outside [0, 1] and non-positive df', () => {
    expect(() => studentTQuantile(1.1, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(Number.NaN, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, Number.NaN)).toThrow(RangeError);
  });
});

describe('studentTCdf', () => {
  it('equals the closed forms for df = 1 and df = 2', () => {
    for (const t of [-1e6, -30, -2, -0.1, 0, 0.5, 1, 4, 1e3]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 14);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 14);
    }
  });
});

describe('normalQuantile', () => {
  it('matches published normal quantiles to full double precision', () => {
    // Values of Φ⁻¹ to 16 digits (e.g. Wichura 1988, Table 2; R's qnorm).
    const table: Array<[number, number]> = [
      [0.975, 1.959963984540054],
      [0.995, 2.5758293035489004],
      [0.9, 1.2815515655446004],
      [0.999, 3.090232306167813],
      [1e-10, -6.361340902404056],
    ];
    for (const [p, z] of table) expect(relativeError(normalQuantile(p), z)).toBeLessThan(1e-15);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(() => normalQuantile(-0.1)).toThrow(RangeError);
  });
});

describe('special functions', () => {
  it('logGamma equals ln((n − 1)!) and ln √π', () => {
    let logFactorial = 0;
    for (let n = 1; n <= 60; n++) {
      if (n > 1) logFactorial += Math.log(n - 1);
      expect(Math.abs(logGamma(n) - logFactorial), `n=${n}`).toBeLessThan(
        1e-13 * Math.max(1, logFactorial),
      );
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 15);
    expect(logGamma(1e-3)).toBeCloseTo(6.907178885383854, 13); // ln Γ(0.001) = 6.90717888538385368… (40-digit mpmath)
  });

  it('logBeta keeps full relative accuracy for a huge argument', () => {
    expect(logBeta(1, 1)).toBe(0);
    for (const a of [0.5, 3, 12, 1e3, 1e6, 1e12]) {
      expect(relativeError(logBeta(a, 1), -Math.log(a)), `a=${a}`).toBeLessThan(1e-14); // B(a, 1) = 1/a
    }
    // B(10, 10) = 9!·9!/19!, exact in integers.
    expect(
      relativeError(logBeta(10, 10), Math.log((362880 * 362880) / 121645100408832000)),
    ).toBeLessThan(1e-14);
    // B(a, ½) = √π Γ(a)/Γ(a + ½) and Γ(a + ½)/Γ(a) = √a (1 − 1/(8a) + 1/(128a²) + …) for large a.
    const a = 5e4;
    const ratio = Math.sqrt(a) * (1 - 1 / (8 * a) + 1 / (128 * a * a));
    expect(relativeError(logBeta(a, 0.5), 0.5 * Math.log(Math.PI) - Math.log(ratio))).toBeLessThan(
      1e-14,
    );
  });

  it('regularizedIncompleteBeta equals binomial tail sums and simple closed forms', () => {
    // I_p(k, n − k + 1) = P(Bin(n, p) ≥ k).
    const n = 20;
    for (const p of [0.05, 0.3, 0.5, 0.9]) {
      for (const k of [1, 5, 10, 20]) {
        let tail = 0;
        let coefficient = 1; // C(n, j), built incrementally
        for (let j = 0; j <= n; j++) {
          if (j > 0) coefficient = (coefficient * (n - j + 1)) / j;
          if (j >= k) tail += coefficient * p ** j * (1 - p) ** (n - j);
        }
        expect(regularizedIncompleteBeta(p, k, n - k + 1)).toBeCloseTo(tail, 13);
      }
    }
    for (const x of [0, 0.01, 0.5, 0.99, 1]) {
      expect(regularizedIncompleteBeta(x, 1, 1)).toBeCloseTo(x, 14);
      expect(regularizedIncompleteBeta(x, 3.5, 1)).toBeCloseTo(x ** 3.5, 14);
    }
  });
});

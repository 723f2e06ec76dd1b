/**
 * Every sampler against its theoretical law, 200 000 draws from a named stream.
 *
 * Three checks per law, each a two-sided test whose tolerance comes from the
 * sampling distribution of the statistic, never from a seed-pinned number:
 * - mean: |x̄ − μ| < 4 SE with SE = √(σ²/n) (a z-test at α ≈ 6e-5);
 * - variance: |s² − σ²| < 4 SE(s²), SE from the theoretical kurtosis (see
 *   `varianceZ` in support/statistics.ts for the formula and why exact κ);
 * - shape: Kolmogorov–Smirnov against the exact CDF at α = 0.001 (critical
 *   D = 1.9495/√n ≈ 0.00436), or Pearson chi-square at α = 0.001 for the
 *   discrete resampling law.
 * The seeds are fixed, so the outcome is reproducible; the levels say how
 * unlikely a correct sampler is to fail with a fresh seed. `support.test.ts`
 * shows each check rejecting a wrong law, so none of them is vacuous.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Distribution } from '../../simulator/distributions/distribution.js';
import {
  empirical,
  erlang,
  exponential,
  gamma,
  lognormal,
  scaled,
  uniform,
} from '../../simulator/distributions/index.js';
import { Streams } from '../../simulator/engine/random.js';
import {
  erlangCdf,
  exponentialCdf,
  gammaCdf,
  linearEmpiricalCdf,
  lognormalCdf,
  uniformCdf,
} from './support/special.js';
import {
  chiSquareTest,
  draw,
  ksCritical,
  ksStatistic,
  meanZ,
  populationKurtosis,
  varianceZ,
} from './support/statistics.js';

const N = 200_000;
const Z_LIMIT = 4;
const ALPHA = 0.001;

/** Observed handle times in seconds, with a tie (240) so resampling weights must double it. */
const HANDLE_TIMES = [95, 120, 130, 180, 210, 240, 240, 300, 420, 660, 900];
/** Distinct values for the continuous interpolated law (a tie would make an atom). */
const DISTINCT_TIMES = [95, 120, 130, 180, 210, 240, 300, 420, 660, 900];

/** Kurtosis μ₄/σ⁴ of the gamma law with this cv (excess 6/shape = 6cv²). */
const gammaKurtosis = (cv: number) => 3 + 6 * cv * cv;

/** Kurtosis of the lognormal: w⁴ + 2w³ + 3w² − 3 with w = e^(σ²) = 1 + cv². */
const lognormalKurtosis = (cv: number) => {
  const w = 1 + cv * cv;
  return w ** 4 + 2 * w ** 3 + 3 * w ** 2 - 3;
};

/**
 * Kurtosis of the piecewise-linear empirical law: each gap [a, b] carries mass
 * 1/(n − 1) spread uniformly, so E[(X − m)^j] sums ((b − m)^(j+1) − (a − m)^(j+1)) /
 * ((j + 1)(b − a)) over the gaps. Computed here from scratch, with its own mean.
 */
function linearEmpiricalKurtosis(values: readonly number[]): number {
  const x = [...values].sort((a, b) => a - b);
  const gaps = x.length - 1;
  const moment = (j: number, m: number) => {
    let s = 0;
    for (let i = 0; i < gaps; i++) {
      const a = x[i] - m;
      const b = x[i + 1] - m;
      s += (b ** (j + 1) - a ** (j + 1)) / ((j + 1) * (b - a));
    }
    return s / gaps;
  };
  const m = moment(1, 0);
  return moment(4, m) / moment(2, m) ** 2;
}

interface LawCase {
  readonly name: string;
  readonly build: () => Distribution;
  readonly kurtosis: number;
  readonly support: readonly [number, number];
  readonly cdf?: (x: number) => number;
  readonly atoms?: { readonly values: readonly number[]; readonly weights: readonly number[] };
}

const CASES: readonly LawCase[] = [
  {
    name: 'exponential(mean=300)',
    build: () => exponential(300),
    kurtosis: 9,
    support: [0, Number.POSITIVE_INFINITY],
    cdf: exponentialCdf(300),
  },
  {
    name: 'erlang(mean=300, k=3), product of uniforms',
    build: () => erlang(300, 3),
    kurtosis: 3 + 6 / 3,
    support: [0, Number.POSITIVE_INFINITY],
    cdf: erlangCdf(300, 3),
  },
  {
    name: 'erlang(mean=300, k=40), Marsaglia–Tsang',
    build: () => erlang(300, 40),
    kurtosis: 3 + 6 / 40,
    support: [0, Number.POSITIVE_INFINITY],
    cdf: erlangCdf(300, 40),
  },
  {
    name: 'gamma(mean=300, cv=0.5)',
    build: () => gamma(300, 0.5),
    kurtosis: gammaKurtosis(0.5),
    support: [0, Number.POSITIVE_INFINITY],
    cdf: gammaCdf(300, 0.5),
  },
  {
    name: 'gamma(mean=300, cv=1) against the exponential CDF',
    build: () => gamma(300, 1),
    kurtosis: 9,
    support: [0, Number.POSITIVE_INFINITY],
    cdf: exponentialCdf(300),
  },
  {
    name: 'gamma(mean=300, cv=2), shape 1/4 with the boost',
    build: () => gamma(300, 2),
    kurtosis: gammaKurtosis(2),
    support: [0, Number.POSITIVE_INFINITY],
    cdf: gammaCdf(300, 2),
  },
  {
    name: 'lognormal(mean=300, cv=0.8)',
    build: () => lognormal(300, 0.8),
    kurtosis: lognormalKurtosis(0.8),
    support: [0, Number.POSITIVE_INFINITY],
    cdf: lognormalCdf(300, 0.8),
  },
  {
    name: 'lognormal(mean=300, cv=0.25)',
    build: () => lognormal(300, 0.25),
    kurtosis: lognormalKurtosis(0.25),
    support: [0, Number.POSITIVE_INFINITY],
    cdf: lognormalCdf(300, 0.25),
  },
  {
    name: 'uniform(min=60, max=180)',
    build: () => uniform(60, 180),
    kurtosis: 9 / 5,
    support: [60, 180],
    cdf: uniformCdf(60, 180),
  },
  {
    name: 'empirical(handle times), resampling',
    build: () => empirical(HANDLE_TIMES),
    kurtosis: populationKurtosis(HANDLE_TIMES),
    support: [95, 900],
    atoms: {
      values: [95, 120, 130, 180, 210, 240, 300, 420, 660, 900],
      weights: [1, 1, 1, 1, 1, 2, 1, 1, 1, 1].map((w) => w / HANDLE_TIMES.length),
    },
  },
  {
    name: 'empirical(distinct handle times, interpolate)',
    build: () => empirical(DISTINCT_TIMES, { interpolate: true }),
    kurtosis: linearEmpiricalKurtosis(DISTINCT_TIMES),
    support: [95, 900],
    cdf: linearEmpiricalCdf(DISTINCT_TIMES),
  },
  {
    name: 'scaled(gamma(mean=300, cv=0.8), 1.5) against gamma(mean=450, cv=0.8)',
    build: () => scaled(gamma(300, 0.8), 1.5),
    kurtosis: gammaKurtosis(0.8),
    support: [0, Number.POSITIVE_INFINITY],
    cdf: gammaCdf(450, 0.8),
  },
];

describe.each(CASES)('$name', (law) => {
  const dist = law.build();
  let xs: Float64Array;

  beforeAll(() => {
    xs = draw(dist, new Streams('distribution-laws').stream(law.name), N);
  });

  it('draws only finite values inside the support', () => {
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (const x of xs) {
      low = Math.min(low, x);
      high = Math.max(high, x);
    }
    expect(Number.isFinite(low) && Number.isFinite(high)).toBe(true);
    expect(low).toBeGreaterThanOrEqual(law.support[0]);
    expect(high).toBeLessThanOrEqual(law.support[1]);
  });

  it('has a sample mean within 4 standard errors of the theoretical mean', () => {
    expect(meanZ(xs, dist.mean, dist.variance)).toBeLessThan(Z_LIMIT);
  });

  it('has a sample variance within 4 standard errors of the theoretical variance', () => {
    expect(varianceZ(xs, dist.variance, law.kurtosis)).toBeLessThan(Z_LIMIT);
  });

  if (law.cdf) {
    const cdf = law.cdf;
    it('passes a Kolmogorov–Smirnov test against the exact CDF at the 0.001 level', () => {
      expect(ksStatistic(xs, cdf)).toBeLessThan(ksCritical(N, ALPHA));
    });
  }

  if (law.atoms) {
    const { values, weights } = law.atoms;
    it('passes a chi-square test on the frequency of each observed value at the 0.001 level', () => {
      const observed = values.map(() => 0);
      let unobserved = 0;
      for (const x of xs) {
        const i = values.indexOf(x);
        if (i < 0) unobserved++;
        else observed[i]++;
      }
      expect(unobserved).toBe(0);
      const { pValue } = chiSquareTest(
        observed,
        weights.map((w) => w * N),
      );
      expect(pValue).toBeGreaterThan(ALPHA);
    });
  }

  it('gives identical draws from the same stream seed and different ones from another stream', () => {
    const first = draw(dist, new Streams(7).stream('service'), 1000);
    const again = draw(dist, new Streams(7).stream('service'), 1000);
    const other = draw(dist, new Streams(7).stream('patience'), 1000);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });
});

/**
 * Reference special functions for the distribution tests: log-gamma, the
 * regularised incomplete gamma functions P(a, x) and Q(a, x), erf, and the exact
 * CDFs built from them. Written independently of the samplers (they share no
 * code with simulator/distributions) so that a test compares two different
 * computations of the same law. `support.test.ts` checks them against
 * published values and closed forms.
 */

/**
 * ln Γ(x) for x > 0 by the Lanczos approximation (g = 7, 9 terms), with the
 * reflection formula below 1/2; relative error about 1e-15.
 * Reference: C. Lanczos (1964), SIAM J. Numer. Anal. B 1, 86–96; coefficients
 * as tabulated by P. Godfrey.
 */
const LANCZOS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406,
  12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
];

export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-15;
const MAX_ITERATIONS = 100_000;

/** Series for P(a, x), converging fast for x < a + 1 (Numerical Recipes §6.2, gser). */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
}

/** Continued fraction for Q(a, x), for x >= a + 1, by modified Lentz (NR §6.2, gcf). */
function upperFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
}

/** Regularised lower incomplete gamma P(a, x) = γ(a, x)/Γ(a), a > 0, x >= 0. */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  return x < a + 1 ? lowerSeries(a, x) : 1 - upperFraction(a, x);
}

/** Regularised upper incomplete gamma Q(a, x) = 1 − P(a, x), accurate in the right tail. */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  return x < a + 1 ? 1 - lowerSeries(a, x) : upperFraction(a, x);
}

/** erf(x) = sign(x) · P(1/2, x²) (Abramowitz & Stegun 6.5.16). */
export function erf(x: number): number {
  const p = gammaP(0.5, x * x);
  return x < 0 ? -p : p;
}

/** Standard normal CDF Φ(z), accurate in both tails: Φ(z) = Q(1/2, z²/2)/2 for z < 0. */
export function normalCdf(z: number): number {
  const tail = 0.5 * gammaQ(0.5, 0.5 * z * z);
  return z < 0 ? tail : 1 - tail;
}

// ---- exact CDFs, parameterised like the factories ----

export const exponentialCdf = (mean: number) => (x: number) =>
  x <= 0 ? 0 : -Math.expm1(-x / mean);

/** Gamma by mean and cv: shape 1/cv², scale mean·cv². Erlang-k is cv = 1/√k. */
export const gammaCdf = (mean: number, cv: number) => {
  const shape = 1 / (cv * cv);
  const scale = mean * cv * cv;
  return (x: number) => gammaP(shape, x / scale);
};

export const erlangCdf = (mean: number, k: number) => (x: number) => gammaP(k, (x * k) / mean);

export const lognormalCdf = (mean: number, cv: number) => {
  const sigma2 = Math.log(1 + cv * cv);
  const sigma = Math.sqrt(sigma2);
  const mu = Math.log(mean) - sigma2 / 2;
  return (x: number) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma));
};

export const uniformCdf = (min: number, max: number) => (x: number) =>
  x <= min ? 0 : x >= max ? 1 : (x - min) / (max - min);

/** The piecewise-linear CDF through the sorted values at heights i/(n − 1). */
export const linearEmpiricalCdf = (values: readonly number[]) => {
  const x = [...values].sort((a, b) => a - b);
  const gaps = x.length - 1;
  return (v: number) => {
    if (v <= x[0]) return 0;
    if (v >= x[gaps]) return 1;
    let i = 0;
    while (x[i + 1] < v) i++;
    return (i + (v - x[i]) / (x[i + 1] - x[i])) / gaps;
  };
};

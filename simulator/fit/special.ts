/**
 * The special functions the estimators need and `simulator/stats` does not
 * have: digamma and trigamma (gamma MLE), the normal CDF and its log
 * survival (censored lognormal), chi-square quantiles (exact intervals for
 * exponential means and normal variances) and the Kolmogorov distribution
 * (the KS statistic's asymptotic p-value).
 *
 * References: J. M. Bernardo (1976), "Algorithm AS 103: psi (digamma)
 * function", Appl. Stat. 25:315 (recurrence to x ≥ 10, then the asymptotic
 * series); B. E. Schneider (1978), AS 121 (trigamma, the same scheme);
 * W. J. Cody (1969), rational Chebyshev approximations for erf/erfc, here in
 * the Numerical Recipes (3rd ed., §6.2.2) erfc form whose log is available
 * without underflow; E. B. Wilson & M. M. Hilferty (1931), the cube-root
 * normal approximation to chi-square, refined by Newton steps on the exact
 * CDF (regularised incomplete gamma); A. N. Kolmogorov (1933) and Marsaglia,
 * Tsang & Wang (2003) for Q_KS(λ) = 2 Σ (−1)^{k−1} e^{−2k²λ²}.
 */
import { regularizedGammaP } from '../analytic/incompleteGamma.js';
import { logGamma } from '../stats/logGamma.js';
import { normalQuantile } from '../stats/normalQuantile.js';

/**
 * ψ(x) = d/dx ln Γ(x) for x > 0: recurrence ψ(x) = ψ(x + 1) − 1/x up to
 * x ≥ 10, then ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ). Absolute error below 1e-13.
 *
 * @example
 * digamma(1); // -0.5772156649015329 (−γ, the Euler–Mascheroni constant)
 */
export function digamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`digamma: x must be > 0, got ${x}`);
  let result = 0;
  let y = x;
  while (y < 10) {
    result -= 1 / y;
    y += 1;
  }
  const r = 1 / (y * y);
  return (
    result +
    Math.log(y) -
    0.5 / y -
    r * (1 / 12 - r * (1 / 120 - r * (1 / 252 - r * (1 / 240 - r * (1 / 132)))))
  );
}

/**
 * ψ′(x), the trigamma function, for x > 0: recurrence ψ′(x) = ψ′(x + 1) + 1/x²
 * up to x ≥ 10, then 1/x + 1/(2x²) + Σ B₂ₖ/x²ᵏ⁺¹.
 *
 * @example
 * trigamma(1); // 1.6449340668482264 (π²/6)
 */
export function trigamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`trigamma: x must be > 0, got ${x}`);
  let result = 0;
  let y = x;
  while (y < 10) {
    result += 1 / (y * y);
    y += 1;
  }
  const r = 1 / (y * y);
  return (
    result +
    1 / y +
    r / 2 +
    (r / y) * (1 / 6 - r * (1 / 30 - r * (1 / 42 - r * (1 / 30 - r * (5 / 66)))))
  );
}

/** ln erfc(x) for x ≥ 0, from the Numerical Recipes form t·exp(−x² + P(t)) (relative error < 1.2e-7). */
function logErfcPositive(x: number): number {
  const t = 2 / (2 + x);
  const ty = 4 * t - 2;
  const cof = [
    -1.3026537197817094, 6.419697923564902e-1, 1.9476473204185836e-2, -9.561514786808631e-3,
    -9.46595344482036e-4, 3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5,
    -1.624290004647e-6, 1.30365583558e-6, 1.5626441722e-8, -8.5238095915e-8, 6.529054439e-9,
    5.059343495e-9, -9.91364156e-10, -2.27365122e-10, 9.6467911e-11, 2.394038e-12, -6.886027e-12,
    8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15, -1.523e-15, -9.4e-17, 1.21e-16,
    -2.8e-17,
  ];
  let d = 0;
  let dd = 0;
  for (let j = cof.length - 1; j > 0; j--) {
    const tmp = d;
    d = ty * d - dd + cof[j];
    dd = tmp;
  }
  return Math.log(t) - x * x + 0.5 * (cof[0] + ty * d) - dd;
}

/**
 * Φ(z), the standard normal CDF.
 *
 * @example
 * normalCdf(1.959963984540054); // 0.975 (to 1e-9)
 */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const half = 0.5 * Math.exp(logErfcPositive(x));
  return z >= 0 ? 1 - half : half;
}

/**
 * ln(1 − Φ(z)), without underflow or cancellation far in either tail (the
 * censored lognormal likelihood needs it at z = 10 and beyond).
 */
export function logNormalSurvival(z: number): number {
  if (z >= 0) return Math.log(0.5) + logErfcPositive(z / Math.SQRT2);
  return Math.log1p(-0.5 * Math.exp(logErfcPositive(-z / Math.SQRT2)));
}

/** ln φ(z), the log standard normal density. */
export function logNormalDensity(z: number): number {
  return -0.5 * z * z - 0.9189385332046728;
}

/**
 * The p-quantile of the chi-square distribution with `df` degrees of
 * freedom: Wilson–Hilferty's cube-root approximation, then Newton steps on
 * the exact CDF P(df/2, x/2) while df ≤ 2·10⁵ (beyond, Wilson–Hilferty alone
 * is accurate to better than 1e-7 relative).
 *
 * @throws {RangeError} for p outside (0, 1) or df ≤ 0
 * @example
 * chiSquareQuantile(0.975, 1); // 5.023886187314888
 * chiSquareQuantile(0.025, 10); // 3.246972780236841
 */
export function chiSquareQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`chiSquareQuantile: p must be in (0, 1), got ${p}`);
  if (!(df > 0)) throw new RangeError(`chiSquareQuantile: df must be > 0, got ${df}`);
  const z = normalQuantile(p);
  const h = 2 / (9 * df);
  let x = df * (1 - h + z * Math.sqrt(h)) ** 3;
  if (!(x > 0)) x = Math.max(1e-8, df * 1e-3);
  if (df > 2e5) return x;
  const a = df / 2;
  const logNorm = -logGamma(a) - a * Math.LN2;
  for (let i = 0; i < 60; i++) {
    const f = regularizedGammaP(a, x / 2) - p;
    const density = Math.exp(logNorm + (a - 1) * Math.log(x) - x / 2);
    if (!(density > 0)) break;
    let step = f / density;
    // Stay positive: never step past half the way to 0.
    if (x - step <= 0) step = x / 2;
    x -= step;
    if (Math.abs(step) < 1e-12 * x) break;
  }
  return x;
}

/**
 * The Kolmogorov distribution's upper tail Q(λ) = P(√n·D > λ) as n → ∞:
 * 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²} (1 for λ ≤ 0.2, where the series is slow
 * and the tail is 1 to 15 digits).
 *
 * @example
 * kolmogorovTail(1.358); // 0.05000...
 */
export function kolmogorovTail(lambda: number): number {
  if (lambda <= 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-16) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

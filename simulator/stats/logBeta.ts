/**
 * ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b) for a, b > 0.
 *
 * What: the log of the beta function, the normaliser of the beta and
 * Student t densities.
 *
 * Why this form: subtracting three log-gammas cancels catastrophically when
 * one argument is large: for the t distribution with ν = 10⁵, ln Γ(ν/2) ≈ 5·10⁵
 * while ln B(ν/2, ½) ≈ −4, so ten of the sixteen digits would be lost. When
 * the larger argument is ≥ 10, the Stirling terms are cancelled by hand
 * (as in R's `lbeta`) and only the small Stirling correction series is
 * differenced, so the result keeps full relative accuracy.
 *
 * References: R Core, `src/nmath/lbeta.c` (the same decomposition);
 * M. Abramowitz, I. A. Stegun (1964), 6.1.40–6.1.41 (Stirling series).
 *
 * @throws {RangeError} unless a and b are finite and > 0.
 * @example
 * logBeta(1, 1);     // 0 (B(1, 1) = 1)
 * logBeta(0.5, 0.5);   // 1.1447298858494008 (ln π = 1.14472988584940017…)
 * logBeta(50000, 0.5); // -4.837521699280441 (exact −4.83752169928044151…)
 */
import { logGamma } from './logGamma.js';

const HALF_LOG_TWO_PI = 0.9189385332046728;

/** ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π] for x ≥ 10, the Stirling series to x⁻¹¹ (error < 1e−16). */
function stirlingCorrection(x: number): number {
  const r = 1 / (x * x);
  return (
    (1 / 12 -
      r * (1 / 360 - r * (1 / 1260 - r * (1 / 1680 - r * (1 / 1188 - (r * 691) / 360360))))) /
    x
  );
}

export function logBeta(a: number, b: number): number {
  if (!(a > 0 && b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) {
    throw new RangeError(`logBeta: a and b must be finite and > 0, got a=${a}, b=${b}`);
  }
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  const share = p / (p + q);
  if (p >= 10) {
    const corr = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q);
    return (
      -0.5 * Math.log(q) +
      HALF_LOG_TWO_PI +
      corr +
      (p - 0.5) * Math.log(share) +
      q * Math.log1p(-share)
    );
  }
  if (q >= 10) {
    const corr = stirlingCorrection(q) - stirlingCorrection(p + q);
    return logGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-share);
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}

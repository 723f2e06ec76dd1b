/**
 * Square-root (Halfin–Whitt) staffing: n = A + β·√A, and the asymptotic
 * probability of waiting it gives, with and without abandonment.
 *
 * Why: the exact Erlang C / Erlang A searches in staffing.ts start here, so
 * that even at A = 4000 Erlangs they evaluate only a handful of n. The
 * approximations are good to about 0.01 at n in the hundreds and poor at
 * n ≈ 10 (semantics.md §5.2), so they are only ever used as seeds.
 *
 * Reference: Halfin & Whitt (1981), "Heavy-traffic limits for queues with many
 * exponential servers", Operations Research 29(3): P(W>0) → α(β) =
 * [1 + β·Φ(β)/φ(β)]⁻¹. Garnett, Mandelbaum & Reiman (2002), MSOM 4(3), with
 * abandonment: P(W>0) ≈ [1 + h(β·y)/(y·h(−β))]⁻¹, h(x) = φ(x)/(1 − Φ(x)),
 * y = √(μ/θ).
 *
 * Stable form: 1 − Φ(x) is computed as ½·erfc(x/√2) with an exp-based erfc
 * (relative error < 1.2e-7 in the far tail too), so h(x) keeps its relative
 * accuracy for large x instead of dividing by a cancelled 1 − Φ(x).
 */

/**
 * Staff level n = A + β·√A (not rounded).
 * @example
 * squareRootStaffing(100, 1); // 110
 */
export function squareRootStaffing(load: number, beta: number): number {
  return load + beta * Math.sqrt(load);
}

/**
 * Halfin–Whitt limit α(β) of the Erlang C delay probability at n = A + β√A;
 * 1 for β ≤ 0 (no stable Erlang C system).
 * @example
 * halfinWhittDelay(1); // 0.2233612763372558
 */
export function halfinWhittDelay(beta: number): number {
  if (!(beta > 0)) return 1;
  return 1 / (1 + (beta * normalCdf(beta)) / normalPdf(beta));
}

/**
 * Garnett–Mandelbaum–Reiman approximation of the Erlang A delay probability at
 * n = A + β√A, for any real β; `serviceToPatience` is μ/θ (mean patience ÷ AHT).
 * @example
 * garnettDelay(0, 1); // 0.5
 */
export function garnettDelay(beta: number, serviceToPatience: number): number {
  const y = Math.sqrt(serviceToPatience);
  return 1 / (1 + hazard(beta * y) / (y * hazard(-beta)));
}

/** Standard normal density φ(x). */
function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** Standard normal CDF Φ(x) = ½·erfc(−x/√2). */
function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Normal hazard h(x) = φ(x)/(1 − Φ(x)), with 1 − Φ(x) = ½·erfc(x/√2). */
function hazard(x: number): number {
  return normalPdf(x) / (0.5 * erfc(x / Math.SQRT2));
}

/** erfc by the Chebyshev fit of Numerical Recipes 2nd ed. §6.2 (relative error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

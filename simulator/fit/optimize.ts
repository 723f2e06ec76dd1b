/**
 * Small numerical tools for the likelihoods that have no closed form (the
 * censored Weibull and lognormal): Nelder–Mead minimisation, golden-section
 * search, and Wald intervals from a finite-difference Hessian with the delta
 * method.
 *
 * References: J. A. Nelder & R. Mead (1965), Computer Journal 7:308–313, with
 * the standard coefficients (reflection 1, expansion 2, contraction ½,
 * shrink ½); J. Kiefer (1953) for golden-section search; the observed
 * information and the delta method as in Casella & Berger (2002), §10.1.
 */

/** Minimises f from x0 (steps `scale` along each axis for the first simplex). */
export function nelderMead(
  f: (x: number[]) => number,
  x0: number[],
  scale: number[],
  { maxIterations = 2000, tolerance = 1e-10 } = {},
): { x: number[]; value: number } {
  const d = x0.length;
  let simplex = [x0, ...x0.map((_, i) => x0.map((v, j) => (i === j ? v + scale[i] : v)))];
  let values = simplex.map(f);
  for (let iter = 0; iter < maxIterations; iter++) {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    simplex = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    if (Math.abs(values[d] - values[0]) <= tolerance * (Math.abs(values[0]) + tolerance)) break;
    const centroid = x0.map((_, j) => simplex.slice(0, d).reduce((s, p) => s + p[j], 0) / d);
    const along = (t: number) => centroid.map((c, j) => c + t * (simplex[d][j] - c));
    const reflected = along(-1);
    const fr = f(reflected);
    if (fr < values[0]) {
      const expanded = along(-2);
      const fe = f(expanded);
      if (fe < fr) {
        simplex[d] = expanded;
        values[d] = fe;
      } else {
        simplex[d] = reflected;
        values[d] = fr;
      }
    } else if (fr < values[d - 1]) {
      simplex[d] = reflected;
      values[d] = fr;
    } else {
      const contracted = fr < values[d] ? along(-0.5) : along(0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, values[d])) {
        simplex[d] = contracted;
        values[d] = fc;
      } else {
        for (let i = 1; i <= d; i++) {
          simplex[i] = simplex[i].map((v, j) => simplex[0][j] + 0.5 * (v - simplex[0][j]));
          values[i] = f(simplex[i]);
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i <= d; i++) if (values[i] < values[best]) best = i;
  return { x: simplex[best], value: values[best] };
}

/** Minimises a unimodal f on [a, b]. */
export function goldenSection(f: (x: number) => number, a: number, b: number, tolerance = 1e-9) {
  const r = (Math.sqrt(5) - 1) / 2;
  let lo = a;
  let hi = b;
  let x1 = hi - r * (hi - lo);
  let x2 = lo + r * (hi - lo);
  let f1 = f(x1);
  let f2 = f(x2);
  while (hi - lo > tolerance * (Math.abs(lo) + Math.abs(hi) + tolerance)) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - r * (hi - lo);
      f1 = f(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + r * (hi - lo);
      f2 = f(x2);
    }
  }
  return f1 < f2 ? { x: x1, value: f1 } : { x: x2, value: f2 };
}

/**
 * The standard error of g(θ̂) where θ̂ minimises the negative log-likelihood
 * `nll`: the inverse of the finite-difference Hessian (observed information)
 * sandwiched by g's numerical gradient. NaN when the Hessian is not positive
 * definite.
 */
export function deltaMethodSe(
  nll: (x: number[]) => number,
  at: number[],
  g: (x: number[]) => number,
): number {
  const d = at.length;
  const h = at.map((v) => 1e-4 * Math.max(1, Math.abs(v)));
  const shifted = (i: number, di: number, j: number, dj: number) =>
    nll(at.map((v, k) => v + (k === i ? di * h[i] : 0) + (k === j ? dj * h[j] : 0)));
  const f0 = nll(at);
  const H: number[][] = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    H[i][i] = (shifted(i, 1, -1, 0) - 2 * f0 + shifted(i, -1, -1, 0)) / (h[i] * h[i]);
    for (let j = i + 1; j < d; j++) {
      H[i][j] =
        (shifted(i, 1, j, 1) -
          shifted(i, 1, j, -1) -
          shifted(i, -1, j, 1) +
          shifted(i, -1, j, -1)) /
        (4 * h[i] * h[j]);
      H[j][i] = H[i][j];
    }
  }
  const inverse = invert(H);
  if (!inverse) return Number.NaN;
  const grad = at.map((_, i) => {
    const up = at.map((v, k) => (k === i ? v + h[i] : v));
    const down = at.map((v, k) => (k === i ? v - h[i] : v));
    return (g(up) - g(down)) / (2 * h[i]);
  });
  let variance = 0;
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) variance += grad[i] * inverse[i][j] * grad[j];
  return variance > 0 ? Math.sqrt(variance) : Number.NaN;
}

/** Inverse of a small symmetric positive-definite matrix by Gauss–Jordan; undefined if singular or indefinite. */
function invert(m: number[][]): number[][] | undefined {
  const d = m.length;
  const a = m.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < d; c++) {
    let pivot = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
    if (!(Math.abs(a[pivot][c]) > 1e-300)) return undefined;
    [a[c], a[pivot]] = [a[pivot], a[c]];
    const p = a[c][c];
    for (let j = 0; j < 2 * d; j++) a[c][j] /= p;
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const factor = a[r][c];
      for (let j = 0; j < 2 * d; j++) a[r][j] -= factor * a[c][j];
    }
  }
  const inverse = a.map((row) => row.slice(d));
  for (let i = 0; i < d; i++) if (!(inverse[i][i] > 0)) return undefined;
  return inverse;
}

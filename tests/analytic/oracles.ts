/**
 * Independent reference computations for the analytic tests. They share no
 * code with simulator/analytic: brute-force sums over an explicit state space,
 * solved in log space, which are slow but follow the model's definition
 * directly (birth–death balance, a tagged customer's absorbing chain, Poisson
 * sums, numerical quadrature).
 */
import { expect } from 'vitest';

/** ln Σ exp(v) over the values. */
export function logSumExp(values: number[]): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > max) max = v;
  if (max === Number.NEGATIVE_INFINITY) return max;
  let s = 0;
  for (const v of values) s += Math.exp(v - max);
  return max + Math.log(s);
}

/**
 * Stationary distribution of a birth–death chain on states 0..maxState from
 * detailed balance π_k·birth(k) = π_{k+1}·death(k+1), in log space.
 */
export function birthDeathStationary(
  birth: (k: number) => number,
  death: (k: number) => number,
  maxState: number,
): number[] {
  const logs = [0];
  for (let k = 1; k <= maxState; k++) {
    logs.push(logs[k - 1] + Math.log(birth(k - 1)) - Math.log(death(k)));
  }
  const z = logSumExp(logs);
  return logs.map((l) => Math.exp(l - z));
}

/** The exact Erlang A (M/M/n+M) chain, truncated where the tail is far below 1e-16. */
export function erlangAChain(lambda: number, mu: number, theta: number, n: number): number[] {
  // Beyond n the death rate grows by θ per state, so the tail decays like a Poisson(λ/θ) one.
  const extra = Math.ceil(
    Math.max(0, lambda - n * mu) / theta + 20 * Math.sqrt(lambda / theta) + 200,
  );
  return birthDeathStationary(
    () => lambda,
    (k) => Math.min(k, n) * mu + Math.max(k - n, 0) * theta,
    n + extra,
  );
}

/** The exact M/M/c/K chain. */
export function mmckChain(lambda: number, mu: number, c: number, capacity: number): number[] {
  return birthDeathStationary(
    () => lambda,
    (k) => Math.min(k, c) * mu,
    capacity,
  );
}

/** The M/M/c (Erlang C) chain truncated far into its geometric tail (requires λ < cμ). */
export function mmcChain(lambda: number, mu: number, c: number): number[] {
  const rho = lambda / (c * mu);
  const extra = Math.ceil(Math.log(1e-20) / Math.log(rho)) + 50;
  return mmckChain(lambda, mu, c, c + extra);
}

/** Erlang B by its definition (A^c/c!)/Σ_{k≤c} A^k/k!, in log space. */
export function erlangBDirect(c: number, load: number): number {
  const logs: number[] = [];
  let lf = 0; // ln k!
  for (let k = 0; k <= c; k++) {
    if (k > 0) lf += Math.log(k);
    logs.push(k * Math.log(load) - lf);
  }
  return Math.exp(logs[c] - logSumExp(logs));
}

/**
 * Erlang B for an integer load, exactly: A^c / Σ_{k≤c} A^k·c!/k! in BigInt
 * arithmetic, rounded once to a double at the end.
 */
export function erlangBExact(c: number, load: number): number {
  if (!Number.isInteger(load)) throw new Error('erlangBExact needs an integer load');
  const a = BigInt(load);
  let den = 0n;
  let fallingFactor = 1n; // c!/k! for k = c, c−1, …
  let power = a ** BigInt(c); // A^k for k = c, c−1, …
  const num = power;
  for (let k = c; k >= 0; k--) {
    den += power * fallingFactor;
    if (k > 0) {
      fallingFactor *= BigInt(k);
      power = a === 0n ? 0n : power / a;
    }
  }
  if (num === 0n) return 0;
  // Scale so that the integer quotient has ≥ 64 significant bits, then divide once.
  const shift = BigInt(Math.max(0, den.toString(2).length - num.toString(2).length + 64));
  return Number((num << shift) / den) / 2 ** Number(shift);
}

/**
 * P(Poisson(mean) ≤ k) by summing mean^j/j! in linear space with exact
 * power-of-two rescaling, multiplied by e^{−mean} once at the end in logs:
 * relative error about k·1e-16 + mean·1e-16 (a log-space recursion would
 * accumulate k roundings of numbers as large as the mean).
 */
export function poissonCdf(mean: number, k: number): number {
  if (mean === 0) return 1;
  const scale = 2 ** -600;
  let term = 1;
  let sum = 1;
  let rescales = 0;
  for (let j = 1; j <= k; j++) {
    term *= mean / j;
    sum += term;
    if (sum > 2 ** 600) {
      term *= scale;
      sum *= scale;
      rescales++;
    }
  }
  return Math.exp(Math.log(sum) + rescales * 600 * Math.LN2 - mean);
}

/** Poisson(mean) probabilities for k = 0..maxK, by log-space recursion. */
export function poissonPmf(mean: number, maxK: number): number[] {
  const out: number[] = [];
  let lp = -mean;
  for (let k = 0; k <= maxK; k++) {
    if (k > 0) lp += Math.log(mean) - Math.log(k);
    out.push(Math.exp(lp));
  }
  return out;
}

/**
 * P(served within t | j customers ahead on arrival), j = 0..maxAhead, for a
 * tagged customer in an M/M/c+M queue (θ = 0 for no abandonment): with i ahead
 * the tagged customer advances at rate cμ + iθ (a service completion or one of
 * those ahead abandoning), reaches an agent from i = 0 at rate cμ, and
 * abandons at rate θ. Solved by uniformization with the absorbing chain.
 */
export function taggedServedWithin(
  c: number,
  mu: number,
  theta: number,
  maxAhead: number,
  t: number,
): number[] {
  const rate = c * mu + (maxAhead + 1) * theta;
  const lt = rate * t;
  const steps = Math.ceil(lt + 15 * Math.sqrt(lt) + 40);
  let served = new Array<number>(maxAhead + 1).fill(0); // P(served within k steps | start j)
  const out = new Array<number>(maxAhead + 1).fill(0);
  let logWeight = -lt; // ln P(Poisson(lt) = k)
  for (let k = 0; k <= steps; k++) {
    if (k > 0) {
      logWeight += Math.log(lt) - Math.log(k);
      const next = new Array<number>(maxAhead + 1);
      for (let j = 0; j <= maxAhead; j++) {
        const advance = (c * mu + j * theta) / rate;
        const stay = 1 - advance - theta / rate;
        next[j] = advance * (j === 0 ? 1 : served[j - 1]) + stay * served[j];
      }
      served = next;
    }
    const w = Math.exp(logWeight);
    for (let j = 0; j <= maxAhead; j++) out[j] += w * served[j];
  }
  return out;
}

/** Adaptive Simpson quadrature of f over [a, b] to absolute tolerance `tol`. */
export function integrate(f: (x: number) => number, a: number, b: number, tol = 1e-12): number {
  const fa = f(a);
  const fb = f(b);
  const m = 0.5 * (a + b);
  const fm = f(m);
  const whole = ((b - a) / 6) * (fa + 4 * fm + fb);
  return simpson(f, a, b, fa, fm, fb, whole, tol, 50);
}

function simpson(
  f: (x: number) => number,
  a: number,
  b: number,
  fa: number,
  fm: number,
  fb: number,
  whole: number,
  tol: number,
  depth: number,
): number {
  const m = 0.5 * (a + b);
  const lm = 0.5 * (a + m);
  const rm = 0.5 * (m + b);
  const flm = f(lm);
  const frm = f(rm);
  const left = ((m - a) / 6) * (fa + 4 * flm + fm);
  const right = ((b - m) / 6) * (fm + 4 * frm + fb);
  const delta = left + right - whole;
  if (depth <= 0 || Math.abs(delta) <= 15 * tol) return left + right + delta / 15;
  return (
    simpson(f, a, m, fa, flm, fm, left, tol / 2, depth - 1) +
    simpson(f, m, b, fm, frm, fb, right, tol / 2, depth - 1)
  );
}

/**
 * Asserts |actual − expected| ≤ rel·|expected| + abs, naming `label` on failure.
 */
export function expectNear(
  actual: number,
  expected: number,
  rel: number,
  abs = 0,
  label = '',
): void {
  const allowed = rel * Math.abs(expected) + abs;
  expect(
    Math.abs(actual - expected),
    `${label}: got ${actual}, expected ${expected} (±${allowed})`,
  ).toBeLessThanOrEqual(allowed);
}

import { erlangBUnchecked } from './erlangB.js';
import { type GammaSeries, gammaSeries } from './incompleteGamma.js';
import { checkCount, checkNonNegativeRate, checkPositiveRate, checkTime } from './validate.js';

/**
 * Erlang A (Palm's M/M/n+M): n agents, Poisson arrivals λ, exponential
 * handling μ = 1/AHT, and customers who abandon after an exponential patience
 * with rate θ = 1/mean patience while they wait.
 *
 * Why: real queues lose impatient customers, so Erlang C overstates waits and
 * cannot be used at all when λ/(nμ) ≥ 1; Erlang A is stable at any load and is
 * the reference the simulator's abandonment model must reproduce.
 *
 * Reference: Palm (1943); Garnett, Mandelbaum & Reiman (2002), "Designing a
 * call center with impatient customers", MSOM 4(3); Mandelbaum & Zeltyn,
 * "The Erlang-A / Palm model: formulae" (Technion note). The closed forms and
 * the service-level definition are those of semantics.md §5.3, where they
 * were checked against an exact birth–death chain and pyworkforce
 * (SL(20 s) = 0.916792 for 100 calls/30 min, AHT 3 min, patience 5 min, 14 agents).
 *
 * Notation: x = nμ/θ, y = λ/θ, E = B(n, λ/μ) (Erlang B) and
 * A(x, y) = Σ_{j≥0} y^j / ((x+1)…(x+j)) = x·e^y·y^{−x}·γ(x, y); the terms
 * t_j = π_{n+j}/π_n are the stationary queue-length probabilities relative to
 * the all-busy state, and D(y) = Σ j·t_j / Σ t_j is E[queue | all busy].
 *
 * - P(W > 0) = A·E / (1 + (A − 1)·E)
 * - P(Ab) = P(W > 0)·D(y)/y (the stable form of P(Ab | W>0) = 1/(ρA) + 1 − 1/ρ)
 * - E[W] = P(Ab)/θ, L_q = λ·E[W] = P(W>0)·D(y), occupancy = λ(1 − P(Ab))/(nμ)
 * - offered wait V (time to reach an agent ignoring one's own patience), with
 *   z = y·e^{−θt} and R(t) = γ(x, z)/γ(x, y):
 *   P(V > t) = P(W > 0)·R(t); the actual wait W = min(V, patience) has
 *   P(W > t) = e^{−θt}·P(V > t)
 * - abandoned by t: ∫₀ᵗ θe^{−θs}·P(V>s) ds = P(W>0)·(D(y) − R(t)·D(z))/y.
 *   This closed form follows from ∫γ(x,w)dw = w·γ(x,w) − γ(x+1,w); it
 *   replaces quadrature, so it has no discretisation error (the tests check it
 *   against adaptive quadrature to 1e-9 relative).
 * - answered within t (abandoners count as failures):
 *   SL(t) = 1 − P(W > t) − abandoned by t.
 * - mean wait of the served: a customer who finds j others queued is served
 *   with probability x/(x+j+1) and, if served, waited Σ_{i=1}^{j+1} 1/(θ(x+i))
 *   on average (competing exponential clocks), summed over the queue-length
 *   distribution.
 *
 * Stable forms and why:
 * - A(x, y) is carried as ln A ({@link gammaSeries}): at n = 5000 and
 *   λ/(nμ) = 1.5 it is e^{478} with θ = μ and e^{951} with θ = μ/2, past the
 *   double range (e^{709}); P(W>0) is formed as
 *   1 / (1 + (1−E)/(E·A)) in logs, which also handles E underflowing to 0.
 * - P(Ab | W>0) = 1/(ρA) + 1 − 1/ρ subtracts numbers near 1 when customers are
 *   patient (it is ~θ·E[wait]); D(y)/y sums positive terms instead.
 * - R(t) = exp(ln A(x,z) − ln A(x,y) + y(1 − e^{−θt}) − nμt) with
 *   1 − e^{−θt} from expm1, so no γ is ever formed (they underflow for large x).
 * - the served-wait sum is a scaled birth–death sum: it starts at the mode of
 *   the queue-length terms with that term set to 1 (the scale cancels in the
 *   ratio, so nothing overflows) and walks outwards until rigorous geometric
 *   tail bounds fall below 1e-16, about 10·√(λ/θ) terms at any load.
 */

/** Input of {@link erlangAMeasures}. All rates share one time unit (e.g. per second). */
export interface ErlangAParams {
  /** λ, arrivals per unit time (≥ 0). */
  arrivalRate: number;
  /** μ = 1/AHT (> 0). */
  serviceRate: number;
  /** θ = 1/mean patience (> 0); for customers who never abandon use erlangCMeasures. */
  patienceRate: number;
  /** n, a whole number ≥ 1; may be below λ/μ. */
  servers: number;
  /** Service-level threshold t (≥ 0) in the same time unit; omit for no service level. */
  target?: number;
}

/** Output of {@link erlangAMeasures}. Times are in the rates' time unit. */
export interface ErlangAMeasures {
  /** P(W > 0): the arrival finds every agent busy and queues. */
  pWait: number;
  /** P(Ab): the arrival abandons before reaching an agent. */
  pAbandon: number;
  /** E[W] over ALL arrivals (abandoners count with the time they waited) = P(Ab)/θ. */
  asa: number;
  /** E[W | served]: mean wait of the customers who reached an agent. */
  asaServed: number;
  /** Answered within `target` ÷ all arrivals (abandoners are failures); undefined without a target. */
  serviceLevel: number | undefined;
  /** Answered within `target` ÷ answered; undefined without a target. */
  serviceLevelServed: number | undefined;
  /** Agent occupancy λ(1 − P(Ab))/(nμ). */
  occupancy: number;
  /** Mean number waiting L_q = λ·E[W]. */
  meanQueueLength: number;
}

/** Wait-time distribution of {@link erlangAWaitAt} at one time t. */
export interface ErlangAWaitAt {
  /** P(V > t), V the offered wait (time to reach an agent ignoring one's own patience). */
  pOfferedWaitAbove: number;
  /** P(W > t), W = min(V, patience) the time actually spent waiting. */
  pWaitAbove: number;
  /** P(abandoned within t) = ∫₀ᵗ θe^{−θs}P(V>s)ds. */
  pAbandonedBy: number;
  /** P(answered within t) = 1 − P(W > t) − P(abandoned within t), over all arrivals. */
  pAnsweredWithin: number;
}

/**
 * Every Erlang A measure at once: probability of waiting, of abandoning, mean
 * waits (all arrivals and served only), service levels (over all arrivals and
 * over the answered), occupancy and mean queue length. Valid at any load,
 * including λ > nμ, and for n from 1 to several thousand.
 *
 * @throws {RangeError} for a negative/NaN arrival rate, a service or patience rate that is not
 *   positive and finite, servers not a whole number ≥ 1, or a negative target.
 * @example
 * // pyworkforce's case: 100 calls/30 min, AHT 3 min, patience 5 min, 14 agents, 20 s (per minute)
 * erlangAMeasures({ arrivalRate: 100 / 30, serviceRate: 1 / 3, patienceRate: 1 / 5, servers: 14, target: 1 / 3 });
 * // { pWait: 0.1452601142963614, pAbandon: 0.013983744122408964, asa: 0.06991872061204482,
 * //   asaServed: 0.06464133407535048, serviceLevel: 0.9167920918635467,
 * //   serviceLevelServed: 0.9297940945685198, occupancy: 0.7042973256268509,
 * //   meanQueueLength: 0.2330624020401494 }
 */
export function erlangAMeasures(p: ErlangAParams): ErlangAMeasures {
  const fn = 'erlangAMeasures';
  const core = prepare(fn, p);
  const target = p.target === undefined ? undefined : checkTime(fn, 'target', p.target);
  const { lambda, theta, n, mu, x, y, pWait, gy } = core;
  if (pWait === 0) {
    const sl = target === undefined ? undefined : 1;
    return {
      pWait: 0,
      pAbandon: 0,
      asa: 0,
      asaServed: 0,
      serviceLevel: sl,
      serviceLevelServed: sl,
      occupancy: lambda / (n * mu),
      meanQueueLength: 0,
    };
  }
  const pAbandon = Math.min(1, (pWait * gy.mean) / y);
  const pServed = 1 - pAbandon;
  const asa = pAbandon / theta;
  const asaServed = (pWait * servedWaitFactor(x, y)) / theta / pServed;
  let serviceLevel: number | undefined;
  let serviceLevelServed: number | undefined;
  if (target !== undefined) {
    serviceLevel = waitAt(core, target).pAnsweredWithin;
    serviceLevelServed = Math.min(1, serviceLevel / pServed);
  }
  return {
    pWait,
    pAbandon,
    asa,
    asaServed,
    serviceLevel,
    serviceLevelServed,
    occupancy: Math.min(1, (lambda * pServed) / (n * mu)),
    meanQueueLength: pWait * gy.mean,
  };
}

/**
 * The Erlang A wait-time distribution at one time `t`: offered wait tail,
 * actual wait tail, abandoned-by-t and answered-within-t (see the module
 * comment for the closed forms).
 *
 * @throws {RangeError} as {@link erlangAMeasures}, and if `t` is negative or NaN.
 * @example
 * erlangAWaitAt({ arrivalRate: 100 / 30, serviceRate: 1 / 3, patienceRate: 1 / 5, servers: 14 }, 1 / 3);
 * // { pOfferedWaitAbove: 0.08128637620240169, pWaitAbove: 0.07604397272525465,
 * //   pAbandonedBy: 0.007163935411198618, pAnsweredWithin: 0.9167920918635467 }
 */
export function erlangAWaitAt(p: Omit<ErlangAParams, 'target'>, t: number): ErlangAWaitAt {
  const fn = 'erlangAWaitAt';
  const core = prepare(fn, p);
  return waitAt(core, checkTime(fn, 't', t));
}

interface Core {
  lambda: number;
  mu: number;
  theta: number;
  n: number;
  x: number;
  y: number;
  pWait: number;
  gy: GammaSeries;
}

function prepare(fn: string, p: Omit<ErlangAParams, 'target'>): Core {
  const lambda = checkNonNegativeRate(fn, 'arrivalRate', p.arrivalRate);
  const mu = checkPositiveRate(fn, 'serviceRate', p.serviceRate);
  const theta = checkPositiveRate(
    fn,
    'patienceRate',
    p.patienceRate,
    ' (1/mean patience; for customers who never abandon use erlangCMeasures)',
  );
  const n = checkCount(fn, 'servers', p.servers);
  const x = (n * mu) / theta;
  const y = lambda / theta;
  if (lambda === 0) {
    return { lambda, mu, theta, n, x, y, pWait: 0, gy: { logSum: 0, mean: 0 } };
  }
  const e = erlangBUnchecked(n, lambda / mu);
  const gy = gammaSeries(x, y);
  // P(W>0) = 1 / (1 + (1 − E)/(E·A)), the ratio formed in logs (E may underflow, A overflow).
  const pWait = 1 / (1 + Math.exp(Math.log1p(-e) - Math.log(e) - gy.logSum));
  return { lambda, mu, theta, n, x, y, pWait, gy };
}

function waitAt(core: Core, t: number): ErlangAWaitAt {
  const { theta, n, mu, x, y, pWait, gy } = core;
  if (pWait === 0) {
    return { pOfferedWaitAbove: 0, pWaitAbove: 0, pAbandonedBy: 0, pAnsweredWithin: 1 };
  }
  const u = Math.exp(-theta * t);
  const z = y * u;
  const gz = gammaSeries(x, z);
  // R = γ(x, z)/γ(x, y) = [A(x,z) e^{−z} z^x] / [A(x,y) e^{−y} y^x], z/y = e^{−θt}, x·θt = nμt.
  const logR = gz.logSum - gy.logSum - y * Math.expm1(-theta * t) - n * mu * t;
  const r = Math.min(1, Math.exp(logR));
  const pOfferedWaitAbove = pWait * r;
  const pWaitAbove = u * pOfferedWaitAbove;
  const pAbandonedBy = (pWait * Math.max(0, gy.mean - r * gz.mean)) / y;
  const answered = 1 - pWaitAbove - pAbandonedBy;
  return {
    pOfferedWaitAbove,
    pWaitAbove,
    pAbandonedBy,
    pAnsweredWithin: Math.min(1, Math.max(0, answered)),
  };
}

const MAX_TERMS = 50_000_000;

/**
 * θ·E[W; served | W > 0] = Σ_j t_j·(x/(x+j+1))·H_j / Σ_j t_j, where
 * H_j = Σ_{i=1}^{j+1} 1/(x+i) and t_j = y^j/((x+1)…(x+j)).
 * The terms rise until the mode j₀ = ⌊y − x⌋⁺ and fall faster than
 * geometrically on both sides, so the sum starts at the mode with t_{j₀} := 1
 * (the common scale cancels in the ratio) and walks outwards until the
 * geometric tail bounds drop below 1e-16: about 10·√y terms whatever the load.
 */
function servedWaitFactor(x: number, y: number): number {
  const j0 = Math.max(0, Math.floor(y - x));
  const h0 = harmonicShift(x, j0 + 1);
  let sum = 1;
  let acc = (x / (x + j0 + 1)) * h0;
  // Upwards: t_j = t_{j−1}·y/(x+j), ratio below one past the mode.
  let term = 1;
  let h = h0;
  for (let j = j0 + 1; ; j++) {
    if (j - j0 > MAX_TERMS) throw tooManyTerms(x, y);
    term *= y / (x + j);
    h += 1 / (x + j + 1);
    sum += term;
    acc += term * (x / (x + j + 1)) * h;
    const r = y / (x + j + 1);
    // Later terms shrink at least by r per step; their factor is ≤ h + (k−j)/(x+j+2).
    const tail = (term * r) / (1 - r);
    const accTail = term * ((h * r) / (1 - r) + r / ((1 - r) * (1 - r) * (x + j + 2)));
    if (tail <= 1e-16 * sum && accTail <= 1e-16 * acc) break;
  }
  // Downwards: t_j = t_{j+1}·(x+j+1)/y and H_j = H_{j+1} − 1/(x+j+2), ratio (x+j)/y < 1.
  term = 1;
  h = h0;
  for (let j = j0 - 1; j >= 0; j--) {
    if (j0 - j > MAX_TERMS) throw tooManyTerms(x, y);
    term *= (x + j + 1) / y;
    h -= 1 / (x + j + 2);
    sum += term;
    acc += term * (x / (x + j + 1)) * h;
    const q = (x + j) / y;
    const tail = (term * q) / (1 - q);
    if (tail <= 1e-16 * sum && tail * h <= 1e-16 * acc) break;
  }
  return acc / sum;
}

/**
 * Σ_{i=1}^{m} 1/(x+i) = ψ(x+m+1) − ψ(x+1): summed directly for m ≤ 1000,
 * otherwise by the digamma asymptotic series (Abramowitz & Stegun 6.3.18)
 * after shifting the smaller argument to ≥ 20 with ψ(b) = ψ(b+1) − 1/b.
 */
function harmonicShift(x: number, m: number): number {
  if (m <= 1000) {
    let s = 0;
    for (let i = 1; i <= m; i++) s += 1 / (x + i);
    return s;
  }
  let b = x + 1;
  let shift = 0;
  while (b < 20) {
    shift += 1 / b;
    b += 1;
  }
  const a = x + m + 1;
  return Math.log(a / b) - digammaTail(a) + digammaTail(b) + shift;
}

/** ln x − ψ(x) for x ≥ 20: 1/(2x) + 1/(12x²) − 1/(120x⁴) + 1/(252x⁶) − 1/(240x⁸) + 1/(132x¹⁰). */
function digammaTail(x: number): number {
  const r2 = 1 / (x * x);
  return 0.5 / x + r2 * (1 / 12 - r2 * (1 / 120 - r2 * (1 / 252 - r2 * (1 / 240 - r2 / 132))));
}

function tooManyTerms(x: number, y: number): RangeError {
  return new RangeError(
    `erlangAMeasures: λ/θ = ${y} and nμ/θ = ${x} are too large for the served-wait sum ` +
      `(over ${MAX_TERMS} terms); check that patienceRate uses the same time unit as arrivalRate`,
  );
}

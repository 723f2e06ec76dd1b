/**
 * The stress test's ramp and its reading: a stepped open-model ramp (each
 * step a short climb to a rate, then a hold), the step a moment belongs to,
 * and the breaking point — the first rate at which the helpdesk's latency or
 * error rate crosses its limit.
 *
 * Pure, no imports: k6 and Node both load it.
 */

export interface RampStep {
  /** Target arrival rate of the step, per second. */
  rate: number;
  /** ms from the scenario start when the step's hold begins and ends. */
  holdFrom: number;
  holdTo: number;
}

export interface Ramp {
  /** k6 `ramping-arrival-rate` stages (durations as k6 strings). */
  stages: Array<{ duration: string; target: number }>;
  steps: RampStep[];
  /** Total length, ms. */
  durationMs: number;
}

/**
 * A ramp from `from` to `to` per second in `steps` equal steps, each climbing
 * for `climbMs` and holding for `holdMs`. Only the holds are measured.
 *
 * @throws RangeError for rates that are not positive and increasing, or bad lengths.
 * @example stressRamp(1, 3, 3, 1000, 4000).stages
 * // [{duration:'1000ms',target:1},{duration:'4000ms',target:1},{duration:'1000ms',target:2},…]
 */
export function stressRamp(
  from: number,
  to: number,
  steps: number,
  climbMs: number,
  holdMs: number,
): Ramp {
  if (!(from > 0 && to >= from))
    throw new RangeError(`rates must satisfy 0 < from ≤ to (${from}, ${to})`);
  if (!(Number.isInteger(steps) && steps >= 1 && steps <= 100)) {
    throw new RangeError(`steps must be a whole number 1–100, got ${steps}`);
  }
  if (!(climbMs >= 0 && holdMs > 0)) throw new RangeError('climb must be ≥ 0 ms and hold > 0 ms');
  const stages: Ramp['stages'] = [];
  const out: RampStep[] = [];
  let t = 0;
  for (let i = 0; i < steps; i++) {
    const rate = steps === 1 ? from : from + ((to - from) * i) / (steps - 1);
    const r = Math.round(rate * 1000) / 1000;
    if (climbMs > 0) stages.push({ duration: `${Math.round(climbMs)}ms`, target: r });
    t += climbMs;
    stages.push({ duration: `${Math.round(holdMs)}ms`, target: r });
    out.push({ rate: r, holdFrom: t, holdTo: t + holdMs });
    t += holdMs;
  }
  return { stages, steps: out, durationMs: t };
}

/** The step whose hold contains `elapsedMs`, or -1 during a climb or after the end. */
export function stepAt(ramp: Pick<Ramp, 'steps'>, elapsedMs: number): number {
  for (let i = 0; i < ramp.steps.length; i++) {
    const s = ramp.steps[i]!;
    if (elapsedMs >= s.holdFrom && elapsedMs < s.holdTo) return i;
  }
  return -1;
}

export interface StepFigures {
  step: number;
  rate: number;
  calls: number;
  errors: number;
  p95: number | null;
}

export interface BreakingPoint {
  /** The highest step rate at which every limit held (null: not even the first). */
  sustained: number | null;
  /** The first step rate at which a limit broke (null: none broke). */
  broke: number | null;
  /** What broke there, in words. */
  reason: string | null;
}

/**
 * The first step (in order) whose p95 latency or error rate crosses its
 * limit; the one before it is the highest sustained rate. Steps without calls
 * are skipped (the generator never got there).
 */
export function breakingPoint(
  steps: readonly StepFigures[],
  limits: { p95Ms: number; errorRate: number },
): BreakingPoint {
  let sustained: number | null = null;
  for (const s of steps) {
    if (s.calls === 0) continue;
    const errorRate = s.errors / s.calls;
    const reasons: string[] = [];
    if (s.p95 !== null && s.p95 >= limits.p95Ms) {
      reasons.push(`p95 latency ${Math.round(s.p95)} ms ≥ ${limits.p95Ms} ms`);
    }
    if (errorRate >= limits.errorRate) {
      reasons.push(
        `errors ${(100 * errorRate).toFixed(1)}% ≥ ${(100 * limits.errorRate).toFixed(1)}%`,
      );
    }
    if (reasons.length > 0) return { sustained, broke: s.rate, reason: reasons.join(', ') };
    sustained = s.rate;
  }
  return { sustained, broke: null, reason: null };
}

import type { RandomSource } from '../engine/random.js';
import type { Distribution } from './distribution.js';
import { checkPositive, type ParameterIssue, throwIfAny } from './parameters.js';

/** The distribution returned by {@link scaled}: its base and the factor applied. */
export interface ScaledDistribution extends Distribution {
  readonly base: Distribution;
  readonly factor: number;
}

const SCALED = new WeakSet<Distribution>();

/**
 * `dist` with every draw multiplied by `factor`: mean × factor,
 * variance × factor², cv unchanged.
 *
 * Why: handle-time multipliers — a new hire at 1.4× the team's handle time, a
 * channel that takes 0.8× as long — applied to one fitted distribution instead
 * of refitting it. Every family here is closed under positive scaling, so
 * `kind` stays the base's kind. Draws are exactly `factor * dist.sample(source)`
 * from the same uniforms. Scaling a scaled distribution multiplies the factors
 * into one wrapper.
 *
 * Uniforms per draw: those of `dist`.
 *
 * @param dist the distribution to scale
 * @param factor a finite number > 0
 * @throws {RangeError} (`DistributionParameterError`) if `factor` is not finite and > 0
 * @example
 * const newHire = scaled(gamma(300, 0.5), 1.5);
 * newHire.kind;       // 'gamma'
 * newHire.mean;       // 450
 * newHire.variance;   // 50625
 * newHire.describe(); // 'scaled(gamma(mean=300, cv=0.5), factor=1.5)'
 */
export function scaled(dist: Distribution, factor: number): ScaledDistribution {
  const issues: ParameterIssue[] = [];
  checkPositive(issues, 'factor', factor);
  throwIfAny('scaled parameters', issues);
  let base = dist;
  let total = factor;
  if (SCALED.has(dist)) {
    const inner = dist as ScaledDistribution;
    base = inner.base;
    total = inner.factor * factor;
  }
  const text = `scaled(${base.describe()}, factor=${total})`;
  const result: ScaledDistribution = Object.freeze({
    kind: base.kind,
    mean: base.mean * total,
    variance: base.variance * total * total,
    base,
    factor: total,
    sample: (source: RandomSource) => total * base.sample(source),
    describe: () => text,
  });
  SCALED.add(result);
  return result;
}

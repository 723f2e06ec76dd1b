import type { Distribution } from './distribution.js';
import { checkFinite, type ParameterIssue, throwIfAny } from './parameters.js';

/**
 * A constant: every draw is `value`.
 *
 * Why: fixed wrap-up times, scripted bot steps, and the cv = 0 limit of
 * `gamma` and `lognormal`, which return this so a zero-variance scenario is
 * exactly deterministic rather than "nearly". It consumes no uniforms, so
 * swapping a random step for a constant leaves the other draws from the same
 * stream where they were.
 *
 * Uniforms per draw: 0.
 *
 * @param value any finite number
 * @throws {RangeError} (`DistributionParameterError`) if `value` is not finite
 * @example
 * const wrapUp = deterministic(30);
 * wrapUp.sample(new Streams(1).stream('wrap')); // 30
 * wrapUp.variance;   // 0
 * wrapUp.describe(); // 'deterministic(value=30)'
 */
export function deterministic(value: number): Distribution {
  const issues: ParameterIssue[] = [];
  checkFinite(issues, 'value', value);
  throwIfAny('deterministic parameters', issues);
  const text = `deterministic(value=${value})`;
  return Object.freeze({
    kind: 'deterministic',
    mean: value,
    variance: 0,
    sample: () => value,
    describe: () => text,
  });
}

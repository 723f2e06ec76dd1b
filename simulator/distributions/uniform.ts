import type { RandomSource } from '../engine/random.js';
import type { Distribution } from './distribution.js';
import { checkFinite, isFiniteNumber, type ParameterIssue, throwIfAny } from './parameters.js';

/**
 * The continuous uniform distribution on [min, max].
 *
 * Why: the least-informed model for a bounded duration ("between one and three
 * minutes") and a convenient test law with exactly known moments.
 *
 * Method: X = min + (max − min) · U; min = max is allowed and gives a constant
 * (that still consumes its uniform, so draws downstream do not shift when a
 * range is narrowed to a point).
 *
 * Uniforms per draw: exactly 1.
 *
 * @param min the lower bound, a finite number
 * @param max the upper bound, a finite number >= min
 * @throws {RangeError} (`DistributionParameterError`) naming `min` and/or `max`
 * @example
 * const greet = uniform(10, 20);
 * greet.mean;       // 15
 * greet.variance;   // 8.333333333333334
 * greet.describe(); // 'uniform(min=10, max=20)'
 * greet.sample({ next: () => 0.25 }); // 12.5
 */
export function uniform(min: number, max: number): Distribution {
  const issues: ParameterIssue[] = [];
  checkFinite(issues, 'min', min);
  checkFinite(issues, 'max', max);
  if (isFiniteNumber(min) && isFiniteNumber(max) && min > max) {
    issues.push({ path: 'min', expected: `<= max (${max})`, received: String(min) });
  } else if (isFiniteNumber(min) && isFiniteNumber(max) && !Number.isFinite(max - min)) {
    issues.push({
      path: 'max',
      expected: 'within a finite distance of min',
      received: String(max),
    });
  }
  throwIfAny('uniform parameters', issues);
  const width = max - min;
  const text = `uniform(min=${min}, max=${max})`;
  return Object.freeze({
    kind: 'uniform',
    mean: min + width / 2,
    variance: (width * width) / 12,
    sample: (source: RandomSource) => min + width * source.next(),
    describe: () => text,
  });
}
